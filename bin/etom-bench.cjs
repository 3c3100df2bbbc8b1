#!/usr/bin/env node
// `npm run bench -- <scenario> [options]`: benchmarks run from source like the CLI.
require('tsx/cjs');
require('../bench/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
