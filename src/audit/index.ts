import type { Client } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { sqliteAuditReads } from '../adapters/sqlite/audit-reads';
import type { Db } from '../adapters/sqlite/database';
import { checkClosedFlows, checkRunningFlows, type FlowScope, runningFlows } from './flow-checks';
import { checkEffectsOnce, checkMoney, checkOrdersHaveFlows, checkReservations, livenessOf } from './store-checks';
import type { AuditReads } from './store-reads';
import type { Violation } from './violations';

export type { AuditReads } from './store-reads';
export type { Violation } from './violations';
export { formatViolation } from './violations';
export type { FlowScope } from './flow-checks';

/** The store audited: its reads (either store's adapter), or a SQLite store's handle. */
export type AuditedStore = { reads: AuditReads } | { db: Db };

export type AuditOptions = AuditedStore & {
  client: Client;
  scope: FlowScope;
  /** The workflow code the closed flows' histories must replay against; no replay when undefined. */
  workflowBundle?: WorkflowBundleOption;
};

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
  const store = 'reads' in opts ? opts.reads : sqliteAuditReads(opts.db);
  const violations: Violation[] = [
    ...(await checkRunningFlows(opts.client, running)),
    ...(await checkOrdersHaveFlows(store, live)),
    ...(await checkReservations(store, live)),
    ...(await checkEffectsOnce(store)),
    ...(await checkMoney(store)),
  ];
  // A flow started between the listing and the store's reads would look like an order without
  // its flow: what the store blames on a missing flow is confirmed against a second listing.
  const confirmed = await confirmAgainstNow(opts, store, violations);
  const closed = await checkClosedFlows(opts.client, opts.scope, opts.workflowBundle);
  return {
    violations: [...confirmed, ...closed.violations],
    running: running.size,
    replayed: closed.replayed,
    retries: closed.retries,
  };
}

const BLAMES_ENDED_FLOW = new Set(['order-without-flow', 'reservation-leaked']);

async function confirmAgainstNow(opts: AuditOptions, store: AuditReads, found: Violation[]): Promise<Violation[]> {
  if (!found.some((v) => BLAMES_ENDED_FLOW.has(v.check))) return found;
  const again = livenessOf(await runningFlows(opts.client, opts.scope));
  const stillOrders = new Set((await checkOrdersHaveFlows(store, again)).map((v) => `${v.check} ${v.subject}`));
  const stillHeld = new Set((await checkReservations(store, again)).map((v) => `${v.check} ${v.subject}`));
  return found.filter(
    (v) =>
      !BLAMES_ENDED_FLOW.has(v.check) ||
      stillOrders.has(`${v.check} ${v.subject}`) ||
      stillHeld.has(`${v.check} ${v.subject}`),
  );
}
