import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog';
import { type CandidateRun, handOffKeys, pickRuns } from '../../src/catalog/run-selection';

/** Three Level-3 processes with their activity names, to write runs with. */
const [a, b, c] = CATALOG.filter((p) => p.level === 3 && p.activity).slice(0, 3) as Array<{
  id: string;
  activity: string;
}>;

const activity = (name: string) => ({ activityTaskScheduledEventAttributes: { activityType: { name } } });
const signalIn = (name: string) => ({ workflowExecutionSignaledEventAttributes: { signalName: name } });
const run = (workflowId: string, ...events: object[]): CandidateRun => ({ workflowType: 'w', workflowId, events });

describe('which recorded runs the recorder keeps', () => {
  it('keeps the first shapes of a type, then a later run only for a hand-off they do not show', () => {
    const runs = [
      run('1', activity(a!.activity), activity(b!.activity)),
      run('2', activity(a!.activity), activity(b!.activity)), // the same shape as 1
      run('3', activity(a!.activity), signalIn('x'), activity(b!.activity)),
      run('4', activity(a!.activity), signalIn('y'), activity(b!.activity)), // a new shape, no new hand-off…
      run('5', activity(a!.activity), activity(c!.activity)), // …and the one that shows a → c
    ];
    const kept = pickRuns(runs, 2);
    expect(kept.map((r) => r.workflowId)).toEqual(['1', '3', '5']);
    expect(handOffKeys(kept)).toEqual(handOffKeys(runs));
    expect(handOffKeys(kept)).toContain(`${a!.id}→${c!.id}`);
    // The first shapes alone would have missed it: what varied from one recording to the next.
    expect(handOffKeys(pickRuns(runs.slice(0, 4), 2))).not.toContain(`${a!.id}→${c!.id}`);
  });
});
