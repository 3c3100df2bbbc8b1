import { launchChromium } from '../runtime/chromium';
import { renderMermaid } from './mermaid';
import type { DrawableTrace } from './model';

/** Mermaid's own browser bundle, from its package: the diagram is laid out by Mermaid, not here. */
const MERMAID_BUNDLE = require.resolve('mermaid/dist/mermaid.min.js');

declare const mermaid: {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
};

/**
 * `etom trace --format svg`: the same sequence diagram as `--format mermaid`, laid out and drawn
 * by Mermaid in a headless Chromium (the dashboard draws its swimlanes the same way), so the
 * picture and the text never disagree. The page loads nothing but Mermaid's bundle.
 */
export async function renderSvg(trace: DrawableTrace): Promise<string> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID_BUNDLE });
    const svg = await page.evaluate(async (text) => {
      // A storm's trace is long: Mermaid's default limit (50,000 characters) would draw an error.
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        maxTextSize: 5_000_000,
        sequence: { mirrorActors: false },
      });
      return (await mermaid.render('etom-trace', text)).svg;
    }, renderMermaid(trace));
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
  } finally {
    await browser.close();
  }
}
