#!/usr/bin/env node
// The project runs from its TypeScript sources: tsx compiles them on load, so `npx etom`
// works straight after `npm install` with no build step.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
