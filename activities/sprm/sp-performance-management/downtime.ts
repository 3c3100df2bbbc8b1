import type { PartnerProblemRecord } from '../../../src/ports/partner-problems';

export const MINUTE_MS = 60_000;

/** When a problem stopped hurting: the fix confirmed, else the supplier's word, else still open. */
export const restoredAt = (p: PartnerProblemRecord): string | null =>
  p.state === 'closed' ? (p.closedAt ?? p.resolvedAt) : p.resolvedAt && p.state === 'resolved' ? p.resolvedAt : null;

/** Milliseconds the supplied resources were down within [from, to): overlapping problems on one resource count once. */
export function downtimeMs(problems: PartnerProblemRecord[], from: string, to: string): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const byResource = new Map<string, Array<[number, number]>>();
  for (const p of problems) {
    const a = Math.max(start, Date.parse(p.reportedAt));
    const restored = restoredAt(p);
    const b = Math.min(end, restored ? Date.parse(restored) : end);
    if (b > a) byResource.set(p.resourceId, [...(byResource.get(p.resourceId) ?? []), [a, b]]);
  }
  let total = 0;
  for (const spans of byResource.values()) {
    spans.sort((x, y) => x[0] - y[0]);
    let [curA, curB] = spans[0]!;
    for (const [a, b] of spans.slice(1)) {
      if (a <= curB) curB = Math.max(curB, b);
      else {
        total += curB - curA;
        [curA, curB] = [a, b];
      }
    }
    total += curB - curA;
  }
  return total;
}
