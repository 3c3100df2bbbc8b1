import type { SupplierProblemReport } from '../../src/domain/assurance/messages';
import type { SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type { Requisition } from '../../src/ports/partner-gateway';
import { madeBeforeEach } from '../support/each-test';
import { useTestStore } from '../support/store';

/**
 * What the supplier simulator's tests share (split in suppliers-requisitions.test.ts and
 * suppliers-problems.test.ts): a store whose suppliers run fast, its partner gateway, the clock,
 * a requisition to place, and a wait for what the delivery loop sends.
 */

export const START = '2026-03-02T09:00:00.000Z';
const DAY_MS = 86_400_000;
export const SPEED = 86_400; // one simulated day per second of our clock

/** A requisition report's kind, a problem report's status. */
export const kindOf = (r: SupplierReport | SupplierProblemReport) => ('kind' in r ? r.kind : r.status);

/** Waits (real time) until `probe` holds. */
export async function until(probe: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Call once at the top of a test file: registers the store's hooks and returns the helpers. */
export function useSuppliers() {
  const t = useTestStore(START, { supplierSpeed: SPEED });
  const { clock } = t;
  // The store, hence its gateway, is made anew before each test.
  const suppliers = madeBeforeEach(() => t.store.ports.partnerGateway);

  const advance = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString();
  const inDays = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString();

  const requisition = (overrides: Partial<Requisition> = {}): Requisition => ({
    requisitionId: 'REQ-1',
    supplierId: 'SUP-ALPHA',
    contractId: 'SC-ALPHA-MRS-AC',
    resourceSpecId: 'RS-ACCESS-CIRCUIT',
    region: 'MRS',
    quantity: 1,
    replyToWorkflowId: 'wf-1',
    ...overrides,
  });

  return { t, suppliers, advance, at, inDays, requisition };
}
