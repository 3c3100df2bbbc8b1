import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium this project drives: the system's (Debian's `chromium`), never a browser that
 * playwright downloads. ETOM_CHROMIUM names another binary.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ETOM_CHROMIUM ?? '/usr/bin/chromium';
}

/** Headless, sandbox off (CI and containers run as root), and nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(`no Chromium at ${executablePath}: install it (apt-get install chromium) or set ETOM_CHROMIUM`);
    this.name = 'ChromiumMissingError';
  }
}

/** Launches the system Chromium, or says in one line why it cannot. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  if (!fs.existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
