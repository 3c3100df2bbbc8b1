#!/usr/bin/env node
// Builds the dashboard's page (dashboard/ → dashboard/dist) with Vite.
//   node dashboard/build.cjs             build
//   node dashboard/build.cjs --if-stale  build only when dist is missing or older than a source
// Vite is a dev dependency: where it is not installed (`npm ci --omit=dev`, as in the Docker
// image's deps stage) there is nothing to build with, and this says so and succeeds, so the
// `prepare` script never breaks a production install.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = __dirname;
const dist = path.join(root, 'dist', 'index.html');

/** The newest modification time among the page's sources (index.html, src/, the Vite config). */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const name of ['index.html', 'src', 'vite.config.ts']) visit(path.join(root, name));
  return newest;
}

function main() {
  if (process.argv.includes('--if-stale') && fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newestSource()) {
    return 0;
  }
  let vite;
  try {
    // Vite's exports do not name its bin; its package.json is exported and sits beside it.
    vite = path.join(
      path.dirname(require.resolve('vite/package.json', { paths: [path.join(root, '..')] })),
      'bin',
      'vite.js',
    );
  } catch {
    process.stdout.write('build:dashboard: vite is not installed (a production install): the dashboard is not built\n');
    return 0;
  }
  const run = spawnSync(process.execPath, [vite, 'build', root, '--logLevel', 'warn'], { stdio: 'inherit' });
  return run.status ?? 1;
}

process.exitCode = main();
