import type { ProcessCall } from '../../../src/contracts/activity';

/**
 * A periodic run continues as new with the same workflow id, and its activity ids start again:
 * the period joins the key so one period's writes are never taken for another's.
 */
export const runKey = (call: ProcessCall, periodStart: string) => `${call.idempotencyKey}@${periodStart}`;

/** 2026-06-05T00:00:00.000Z → 20260605T0000: the period in ids. */
export const periodKey = (periodStart: string) => periodStart.replace(/[-:]/g, '').slice(0, 13);

/** Evenly spaced reading times over the period, from its start. */
export function sampleTimes(periodStart: string, periodEnd: string, count: number): string[] {
  const start = Date.parse(periodStart);
  const step = (Date.parse(periodEnd) - start) / count;
  return Array.from({ length: count }, (_, i) => new Date(start + Math.round(i * step)).toISOString());
}
