import { handOffsInRuns, type RecordedRun, shapeOf } from './hand-off-evidence';

/** A run the recorder could keep: its type, its history's events, and the id it ran under. */
export interface CandidateRun extends RecordedRun {
  workflowId: string;
}

/** The hand-offs a set of runs shows, as `from→to`. */
export const handOffKeys = (runs: RecordedRun[]): Set<string> =>
  new Set([...handOffsInRuns(runs)].flatMap(([from, out]) => [...out.keys()].map((to) => `${from}→${to}`)));

/**
 * The runs the recorder keeps, from every run the demos made (finished ones first):
 * - per type, the first `perType` of different shapes, so each path replays;
 * - beyond them, any run that shows a hand-off the kept ones do not.
 * Which interleaving of signals and activities a run happens to show changes what the
 * derivation attributes, so the first shapes alone gave a different hand-off table from one
 * recording to the next (220, 221, 223). Kept this way, the table derived from the kept runs is
 * the one all the runs show.
 */
export function pickRuns(candidates: CandidateRun[], perType: number): CandidateRun[] {
  const seen = new Set<string>();
  const distinct = candidates.filter((c) => {
    const key = `${c.workflowType} ${shapeOf(c.events)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const perTypeKept = new Map<string, number>();
  const kept: CandidateRun[] = [];
  const rest: CandidateRun[] = [];
  for (const c of distinct) {
    const n = perTypeKept.get(c.workflowType) ?? 0;
    if (n < perType) {
      kept.push(c);
      perTypeKept.set(c.workflowType, n + 1);
    } else rest.push(c);
  }
  const all = handOffKeys(distinct);
  let shown = handOffKeys(kept);
  // A hand-off can need two runs (a parent's and its child's): pass again while a pass adds one.
  for (let added = true; added && shown.size < all.size;) {
    added = false;
    for (const c of [...rest]) {
      const withIt = handOffKeys([...kept, c]);
      if (withIt.size === shown.size) continue;
      kept.push(c);
      rest.splice(rest.indexOf(c), 1);
      shown = withIt;
      added = true;
      if (shown.size === all.size) break;
    }
  }
  return kept;
}
