import { type Client, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Db } from '../src/adapters/sqlite/database';
import type { PartnerOrderRequest, PartnerOrderResult, SupplierReport } from '../src/domain/fulfilment/partner-order';
import { FulfilmentTimings } from '../src/domain/fulfilment/timings';
import { LifecycleTimings } from '../src/domain/lifecycle/timings';
import type { WorkOrderResult } from '../src/domain/assurance/messages';
import type { SalesOpportunityResult } from '../workflows/crm/selling';
import { workOrderCompletedSignal } from '../workflows/shared/assurance-messages';
import { supplierReportSignal } from '../workflows/shared/fulfilment-messages';
import { getSalesOpportunityQuery, quoteDecisionUpdate } from '../workflows/shared/lifecycle-messages';
import { bareReleaseSignal } from './bare/wait';

/**
 * What `bench waiting` starts, and how it lets each one go. The project's side: the three
 * outside parties issue #14 names, one real workflow each, taken in turn —
 *  - a supplier: S/PRM's partner order (1.F.4.2), placed and waiting for the `supplierReport`
 *    that says delivered (no supplier simulator runs, so no one sends it but the benchmark);
 *  - a technician: Manage Workforce's work order (1.O.3.1.6), dispatched and waiting for
 *    `workOrderCompleted`;
 *  - a customer: Selling's opportunity (1.F.1.4), quoted and waiting for `quoteDecision` (the
 *    customer wait reached in the fewest activities: three).
 * The bare side: `bareWait`, released by a signal.
 */
export type Side = 'etom' | 'bare';
export type WaitKind = 'supplier' | 'technician' | 'customer';
export const KINDS: readonly WaitKind[] = ['supplier', 'technician', 'customer'];

/** Each wait holds a timer of a day at most (a poll, a repair target, a quote's validity): none fires in a run. */
const DAY = '1 day';
const DAY_MS = 86_400_000;
/** A supplier takes ten open requisitions per contract: one bench region and contract per ten orders. */
const PER_CONTRACT = 10;
const TECH_REGION = 'WBT';

export interface Waiter {
  side: Side;
  kind: WaitKind;
  /** Its place in the run, for the supplier region it is bought in. */
  seq: number;
  workflowId: string;
}

/** Room in the store for `count` waits of each kind: supplier contracts, installers. */
export function addWaitingCapacity(db: Db, count: number): void {
  const contract = db.prepare(
    `INSERT INTO supplier_contracts (id, supplier_id, resource_spec_id, region, price_minor, lead_time_days, availability_sla_pct, valid_until)
     VALUES (?, 'SUP-ALPHA', 'RS-ACCESS-CIRCUIT', ?, 45000, 1, 99.9, '2099-12-31')`,
  );
  const technician = db.prepare(
    `INSERT INTO technicians (id, name, region, skills) VALUES (?, ?, '${TECH_REGION}', '["fibre","cpe"]')`,
  );
  db.transaction(() => {
    for (let i = 0; i * PER_CONTRACT < count; i++) contract.run(`SC-WB-${i}`, supplierRegion(i * PER_CONTRACT));
    for (let i = 0; i < 5; i++) technician.run(`TECH-WB-${i}`, `Bench installer ${i}`);
  })();
}

const supplierRegion = (seq: number) => `WB${Math.floor(seq / PER_CONTRACT)}`;

/** Starts one waiter on the worker's queue. */
export async function startWaiter(client: Client, taskQueue: string, w: Waiter): Promise<void> {
  const start = (workflowType: string, args: unknown[]) =>
    client.workflow.start(workflowType, { taskQueue, workflowId: runIdOf(w), args });
  if (w.side === 'bare') {
    await start('bareWait', [DAY_MS]);
    return;
  }
  if (w.kind === 'supplier') {
    const req: PartnerOrderRequest = {
      partnerOrderId: w.workflowId,
      serviceOrderId: `SO-${w.workflowId}`,
      serviceId: `SVC-${w.workflowId}`,
      customerId: 'CUST-1002',
      region: supplierRegion(w.seq),
      reservationId: `RO-${w.workflowId}`,
      resourceSpecId: 'RS-ACCESS-CIRCUIT',
      quantity: 1,
      timings: FulfilmentTimings.parse({ supplierPollInterval: DAY, supplierDeliveryGrace: DAY }),
    };
    await start('partnerOrder', [req]);
  } else if (w.kind === 'technician') {
    await start('workOrder', [
      {
        reference: w.workflowId,
        kind: 'install',
        skill: 'fibre',
        region: TECH_REGION,
        description: 'install the access circuit and the router',
        timings: { repairTarget: DAY },
      },
    ]);
  } else {
    await start('salesOpportunity', [
      {
        customerId: 'CUST-1006',
        needs: [{ productOfferingId: 'PO-VOICE-LINE', region: 'PAR' }],
        timings: LifecycleTimings.parse({ quoteValidity: DAY }),
      },
    ]);
  }
}

/** The id the waiter's workflow runs under (a work order's is `<reference>/WO`). */
export const runIdOf = (w: Waiter) =>
  w.side === 'etom' && w.kind === 'technician' ? `${w.workflowId}/WO` : w.workflowId;

/** The state each real workflow indexes (EtomState) in the workflow task that begins its wait. */
export const WAITING_STATES: Record<WaitKind, string> = {
  supplier: 'placed',
  technician: 'inProgress',
  customer: 'quoted',
};

/** Sends the message the outside party would: delivered, done, declined. */
export async function releaseWaiter(client: Client, db: Db, w: Waiter): Promise<void> {
  const handle = client.workflow.getHandle(runIdOf(w));
  if (w.side === 'bare') return handle.signal(bareReleaseSignal);
  if (w.kind === 'supplier') {
    // The supplier's own report, as its simulator would deliver it (due in seconds at this speed).
    const row = db
      .prepare(
        "SELECT report, due_at FROM supplier_outbox WHERE requisition_id = ? AND json_extract(report, '$.kind') = 'delivered'",
      )
      .get(w.workflowId) as { report: string; due_at: string } | undefined;
    if (!row) throw new Error(`no delivery scheduled for ${w.workflowId}`);
    return handle.signal(supplierReportSignal, { ...(JSON.parse(row.report) as SupplierReport), at: row.due_at });
  }
  if (w.kind === 'technician') {
    const id = db.prepare('SELECT id FROM work_orders WHERE reference = ?').pluck().get(w.workflowId) as
      string | undefined;
    if (!id) throw new Error(`no work order for ${w.workflowId}`);
    return handle.signal(workOrderCompletedSignal, { workOrderId: id, outcome: 'fixed', notes: 'installed' });
  }
  const { quoteId } = await handle.query(getSalesOpportunityQuery);
  if (!quoteId) throw new Error(`no quote on the table in ${w.workflowId}`);
  // Under load the worker can take longer to accept it than the RPC's deadline (a 1,000 run
  // stopped on that): asked again under the same update id, the server runs it once.
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.startUpdate(quoteDecisionUpdate, {
        args: [{ quoteId, accepted: false, reason: 'not this year' }],
        updateId: `decline-${w.workflowId}`,
        waitForStage: 'ACCEPTED',
      });
      return;
    } catch (err) {
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt === 5) throw err;
    }
  }
}

/** Whether a waiter ended as its release means: accepted, fixed, declined, released. */
export async function endedAsReleased(client: Client, w: Waiter): Promise<boolean> {
  const result: unknown = await client.workflow.getHandle(runIdOf(w)).result();
  if (w.side === 'bare') return result === 'released';
  if (w.kind === 'supplier') return (result as PartnerOrderResult).state === 'accepted';
  if (w.kind === 'technician') return (result as WorkOrderResult).outcome === 'fixed';
  return (result as SalesOpportunityResult).outcome === 'declined';
}
