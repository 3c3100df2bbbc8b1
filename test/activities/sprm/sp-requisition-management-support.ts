import { createSPRequisitionManagementActivities } from '../../../activities/sprm/sp-requisition-management';
import { madeBeforeEach } from '../../support/each-test';
import { useTestStore } from '../../support/store';

/**
 * What the S/P requisition management tests share (1.F.4.2.1–1.F.4.2.4, split in
 * sp-requisition-management-selection.test.ts and -tracking.test.ts): a store per test whose
 * suppliers run fast, the activities on it, the clock, and the requisition PR-1 up to placed.
 */

export const START = '2026-03-02T09:00:00.000Z';
const DAY_MS = 86_400_000;

/** Call once at the top of a test file: registers the store's hooks and returns the helpers. */
export function useSPRequisitionManagement() {
  // Suppliers' time runs 86 400× faster: one simulated day per second of our clock.
  const t = useTestStore(START, { supplierSpeed: 86_400 });
  const { clock, one, count } = t;
  // Made anew with the store before each test.
  const sp = madeBeforeEach(() => createSPRequisitionManagementActivities(t.store.ports));

  const advance = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  const inDays = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString();
  const events = (kind: string) =>
    count('SELECT COUNT(*) FROM partner_order_events WHERE partner_order_id = ? AND kind = ?', 'PR-1', kind);
  const state = () => one("SELECT state, expected_delivery, reason FROM partner_orders WHERE id = 'PR-1'");

  const selection = (overrides: Record<string, unknown> = {}) => ({
    partnerOrderId: 'PR-1',
    serviceOrderId: 'SO-1',
    serviceId: 'SVC-1',
    customerId: 'CUST-1002',
    region: 'MRS',
    resourceSpecId: 'RS-ACCESS-CIRCUIT',
    quantity: 1,
    ...overrides,
  });

  /** Alpha (the fastest) has no capacity left in MRS: the order goes to Beta. */
  function fillAlpha() {
    const insert = t.store.db.prepare(
      `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status, reply_to_workflow_id, created_at)
       VALUES (?, 'SUP-ALPHA', 'SC-ALPHA-MRS-AC', ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'placed', 'elsewhere', ?)`,
    );
    for (let i = 0; i < 10; i++) insert.run(`OTHER-${i}`, `R${i}`, START);
  }

  async function placed() {
    await sp.selectSupplierPartner(selection());
    await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' });
    return sp.placeAndTrackSPRequisition({ action: 'place', partnerOrderId: 'PR-1', replyToWorkflowId: 'wf-PR-1' });
  }

  return { t, sp, advance, inDays, events, state, selection, fillAlpha, placed };
}
