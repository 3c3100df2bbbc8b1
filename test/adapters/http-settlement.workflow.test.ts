import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpSupplierBill, NO_BILL } from '../../src/adapters/http/supplier-bill';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { loadApiConfig } from '../../src/api/config';
import { createSpecLibrary } from '../../src/api/spec';
import { loadSuppliers } from '../../src/config/suppliers';
import { BusinessErrorType } from '../../src/contracts/errors';
import { BillRunRequest } from '../../src/domain/billing/billing';
import type { billingAndCollections } from '../../workflows/crm/billing-collections-management';
import type { partnerSettlement } from '../../workflows/sprm/sp-settlements-billing-management';
import { rejection } from '../ports/harness';
import { withWorkers } from '../support/runtime';
import { TOKENS, withApi } from '../api/support';

/**
 * The month's settlement between two enterprises (#15, 1.B.4.5): the wholesaler — a second
 * instance of this project's API server and workers, reached only through its TMF APIs — bills
 * its customers, our account among them; the retailer's settlement reads that bill over TMF678
 * and checks it against its own records, disputing the line billed above its contract.
 */

const TMF678 = 'TMF678-CustomerBillManagement-v4.0.0.swagger.json';
const CBM = '/tmf-api/customerBillManagement/v4';
/** The wholesaler's customer we are there: its Marseille VPN site (PRD-IB06) is what it sells us. */
const OUR_ACCOUNT = 'CUST-1002';
/** Our wholesale agreement with it: 150.00 a month for that circuit (its list price is higher). */
const CONTRACT_MINOR = 15_000;

type Money = { unit: string; value: number };
type Rate = { id: string; taxExcludedAmount: Money; product?: { id: string } };
const minor = (m: Money) => Math.round(m.value * 100);

describe('settlement with a supplier over TMF678', () => {
  it("reads the wholesaler's bill for our account, checks it against our records and disputes the line above contract", async () => {
    await withApi(
      async (wholesaler) => {
        // The wholesaler's bill cycle, run by its own workers: its bills, ours among them, 30 days to pay.
        const run = await wholesaler.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: wholesaler.queue('crm'),
          workflowId: wholesaler.id('billRun'),
          args: [BillRunRequest.parse({ settle: false, invoiceDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bills-')) })],
        });
        const ourBill = run.bills.find((b) => b.customerId === OUR_ACCOUNT)!;
        expect(ourBill).toBeDefined();
        // What the wholesaler bills us, as its TMF678 API shows it (checked against the spec by the test's own validator).
        const bill = await wholesaler.call<Array<{ id: string; state: string }>>(
          'GET',
          `${CBM}/customerBill?relatedParty.id=${OUR_ACCOUNT}`,
          { expect: 'CustomerBill', spec: TMF678 },
        );
        expect(bill.body.map((b) => b.id)).toEqual([ourBill.billId]);
        const rates = (
          await wholesaler.call<Rate[]>('GET', `${CBM}/appliedCustomerBillingRate?bill.id=${ourBill.billId}`, {
            expect: 'AppliedCustomerBillingRate',
            spec: TMF678,
          })
        ).body;
        const billedMinor = rates.reduce((s, r) => s + minor(r.taxExcludedAmount), 0);
        const circuit = rates.find((r) => r.product?.id === 'PRD-IB06')!;
        expect(minor(circuit.taxExcludedAmount)).toBeGreaterThan(CONTRACT_MINOR);

        // The retailer: its own store, the wholesaler (SUP-ALPHA to it) reached over HTTP by configuration.
        const suppliers = loadSuppliers(
          JSON.stringify({
            'SUP-ALPHA': {
              adapter: 'http',
              baseUrl: wholesaler.base,
              tokenEnv: 'RETAILER_TOKEN_AT_WHOLESALER',
              buyerId: OUR_ACCOUNT,
              offerings: { 'RS-ACCESS-CIRCUIT': { productOfferingId: 'PO-VPN-BIZ' } },
            },
          }),
          { RETAILER_TOKEN_AT_WHOLESALER: TOKENS.full },
        );
        const store = createSqliteStore({ filename: ':memory:', suppliers });
        try {
          // Our records: the wholesale contract, and the circuit as 1.F.4.2.4 accepted it (the product it is there), in service.
          store.db
            .prepare(
              `INSERT INTO supplier_contracts (id, supplier_id, resource_spec_id, region, price_minor, lead_time_days, availability_sla_pct, valid_until, revenue_share_pct)
               VALUES ('SC-ALPHA-MRS-WHOLESALE', 'SUP-ALPHA', 'RS-ACCESS-CIRCUIT', 'MRS', ?, 15, 99.9, '2028-12-31', 0)`,
            )
            .run(CONTRACT_MINOR);
          const inventory = store.ports.resourceInventory;
          const supplied = await inventory.registerSuppliedResource('register/circuit', {
            resourceSpecId: 'RS-ACCESS-CIRCUIT',
            region: 'MRS',
            name: 'PRD-IB06',
            supplierId: 'SUP-ALPHA',
            supplierReference: 'ORD-IB06',
            attributes: {
              productId: 'PRD-IB06',
              productOfferingId: 'PO-VPN-BIZ',
              contractId: 'SC-ALPHA-MRS-WHOLESALE',
              partnerOrderId: 'PO-RETAIL-1',
            },
            serviceId: 'SVC-RETAIL-MRS-1',
            customerId: 'CUST-2001',
            reservationId: 'RSV-RETAIL-1',
          });
          await inventory.transition('circuit/configure', [supplied.id], 'reserved', 'outOfService', 'configured');
          await inventory.transition('circuit/activate', [supplied.id], 'outOfService', 'inService', 'activated');

          await withWorkers(
            async (rt) => {
              const settle = (period: string) =>
                rt.client.workflow.execute<typeof partnerSettlement>('partnerSettlement', {
                  taskQueue: rt.queue('sprm'),
                  workflowId: rt.id(`partnerSettlement-${period}`),
                  args: [{ period }],
                });
              const disputed = billedMinor - CONTRACT_MINOR;
              expect((await settle('2026-11')).suppliers).toEqual([
                expect.objectContaining({
                  supplierId: 'SUP-ALPHA',
                  invoicedMinor: billedMinor,
                  expectedMinor: CONTRACT_MINOR,
                  disputeState: 'open',
                  approvedMinor: CONTRACT_MINOR,
                  paidMinor: CONTRACT_MINOR,
                }),
              ]);

              // The retailer's store: the wholesaler's bill line by line against our records, the dispute, the payment.
              const db = store.db;
              const invoice = db
                .prepare(
                  "SELECT id, supplier_reference, state, total_minor, expected_minor, approved_minor FROM supplier_invoices WHERE period = '2026-11'",
                )
                .get() as { id: string };
              expect(invoice).toEqual({
                id: expect.any(String),
                supplier_reference: ourBill.billId,
                state: 'paid',
                total_minor: billedMinor,
                expected_minor: CONTRACT_MINOR,
                approved_minor: CONTRACT_MINOR,
              });
              const lines = db
                .prepare(
                  'SELECT reference, amount_minor, expected_minor FROM supplier_invoice_lines WHERE invoice_id = ? ORDER BY line_no',
                )
                .all(invoice.id);
              expect(lines).toEqual(
                rates.map((r) => ({
                  reference: r.product?.id ?? expect.any(String),
                  amount_minor: minor(r.taxExcludedAmount),
                  expected_minor: r === circuit ? CONTRACT_MINOR : null,
                })),
              );
              const dispute = db
                .prepare('SELECT amount_minor, state, resolution, reason FROM supplier_disputes WHERE invoice_id = ?')
                .get(invoice.id) as { reason: string };
              // TMF678 takes no dispute: it stays open on our side, its amount withheld from the payment.
              expect(dispute).toMatchObject({ amount_minor: disputed, state: 'open', resolution: null });
              expect(dispute.reason).toContain(
                `PRD-IB06: billed ${minor(circuit.taxExcludedAmount)}, contract ${CONTRACT_MINOR}`,
              );
              expect(
                db.prepare("SELECT paid_minor, invoice_id FROM supplier_settlements WHERE period = '2026-11'").get(),
              ).toEqual({ paid_minor: CONTRACT_MINOR, invoice_id: invoice.id });
              // S/PRM readiness sees the dispute left open, to negotiate it again (1.O.4.1.4 → 1.B.4.5.3).
              expect((await store.ports.settlements.openDisputes('SUP-ALPHA')).map((d) => d.invoiceId)).toEqual([
                invoice.id,
              ]);

              // The next period, before the wholesaler bills again: the same bill is not paid twice.
              expect((await settle('2026-12')).suppliers).toEqual([
                expect.objectContaining({ supplierId: 'SUP-ALPHA', invoicedMinor: 0, disputeId: null, paidMinor: 0 }),
              ]);
              expect(
                db.prepare("SELECT supplier_reference FROM supplier_invoices WHERE period = '2026-12'").pluck().get(),
              ).toBe(ourBill.billId);
            },
            { store, layers: ['sprm'] },
          );

          // Nothing changed at the wholesaler: its bill still sent, nothing of ours written there.
          const after = await wholesaler.call<{ state: string }>('GET', `${CBM}/customerBill/${ourBill.billId}`, {
            expect: 'CustomerBill',
            spec: TMF678,
          });
          expect(after.body.state).toBe('sent');
        } finally {
          store.close();
        }
      },
      { installedBase: true },
    );
  }, 240_000);

  it('refuses a bill that breaks TMF678 (ContractViolation, not retried), and reads a supplier that has billed us nothing as an empty bill', async () => {
    const specs = createSpecLibrary(loadApiConfig({}).tmfDir);
    const billing = (answer: unknown) =>
      createHttpSupplierBill({
        baseUrl: 'http://wholesaler.invalid',
        token: TOKENS.full,
        supplierId: 'SUP-ALPHA',
        specs,
        buyerId: OUR_ACCOUNT,
        fetch: async () => new Response(JSON.stringify(answer), { status: 200 }),
      });
    const broken = await rejection(
      billing([{ id: 'B1', billDate: '2026-11-30T00:00:00Z', amountDue: 'lots' }]).supplierBill('SUP-ALPHA', 'P1'),
    );
    expect(broken.type).toBe(BusinessErrorType.ContractViolation);
    expect(broken.message).toMatch(/invalid CustomerBill: \/0\/amountDue/);
    // A supplier that has billed us nothing yet: an empty bill, nothing to pay (the cycle goes on).
    expect(await billing([]).supplierBill('SUP-ALPHA', 'P1')).toEqual({ supplierReference: NO_BILL, lines: [] });
  });
});
