#!/usr/bin/env node
// The `mps` command: loads TypeScript through tsx and runs cli/main.ts.
'use strict';
require('tsx/cjs');
// The AWS SDK's Node-version warning (see local/sdk-warnings.ts), before any SDK client is built.
require('../local/sdk-warnings.ts').disableSdkNodeVersionWarning();
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
