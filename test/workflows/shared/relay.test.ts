import { describe, expect, it } from 'vitest';
import { createRelay } from '../../../workflows/shared/relay';

describe('the relay of a ticket to its linked reports', () => {
  it('sends an update that arrives while it is sending, instead of skipping it', async () => {
    const got: string[] = [];
    let arriving: string[] = ['resolved'];
    const relay = createRelay<string>(async (to, u) => {
      got.push(`${to}:${u}`);
      // The next signal is handled while this send is awaited, as in a busy workflow.
      for (const next of arriving.splice(0)) relay.record(next);
      await Promise.resolve();
    });
    relay.follow('TT-2');
    relay.record('inProgress');
    await relay.flush();
    expect(got).toEqual(['TT-2:inProgress', 'TT-2:resolved']);
    arriving = [];
    await relay.flush();
    expect(got).toHaveLength(2);
  });

  it('gives a follower who joins late the whole log, once, in order', async () => {
    const got: string[] = [];
    const relay = createRelay<string>(async (to, u) => void got.push(`${to}:${u}`));
    relay.follow('TT-2');
    relay.record('acknowledged');
    await relay.flush();
    relay.record('inProgress');
    relay.follow('TT-3');
    await relay.flush();
    await relay.flush();
    expect(got).toEqual(['TT-2:acknowledged', 'TT-2:inProgress', 'TT-3:acknowledged', 'TT-3:inProgress']);
  });
});
