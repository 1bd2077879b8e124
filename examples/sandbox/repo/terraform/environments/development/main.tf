# Infrastructure of the development environment (the sandbox's terraform is a fake:
# it reads no .tf file).
terraform {
  required_version = ">= 1.5"
}
