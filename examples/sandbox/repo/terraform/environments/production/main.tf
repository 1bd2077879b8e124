# Infrastructure of the production environment (the sandbox's terraform is a fake:
# it reads no .tf file).
terraform {
  required_version = ">= 1.5"
}
