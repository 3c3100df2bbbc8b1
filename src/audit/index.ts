import type { Client } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Db } from '../adapters/sqlite/database';
import { checkClosedFlows, checkRunningFlows, type FlowScope, runningFlows } from './flow-checks';
import { checkEffectsOnce, checkMoney, checkOrdersHaveFlows, checkReservations, livenessOf } from './store-checks';
import type { Violation } from './violations';

export type { Violation } from './violations';
export { formatViolation } from './violations';
export type { FlowScope } from './flow-checks';

export interface AuditOptions {
  client: Client;
  db: Db;
  scope: FlowScope;
  /** The workflow code the closed flows' histories must replay against; no replay when undefined. */
  workflowBundle?: WorkflowBundleOption;
}

export interface AuditReport {
  violations: Violation[];
  /** Flows running when the audit looked. */
  running: number;
  /** Closed flows whose histories replayed (or did not: see the violations). */
  replayed: number;
  /** Failed activity attempts the closed flows absorbed. */
  retries: number;
}

/**
 * `etom audit`: the invariants of a live system, between the store and the workflows. Every
 * flow is ended or legitimately waiting; every reservation and every order under way belongs
 * to a running flow; each effect exists once; money reconciles; every closed history replays.
 */
export async function runAudit(opts: AuditOptions): Promise<AuditReport> {
  const running = await runningFlows(opts.client, opts.scope);
  const live = livenessOf(running);
  const violations: Violation[] = [
    ...(await checkRunningFlows(opts.client, running)),
    ...checkOrdersHaveFlows(opts.db, live),
    ...checkReservations(opts.db, live),
    ...checkEffectsOnce(opts.db),
    ...checkMoney(opts.db),
  ];
  // A flow started between the listing and the store's reads would look like an order without
  // its flow: what the store blames on a missing flow is confirmed against a second listing.
  const confirmed = await confirmAgainstNow(opts, violations);
  const closed = await checkClosedFlows(opts.client, opts.scope, opts.workflowBundle);
  return {
    violations: [...confirmed, ...closed.violations],
    running: running.size,
    replayed: closed.replayed,
    retries: closed.retries,
  };
}

const BLAMES_ENDED_FLOW = new Set(['order-without-flow', 'reservation-leaked']);

async function confirmAgainstNow(opts: AuditOptions, found: Violation[]): Promise<Violation[]> {
  if (!found.some((v) => BLAMES_ENDED_FLOW.has(v.check))) return found;
  const again = livenessOf(await runningFlows(opts.client, opts.scope));
  const stillOrders = new Set(checkOrdersHaveFlows(opts.db, again).map((v) => `${v.check} ${v.subject}`));
  const stillHeld = new Set(checkReservations(opts.db, again).map((v) => `${v.check} ${v.subject}`));
  return found.filter(
    (v) =>
      !BLAMES_ENDED_FLOW.has(v.check) ||
      stillOrders.has(`${v.check} ${v.subject}`) ||
      stillHeld.has(`${v.check} ${v.subject}`),
  );
}
