import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/layers';
import {
  ensureReadinessSchedules,
  listReadinessSchedules,
  readinessScheduleId,
  triggerReadinessNow,
} from '../../src/readiness/schedules';
import { traceProcesses } from '../../src/temporal/process-trace';
import {
  CRM_READINESS_PROCESSES,
  RMO_READINESS_PROCESSES,
  SMO_READINESS_PROCESSES,
  SPRM_READINESS_PROCESSES,
} from '../support/readiness';
import { withWorkers } from '../support/runtime';

describe('readiness schedules on the real server', () => {
  it('are created once however many times they are ensured, and one run of each can be triggered now', async () => {
    await withWorkers(
      async (rt) => {
        const handles = LAYERS.map((l) => rt.client.schedule.getHandle(readinessScheduleId(l, rt.prefix)));
        try {
          const log: string[] = [];
          const opts = { taskQueuePrefix: rt.prefix, log: (l: string) => log.push(l), cadence: { crm: '12 hours' } };
          const first = await ensureReadinessSchedules(rt.client, opts);
          expect(first).toEqual(LAYERS.map((l) => `${rt.prefix}-readiness-${l}`));
          const created = await Promise.all(
            handles.map(async (h) => (await h.describe()).info.createdAt.toISOString()),
          );

          // `etom dev` started again, twice at once: nothing new, nothing replaced.
          const again = await Promise.all([
            ensureReadinessSchedules(rt.client, opts),
            ensureReadinessSchedules(rt.client, opts),
          ]);
          expect(again).toEqual([first, first]);
          expect(log.filter((l) => l.includes('created'))).toHaveLength(4);
          expect(
            await Promise.all(handles.map(async (h) => (await h.describe()).info.createdAt.toISOString())),
          ).toEqual(created);

          const listed = await listReadinessSchedules(rt.client, rt.prefix);
          expect(listed.map((s) => [s.scheduleId, s.workflowType, s.taskQueue])).toEqual(
            [...LAYERS].sort().map((l) => [`${rt.prefix}-readiness-${l}`, `${l}Readiness`, rt.queue(l)]),
          );
          expect(listed.find((s) => s.workflowType === 'crmReadiness')?.cadence).toBe('12 hours');
          // The runs they start show their Level-2 process and layer in the Web UI.
          const rmo = (await handles[LAYERS.indexOf('rmo')]!.describe()).action;
          expect(rmo.type === 'startWorkflow' && rmo.staticSummary).toBe('1.O.3.1 RM&O Support & Readiness · RM&O');

          // Run every schedule now; the RM&O run meets a shortfall and ends with the capacity accepted.
          rt.store.db
            .prepare(
              `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-VOICE-PORT' AND region = 'LIL' AND state = 'available' AND id <> 'VPORT-LIL-2-8'`,
            )
            .run();
          const started = await triggerReadinessNow(rt.client, rt.prefix);
          expect(started.map((s) => s.workflowType)).toEqual([
            'crmReadiness',
            'smoReadiness',
            'rmoReadiness',
            'sprmReadiness',
          ]);
          for (const s of started) {
            const result = await rt.client.workflow.getHandle(s.workflowId).result();
            expect(result.failures).toEqual([]);
            expect(result.reports.length).toBeGreaterThanOrEqual(5);
            expect(
              rt.store.db.prepare('SELECT COUNT(*) FROM readiness_reports WHERE run_id = ?').pluck().get(s.workflowId),
            ).toBe(result.reports.length);
          }
          const all = (await Promise.all(started.map((s) => traceProcesses(rt.client, s.workflowId)))).flat();
          // Every layer's Level-3 readiness processes, and the processes that act on their actions.
          expect([...new Set(all.map((p) => p.etomId))].sort()).toEqual(
            [
              ...CRM_READINESS_PROCESSES,
              ...SMO_READINESS_PROCESSES,
              ...RMO_READINESS_PROCESSES,
              ...SPRM_READINESS_PROCESSES,
            ].sort(),
          );

          const shortfall = rt.store.db.prepare('SELECT * FROM capacity_shortfalls').get() as Record<string, string>;
          expect(shortfall).toMatchObject({ resource_spec_id: 'RS-VOICE-PORT', region: 'LIL', state: 'resolved' });
          expect(
            rt.store.db
              .prepare(
                `SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-VOICE-PORT' AND region = 'LIL' AND state = 'available'`,
              )
              .pluck()
              .get(),
          ).toBe(9);
          expect((await listReadinessSchedules(rt.client, rt.prefix))[0]?.recentRuns?.length).toBeGreaterThanOrEqual(1);
        } finally {
          await Promise.all(handles.map((h) => h.delete().catch(() => undefined)));
        }
      },
      { installedBase: true },
    );
  });
});
