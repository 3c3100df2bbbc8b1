import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { runFulfilmentDemo } from '../../src/demo/fulfilment';
import { DEMO_OUTCOMES, FULFILMENT_DESIGN } from '../../src/demo/outcomes';
import type { DemoReporter } from '../../src/demo/reporter';
import { withWorkers } from '../support/runtime';

/**
 * #16, item 6: a demo run again and again on one data dir ends as run 1 did. In-process (the
 * flow itself, against the shared server, with a store file of its own), which is what the CLI
 * runs between its start-up and its summary, without paying a server start per run.
 */
// Four runs (eight before #12 added five change orders a run): `npm run bench -- demos --runs 100` goes on.
const RUNS = 4;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-demo-repeat-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const quiet: DemoReporter = { step: () => undefined, draw: () => undefined };

type Summary = Awaited<ReturnType<typeof runFulfilmentDemo>>;

/**
 * What must not change from one run to the next: ids and stamps left out, and the processes as
 * the set that ran (service orders run side by side, so their steps interleave differently each
 * run, and a supplier is polled as often as its answer takes).
 */
function outcome(s: Summary) {
  const runs = (ps: Summary['orders'][number]['processes']) => [
    ...new Set(ps.map((p) => `${p.layer} ${p.etomId}`).sort()),
  ];
  return {
    orders: s.orders.map((o) => ({ state: o.state, reason: o.reason, layers: o.layers, processes: runs(o.processes) })),
    // The modify, the move and the cease (#12): their items' actions and states, and the processes by layer.
    changes: s.changes.map((c) => ({
      items: c.items.map((i) => `${i.action} ${i.state}`),
      changes: c.changes.map((x) => `${x.action} ${x.status}`),
      processes: Object.fromEntries(Object.entries(c.etomIdsByLayer).map(([l, ids]) => [l, [...ids].sort()])),
    })),
    ceased: s.ceased.map((c) => c.state),
    finalBill: s.finalBill !== null,
    retention: s.retention?.trigger,
  };
}

describe('the fulfilment demo, run after run on one data dir', () => {
  it(`ends the same way ${RUNS} times: every order as designed, and what it took given back`, async () => {
    const store = createSqliteStore({ filename: path.join(dataDir, 'etom.db'), installedBase: true });
    const freeRouters = () =>
      store.db
        .prepare(
          `SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-CPE-ROUTER' AND region = 'PAR' AND state = 'available'`,
        )
        .pluck()
        .get() as number;
    const routersAtStart = freeRouters();
    const outcomes: Array<ReturnType<typeof outcome>> = [];
    try {
      await withWorkers(
        async (rt) => {
          for (let run = 1; run <= RUNS; run++) {
            const summary = await runFulfilmentDemo(
              { client: rt.client, store, namespace: inject('temporalNamespace'), taskQueuePrefix: rt.prefix },
              quiet,
            );
            expect(DEMO_OUTCOMES['fulfilment']!(summary), `run ${run}`).toEqual([]);
            outcomes.push(outcome(summary));
            // Each run gives back the Paris router its FIBRE order took.
            expect(freeRouters(), `free Paris routers after run ${run}`).toBe(routersAtStart);
          }
        },
        { store },
      );
    } finally {
      store.close();
    }
    expect(outcomes[0]!.orders.map((o) => o.state)).toEqual([...FULFILMENT_DESIGN]);
    // FIBRE's speed changed, VOICE moved to Lyon (the new line active before the old one went), VPN ceased.
    expect(outcomes[0]!.changes.map((c) => c.items)).toEqual([
      ['modify completed'],
      ['add completed', 'delete completed'],
      ['delete completed'],
    ]);
    expect(outcomes[0]!.changes.map((c) => c.changes)).toEqual([
      ['modify active'],
      ['delete terminated'],
      ['delete terminated'],
    ]);
    // What is left (the modified FIBRE, the line in Lyon) is ceased through product orders too.
    expect(outcomes[0]!.ceased).toEqual(['completed', 'completed']);
    expect(outcomes[0]!.finalBill).toBe(true);
    expect(outcomes[0]!.retention).toBe('productCeased');
    for (const [i, o] of outcomes.entries()) expect(o, `run ${i + 1}`).toEqual(outcomes[0]);
  }, 1_500_000);
});
