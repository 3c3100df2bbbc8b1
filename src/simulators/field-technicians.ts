import type { WorkOrderCompletion } from '../domain/assurance/messages';
import type { Clock } from '../ports/clock';
import type { WorkforcePort } from '../ports/workforce';
import { workOrderWorkflowId } from '../../workflows/rmo/workforce-management';
import { startPolling } from './polling';

/**
 * The field force of the sample operator, for `etom dev` (and, installers only, the demos and tests): a technician dispatched by Manage
 * Workforce (1.O.3.1.6) goes on site and, `onSiteMs` later, reports the work done, as a real
 * technician's mobile app would, by the `workOrderCompleted` signal to the work order. Without
 * it a trouble reported through TMF621 would wait for a person at a Temporal client, which
 * someone who knows only the TMF APIs cannot be. A report sent twice (a restart) is harmless:
 * the work order keeps the first.
 */
export function startFieldTechnicians(opts: {
  workforce: Pick<WorkforcePort, 'open'>;
  clock: Clock;
  deliver: (workflowId: string, completion: WorkOrderCompletion) => Promise<void>;
  /** How long a technician spends on site (default 5 s: the demo's pace). */
  onSiteMs?: number;
  /**
   * The kinds of work these technicians take (default all). The workflow tests and the demos
   * run installers only (`['install']`), so a fibre order's visit ends, while a repair stays
   * for the test or the demo to report.
   */
  kinds?: readonly string[];
  intervalMs?: number;
  log?: (line: string) => void;
}): { stop(): Promise<void> } {
  const onSiteMs = opts.onSiteMs ?? 5_000;
  const reported = new Set<string>();

  const visit = async () => {
    const now = opts.clock().getTime();
    for (const wo of await opts.workforce.open()) {
      if (reported.has(wo.id) || Date.parse(wo.createdAt) + onSiteMs > now) continue;
      if (opts.kinds && !opts.kinds.includes(wo.kind)) continue;
      try {
        await opts.deliver(workOrderWorkflowId(wo.reference), {
          workOrderId: wo.id,
          outcome: 'fixed',
          notes: `${wo.kind === 'install' ? 'installed and tested on site' : `${wo.kind}: faulty unit replaced on site`} (simulated technician ${wo.technicianId ?? ''})`,
        });
        reported.add(wo.id);
        opts.log?.(`technician ${wo.technicianId} reported work order ${wo.id} done`);
      } catch {
        // The work order's workflow is not there yet (or no more): the next pass tries again.
      }
    }
  };
  return startPolling(visit, opts.intervalMs ?? 1_000);
}
