#!/usr/bin/env node
// The `mps` command: loads TypeScript through tsx and runs cli/main.ts.
'use strict';
require('tsx/cjs');
const { run } = require('../cli/main.ts');

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error InternalError: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
