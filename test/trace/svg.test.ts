import { describe, expect, it } from 'vitest';
import { buildTrace } from '../../src/trace/build';
import { stepLabel } from '../../src/trace/describe';
import { LANE_TITLES } from '../../src/trace/model';
import { renderSvg } from '../../src/trace/svg';
import { RECORDED_ORDER, recordedSource } from '../support/recorded-histories';

/** The text Mermaid drew: every <text> element's content, entities decoded. */
function drawnTexts(svg: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')).trim());
}

describe('etom trace --format svg', () => {
  it('draws the recorded fibre order with Mermaid in Chromium: every lane and every process of the trace', async () => {
    const trace = await buildTrace(recordedSource, RECORDED_ORDER);
    const svg = await renderSvg(trace);
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toMatch(/<svg[^>]*aria-roledescription="sequence"/);
    // Mermaid draws an error picture instead of throwing when it cannot parse: none here.
    expect(svg).not.toMatch(/Syntax error/i);
    const texts = drawnTexts(svg);
    for (const lane of trace.lanes) expect(texts, lane).toContain(LANE_TITLES[lane]);
    const steps = trace.steps.filter((s) => !s.compensation);
    expect(steps.length).toBeGreaterThan(10);
    for (const s of steps) {
      const id = s.process?.id ?? s.activity;
      expect(
        texts.some((t) => t.includes(id)),
        stepLabel(s),
      ).toBe(true);
    }
  }, 120_000);
});
