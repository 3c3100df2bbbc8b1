import type { Db } from '../adapters/sqlite/database';
import type { Clock } from '../ports/clock';
import type { PartnerGatewayPort } from '../ports/partner-gateway';
import { supplierClock } from './supplier-behaviour';
import { createSupplierInvoices } from './supplier-invoices';
import { createSupplierPerformance } from './supplier-performance';
import { createSupplierProblems } from './supplier-problems';
import { createSupplierRequisitions } from './supplier-requisitions';

/**
 * The suppliers, simulated: each answers quotes from its contracts, takes requisitions, and
 * reports back later — acknowledged, perhaps a new delivery date, delivered — through an
 * outbox that a delivery loop sends as signals to the partner order workflow. The outbox makes
 * the reports crash-safe (a report is marked sent only once delivered: at least once).
 *
 * Dates the suppliers promise are business dates (a 15-day lead time promises a date 15 days
 * out), but the suppliers live `speed` times faster than we do: the reports themselves fall
 * due after lead time / speed, so the demo's 15 days pass in a few seconds. Behaviour is
 * fixed per supplier, never random, so every run tells the same story.
 *
 * The suppliers also answer problems reported on what they supplied (1.A.4.3): acknowledged,
 * being worked, resolved — and a supplier's 'resolved' is a real fix: when it falls due, the
 * faults of that resource in the network simulator are gone (both simulate the outside world,
 * so the supplier reaches into the simulated network directly, as its engineers would).
 *
 * And they bill us, a period at a time, and answer our disputes of their bills (1.B.4.5).
 */

/** Simulated seconds per real second by default: a 15-day lead time takes 3 s. */
export const DEFAULT_SUPPLIER_SPEED = 5 * 86_400;

export function createSupplierSimulator(db: Db, clock: Clock, opts: { speed?: number } = {}): PartnerGatewayPort {
  const time = supplierClock(clock, opts.speed ?? DEFAULT_SUPPLIER_SPEED);
  return {
    ...createSupplierRequisitions(db, time),
    ...createSupplierProblems(db, time),
    ...createSupplierPerformance(db, time),
    ...createSupplierInvoices(db),
  };
}
