import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DASHBOARD_DIST } from '../../src/dashboard/static';
import { launchChromium } from '../../src/runtime/chromium';

/** Where the browser tests leave their screenshots (CI keeps them as artifacts). */
export const TEST_RESULTS = path.join(__dirname, '..', '..', 'test-results');

/**
 * Builds the page when dashboard/dist is missing or older than its sources, so a browser test
 * never runs against a stale build. Vite is a dev dependency, present wherever tests run.
 */
export function buildDashboard(): void {
  const run = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dashboard', 'build.cjs'), '--if-stale'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the dashboard did not build:\n${run.stdout}\n${run.stderr}`);
  if (!fs.existsSync(path.join(DASHBOARD_DIST, 'index.html')))
    throw new Error(`the build left no ${DASHBOARD_DIST}/index.html (is vite installed?)`);
}

/**
 * Runs `body` with the system Chromium, headless (no sandbox: CI runs as root). `open` gives a
 * page in a context of its own (its own sessionStorage). A missing Chromium fails the test,
 * saying how to install it: it is never skipped. The pages' own errors fail the test too.
 */
export async function withBrowser<T>(body: (open: () => Promise<Page>) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  const errors: string[] = [];
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    return page;
  };
  try {
    const result = await body(open);
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join('\n')}`);
    return result;
  } finally {
    await browser.close();
  }
}

/**
 * A screenshot into test-results/<name>.png, answering its path: of an element, or of a page,
 * whole (`fullPage`) or as the window shows it.
 */
export async function screenshot(target: Page | Locator, name: string, fullPage = true): Promise<string> {
  fs.mkdirSync(TEST_RESULTS, { recursive: true });
  const file = path.join(TEST_RESULTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path: file, fullPage });
  else await target.screenshot({ path: file });
  return file;
}
