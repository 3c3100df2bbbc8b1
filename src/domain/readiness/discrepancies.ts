import type { ProcessCall } from '../../contracts/activity';
import type { Ports } from '../../ports';

/**
 * The discrepancies an inventory reconciliation (1.O.2.1.1, 1.O.3.1.5) finds between what the
 * inventory says and what the network reports: each is stored once per run, keyed by its kind
 * and subject under the activity's key, and its id kept in `recorded` for the report.
 */
export function discrepancyLog(ports: Pick<Ports, 'inventoryReconciliation'>, call: ProcessCall, runId: string) {
  const recorded: string[] = [];
  return {
    recorded,
    async record(kind: string, subject: string, detail: string, resolution: string) {
      recorded.push(
        await ports.inventoryReconciliation.recordDiscrepancy(`${call.idempotencyKey}/${kind}/${subject}`, {
          runId,
          etomId: call.etomId,
          kind,
          subject,
          detail,
          resolution,
        }),
      );
    },
  };
}
