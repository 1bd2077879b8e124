# Pins: `return` from inside nested loops leaves the procedure at once; a
# procedure that ends without return gives null.
runbook "Return from inside a loop"
procedure find(grid: list, want) {
  for row in range(len(grid)) {
    for col in range(len(grid[row])) {
      if grid[row][col] == want { return [row, col] }
    }
  }
  return null
}
procedure side_effect_only() { log "side effect" }
let grid = [[1, 2], [3, 4], [5, 6]]
log find(grid, 4)
log find(grid, 7) == null
log side_effect_only() == null
