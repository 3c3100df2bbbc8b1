import type { Client } from '@temporalio/client';
import type { SqliteStore } from '../src/adapters/sqlite';
import { startFieldTechnicians } from '../src/simulators/field-technicians';
import { workOrderCompletedSignal } from '../workflows/shared/assurance-messages';

/**
 * The bench's installers: a fibre order's visit is Manage Workforce's (1.O.3.1.6) and ends when
 * the technician reports it; they report at once (no time on site) and look often, so an order
 * waits on them no more than a poll.
 */
export function startBenchInstallers(store: SqliteStore, client: Client): { stop(): Promise<void> } {
  return startFieldTechnicians({
    workforce: store.ports.workforce,
    clock: store.ports.clock,
    deliver: (workflowId, completion) =>
      client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, completion),
    onSiteMs: 0,
    intervalMs: 50,
    kinds: ['install'],
  });
}
