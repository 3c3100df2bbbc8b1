import { describe, expect, it } from 'vitest';
import type { ReadinessActionRequest, ReadinessReportPort } from '../../src/ports/readiness-reports';
import { type StoreHarness, withFixtures } from './table-rows';

/**
 * Operations Support & Readiness's contract (1.O.*.1), for every adapter (docs/ADAPTERS.md): the
 * objectives figures are held against (the shipped list, changed by setObjective), one report per
 * process and run, readiness actions raised once per subject with one notice to their owner,
 * closed when the subject is back within its objective, addressed to the process that acts on
 * them and acted on once — also when workers raise one action, or act on it, at once. The clock
 * reads `NOW`.
 */

export const NOW = '2026-10-05T06:00:00.000Z';

export type ReadinessReportHarness = StoreHarness<ReadinessReportPort>;

const action = (subject: string, over: Partial<ReadinessActionRequest> = {}): ReadinessActionRequest => ({
  etomId: '1.O.4.1.2',
  runId: 'RUN-1',
  metric: 'suppliers.lateOrders',
  subject,
  value: 2,
  limit: 0,
  action: `chase ${subject}`,
  ...over,
});

export function readinessReportsContract(adapter: string, make: () => Promise<ReadinessReportHarness>): void {
  const withStore = withFixtures(make, []);

  describe(`readiness reports port on ${adapter}`, () => {
    it(
      'the shipped objectives; one changed keeps its direction unless given, a new one is a maximum',
      withStore(async (h) => {
        const shipped = await h.port.objectives();
        expect(Object.keys(shipped)).toHaveLength(30);
        expect(shipped['qos.availability']).toEqual({
          metric: 'qos.availability',
          limit: 0.999,
          direction: 'min',
          description: 'availability delivered to a customer',
        });
        expect(shipped['marketing.failureRate']?.description).toBe(
          "share of an offering's orders that failed or were cancelled",
        );
        await h.port.setObjective('qos.availability', 0.995);
        await h.port.setObjective('orders.meanCycleHours', 120, 'max');
        await h.port.setObjective('custom.metric', 7);
        const changed = await h.port.objectives();
        expect(changed['qos.availability']).toMatchObject({ limit: 0.995, direction: 'min' });
        expect(changed['orders.meanCycleHours']).toMatchObject({ limit: 120, direction: 'max' });
        expect(changed['custom.metric']).toEqual({
          metric: 'custom.metric',
          limit: 7,
          direction: 'max',
          description: 'custom.metric',
        });
      }),
    );

    it(
      "one report per process and run, once per key; a process's report again replaces it under its first id",
      withStore(async (h) => {
        const report = (etomId: string, late: number) => ({
          runId: 'RUN-1',
          layer: 'sprm',
          etomId,
          figures: { lateOrders: late, meanResponseHours: 30.5 },
          findings: late ? [`${late} late`] : [],
          details: { suppliers: ['SUP-1'] },
        });
        const first = await h.port.recordReport('k/r1', report('1.O.4.1.2', 2));
        expect(first).toBe('RR-000001');
        expect(await h.port.recordReport('k/r1', report('1.O.4.1.2', 9))).toBe(first);
        expect(await h.port.recordReport('k/r0', report('1.O.4.1.10', 0))).toBe('RR-000002');
        expect(await h.port.recordReport('k/r1-again', report('1.O.4.1.2', 3))).toBe(first);
        expect(await h.port.reports('RUN-1')).toEqual([
          { id: 'RR-000002', etomId: '1.O.4.1.10', figures: { lateOrders: 0, meanResponseHours: 30.5 }, findings: [] },
          { id: first, etomId: '1.O.4.1.2', figures: { lateOrders: 3, meanResponseHours: 30.5 }, findings: ['3 late'] },
        ]);
        expect(await h.port.reports('RUN-NONE')).toEqual([]);
      }),
    );

    it(
      'an action raised once per subject with one notice, its figure kept current, closed when back within the objective',
      withStore(async (h) => {
        const a = await h.port.raiseAction('k/a', action('SUP-1'));
        expect(a).toBe('RA-000001');
        expect(await h.port.raiseAction('k/a', action('SUP-1'))).toBe(a);
        expect(await h.port.raiseAction('k/a-run2', action('SUP-1', { runId: 'RUN-2', value: 5 }))).toBe(a);
        const b = await h.port.raiseAction('k/b', action('SUP-2'));
        expect(await h.count('notifications')).toBe(2);
        expect(await h.port.actions('RUN-2')).toEqual([
          {
            id: a,
            state: 'open',
            etomId: '1.O.4.1.2',
            runId: 'RUN-2',
            metric: 'suppliers.lateOrders',
            subject: 'SUP-1',
            value: 5,
            limit: 0,
            action: 'chase SUP-1',
            addressedTo: null,
            actedBy: null,
            outcome: null,
          },
        ]);
        expect(await h.port.closeActions('k/close', '1.O.4.1.2', 'suppliers.lateOrders', ['SUP-1'])).toEqual([b]);
        expect(await h.port.closeActions('k/close', '1.O.4.1.2', 'suppliers.lateOrders', [])).toEqual([b]);
        expect((await h.port.actions()).map((x) => [x.id, x.state])).toEqual([
          [a, 'open'],
          [b, 'done'],
        ]);
        // Past the objective again: a new action, and its owner told again.
        expect(await h.port.raiseAction('k/b2', action('SUP-2'))).toBe('RA-000003');
        expect(await h.count('notifications')).toBe(3);
      }),
    );

    it(
      'addressed to the process that acts on it, acted on once; standing while open; an unknown action a plain error',
      withStore(async (h) => {
        const id = await h.port.raiseAction('k/a', action('SUP-1', { addressedTo: '1.F.4.2.1' }));
        await h.port.raiseAction('k/b', action('SUP-2'));
        expect((await h.port.addressedTo('1.F.4.2.1')).map((x) => x.id)).toEqual([id]);
        const acted = await h.port.actedOn('k/act', id, '1.F.4.2.1', 'SUP-1 ranked last');
        expect(acted).toMatchObject({
          id,
          addressedTo: '1.F.4.2.1',
          actedBy: '1.F.4.2.1',
          outcome: 'SUP-1 ranked last',
        });
        expect(await h.port.actedOn('k/act2', id, '1.F.4.2.9', 'other')).toEqual(acted);
        expect(await h.port.addressedTo('1.F.4.2.1')).toEqual([]);
        expect(await h.port.standingFor('1.F.4.2.1')).toEqual([acted]);
        await expect(h.port.actedOn('k/none', 'RA-NONE', '1.F.4.2.1', 'x')).rejects.toThrow(
          'no readiness action RA-NONE',
        );
      }),
    );

    it(
      'concurrent workers: four raising one action at once raise it once with one notice; three acting on it keep one',
      withStore(async (h) => {
        const ids = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.raiseAction(`k/w${w}`, action('SUP-1', { addressedTo: '1.F.4.2.1' }))),
        );
        expect(new Set(ids).size).toBe(1);
        expect((await h.port.actions()).length).toBe(1);
        expect(await h.count('notifications')).toBe(1);
        const acted = await Promise.all(
          ['1.F.4.2.1', '1.F.4.2.2', '1.F.4.2.3'].map((by) => h.port.actedOn(`k/act/${by}`, ids[0]!, by, `by ${by}`)),
        );
        expect(new Set(acted.map((a) => `${a.actedBy}:${a.outcome}`)).size).toBe(1);
      }),
    );
  });
}
