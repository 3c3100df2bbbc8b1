import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { supplierOrderIdOf } from '../../src/adapters/http/supplier-order-id';
import { B2B_LAYERS, DEMO_OUTCOMES } from '../../src/demo/outcomes';
import { expectValid } from '../api/support';
import { parseSequenceDiagram } from '../trace/mermaid-syntax';

/**
 * `npx etom demo b2b --json` as a user runs it: the retailer on the shared test server (its own
 * data dir and task queues), the wholesaler a second `etom` process with its own data dir under
 * it, its own Temporal dev server and API port, reached over TMF622 and its hub only; no
 * wholesaler process left behind. One run: a run takes 1.5 min of a slot (the wholesaler's own
 * server and workers' bundle), so the second run on the same data dirs (`RUNS = 2`, 3.3 min) is
 * left to a person: `ETOM_DATA_DIR=/tmp/b2b npx etom demo b2b --json`, twice.
 */
const RUNS = 1;
const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-demo-b2b-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Summary {
  retailer: {
    workflowId: string;
    state: string;
    layers: string[];
    etomIdsByLayer: Record<string, string[]>;
    partnerOrder: { id: string; state: string; supplierId: string; requisitionId: string };
    hubReports: string[];
    supplierEventsTaken: string[];
    marseilleHeld: { before: string[]; after: string[] };
  };
  wholesaler: { productOrderId: string; state: string; layers: string[]; etomIdsByLayer: Record<string, string[]> };
  fault: {
    circuit: string;
    retailer: {
      ticketId: string;
      state: string;
      serviceProblemId: string;
      partnerProblem: { id: string; state: string; supplierReference: string; escalated: boolean; events: string[] };
      hubReports: string[];
      customerTold: string[];
      etomIdsByLayer: Record<string, string[]>;
    };
    wholesaler: {
      alarm: Record<string, unknown> & { id: string; alarmedObject: { id: string } };
      ticket: Record<string, unknown> & { id: string; status: string; statusChange?: Array<{ status: string }> };
      etomIdsByLayer: Record<string, string[]>;
    };
  };
  settlement: {
    retailer: {
      workflowId: string;
      period: string;
      etomIdsByLayer: Record<string, string[]>;
      invoice: {
        id: string;
        supplierReference: string;
        state: string;
        invoicedMinor: number;
        expectedMinor: number;
        approvedMinor: number;
        paidMinor: number;
      };
      dispute: {
        id: string;
        state: string;
        amountMinor: number;
        lines: Array<{ reference: string; amountMinor: number; expectedMinor: number | null }>;
      };
    };
    wholesaler: { billRunId: string; billId: string; bill: Record<string, unknown> & { id: string } };
  };
  links: {
    retailerPartnerOrder: string;
    wholesalerProductOrder: string;
    circuit: string;
    wholesalerAlarm: string;
    retailerSupplierProblem: string;
    wholesalerTicket: string;
    wholesalerBill: string;
    retailerSupplierInvoice: string;
    retailerDispute: string;
    disputedLines: string[];
  };
  trace: { file: string; lanes: string[] };
  told: string;
}

function demo(flow = 'b2b'): Promise<Summary> {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    ETOM_DATA_DIR: dir,
    ETOM_TASK_QUEUE_PREFIX: `demo-b2b-${path.basename(dir).slice(-6)}`,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'demo', flow, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`etom demo ${flow} exited with ${code}:\n${err.slice(-3000)}`));
      resolve({ ...(JSON.parse(out.trim().split('\n').pop()!) as Summary), told: err });
    });
  });
}

/** The processes still running whose command line names the wholesaler's data dir (its Temporal server). */
function wholesalerProcesses(): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(path.join(dir, 'wholesaler')));
}

describe('etom demo b2b: two enterprises trading over TMF622', () => {
  it('the retailer’s VPN order buys its access circuit as the wholesaler’s product order, completed by its hub event', async () => {
    const runs: Summary[] = [];
    for (let run = 0; run < RUNS; run++) {
      const s = await demo();
      runs.push(s);
      expect(DEMO_OUTCOMES['b2b']!(s), `run ${run + 1}`).toEqual([]);
      // The retailer's four layers, S/PRM's requisition among them.
      expect(Object.keys(s.retailer.etomIdsByLayer).sort()).toEqual([...B2B_LAYERS].sort());
      expect(s.retailer.etomIdsByLayer['S/PRM']).toEqual(
        expect.arrayContaining(['1.F.4.2.1', '1.F.4.2.3', '1.F.4.2.4']),
      );
      // The wholesaler's order is the retailer's requisition, under its id as the wholesaler takes it.
      const p = s.retailer.partnerOrder;
      expect(p).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
      expect(s.links.wholesalerProductOrder).toBe(supplierOrderIdOf(p.requisitionId));
      expect(s.wholesaler).toMatchObject({ productOrderId: s.links.wholesalerProductOrder, state: 'completed' });
      // Its Order Handling, its SM&O, RM&O and its own supplier's requisition (its S/PRM).
      expect(s.wholesaler.etomIdsByLayer['CRM']).toEqual(expect.arrayContaining(['1.F.1.5.3', '1.F.1.5.5']));
      expect(s.wholesaler.etomIdsByLayer['S/PRM']).toEqual(expect.arrayContaining(['1.F.4.2.3']));
      // The completion reached the retailer as the hub's event, taken once by the listener.
      expect(s.retailer.hubReports).toContain('delivered');
      expect(s.retailer.supplierEventsTaken.some((e) => e.startsWith('ProductOrderStateChangeEvent '))).toBe(true);
      expect(new Set(s.retailer.supplierEventsTaken).size).toBe(s.retailer.supplierEventsTaken.length);
      // One subscription at the wholesaler's hub however many runs registered it: the completion came once.
      expect(s.retailer.hubReports.filter((r) => r === 'delivered')).toEqual(['delivered']);
      // Both enterprises' lanes in one drawing, the wholesaler's half read through its API before it stopped.
      const layers = ['CRM', 'SM&O', 'RM&O', 'S/PRM'];
      expect(s.trace.file).toBe(path.join(dir, 'b2b-trace.mmd'));
      expect(s.trace.lanes).toEqual(
        expect.arrayContaining([...layers.map((l) => `retailer ${l}`), ...layers.map((l) => `wholesaler ${l}`)]),
      );
      const drawn = parseSequenceDiagram(fs.readFileSync(s.trace.file, 'utf8'));
      expect(drawn.boxes.map((b) => b.title)).toEqual(['retailer', 'wholesaler']);
      const post = drawn.messages.findIndex(
        (m) =>
          m.from === 'retailer_sprm' &&
          m.to === 'wholesaler_crm' &&
          m.text === `TMF622 POST productOrder ${s.links.wholesalerProductOrder}`,
      );
      const hubEvent = drawn.messages.findIndex(
        (m) => m.from === 'wholesaler_crm' && m.arrow === '-)' && m.to === 'retailer_sprm',
      );
      expect(post).toBeGreaterThanOrEqual(0);
      expect(hubEvent).toBeGreaterThan(post);
      const etomIds = (lane: string) =>
        drawn.messages.filter((m) => m.from === lane && m.to === lane).map((m) => m.text.split(' ')[0]);
      expect(etomIds('retailer_sprm')).toEqual(expect.arrayContaining(['1.F.4.2.3', '1.F.4.2.4']));
      expect(etomIds('wholesaler_crm')).toEqual(expect.arrayContaining(['1.F.1.5.3', '1.F.1.5.5']));
      // The fault on the circuit, after the order: the wholesaler's network raised loss of signal
      // on its side of it (TMF642, as its API answered, checked against the spec).
      const f = s.fault;
      expectValid('Alarm', f.wholesaler.alarm, 'TMF642-AlarmManagement-v4.0.0.swagger.json');
      expect(f.wholesaler.alarm).toMatchObject({ id: s.links.wholesalerAlarm, probableCause: 'lossOfSignal' });
      expect(f.circuit).toBe(s.links.circuit);
      // The retailer's customer called; its diagnosis found the wholesaler's circuit, S/PRM reported
      // it over TMF621, the wholesaler's resolution came by its hub (never polled, never escalated).
      expect(f.retailer.state).toBe('closed');
      expect(f.retailer.serviceProblemId).toBe(`SP-${f.retailer.ticketId}`);
      expect(f.retailer.partnerProblem).toMatchObject({
        id: s.links.retailerSupplierProblem,
        state: 'closed',
        supplierReference: s.links.wholesalerTicket,
        escalated: false,
      });
      expect(f.retailer.partnerProblem.events).toEqual(expect.arrayContaining(['fixConfirmed']));
      expect(f.retailer.partnerProblem.events).not.toContain('polled');
      expect(f.retailer.hubReports).toContain('resolved');
      expect(f.retailer.etomIdsByLayer['S/PRM']).toEqual(
        expect.arrayContaining(['1.A.4.3.1', '1.A.4.3.2', '1.A.4.3.3']),
      );
      expect(f.retailer.etomIdsByLayer['SM&O']).toEqual(expect.arrayContaining(['1.A.2.3.2', '1.A.2.3.5']));
      expect(f.retailer.etomIdsByLayer['CRM']).toEqual(expect.arrayContaining(['1.A.1.6.1', '1.A.1.6.4']));
      // The customer was told: the problem taken on, resolved, closed.
      expect(f.retailer.customerTold.some((t) => /resolved/.test(t))).toBe(true);
      expect(f.retailer.customerTold.some((t) => /closed/.test(t))).toBe(true);
      // The wholesaler's ticket, as its TMF621 API answered: the retailer's problem, resolved by its
      // Problem Handling, then closed by the retailer's confirmation.
      expectValid('TroubleTicket', f.wholesaler.ticket, 'TMF621-TroubleTicket-v4.0.0.swagger.json');
      expect(f.wholesaler.ticket).toMatchObject({ id: s.links.wholesalerTicket, status: 'closed' });
      expect(f.wholesaler.ticket.relatedParty).toEqual([
        expect.objectContaining({ id: 'CUST-1005', role: 'customer' }),
      ]);
      const changes = (f.wholesaler.ticket.statusChange ?? []).map((c) => c.status);
      expect(changes).toContain('resolved');
      expect(changes.at(-1)).toBe('closed');
      expect(f.wholesaler.etomIdsByLayer['CRM']).toEqual(expect.arrayContaining(['1.A.1.6.1']));
      // The month's settlement: the wholesaler's bill to the retailer's account, as its TMF678 API
      // answered; the retailer's S/PRM assessed it as its invoice, disputed the line its records do
      // not hold (the Lyon fibre on its account there) and paid the rest, the dispute withheld.
      const st = s.settlement;
      expectValid('CustomerBill', st.wholesaler.bill, 'TMF678-CustomerBillManagement-v4.0.0.swagger.json');
      expect(st.wholesaler.bill.id).toBe(s.links.wholesalerBill);
      expect(st.wholesaler.billRunId).toMatch(/^billCycle\//);
      expect(st.retailer.etomIdsByLayer['S/PRM']).toEqual(
        expect.arrayContaining(['1.B.4.5.1', '1.B.4.5.2', '1.B.4.5.3', '1.B.4.5.4']),
      );
      expect(st.retailer.invoice).toMatchObject({
        id: s.links.retailerSupplierInvoice,
        supplierReference: s.links.wholesalerBill,
        state: 'paid',
      });
      expect(st.retailer.dispute).toMatchObject({ id: s.links.retailerDispute, state: 'open' });
      expect(s.links.disputedLines).toContain('PRD-IB04');
      expect(st.retailer.dispute.amountMinor).toBe(
        st.retailer.invoice.invoicedMinor - st.retailer.invoice.expectedMinor,
      );
      expect(st.retailer.invoice.paidMinor).toBe(st.retailer.invoice.invoicedMinor - st.retailer.dispute.amountMinor);
      // The wholesaler was stopped with the demo, drained (Ctrl-C's path), and left nothing running.
      expect(s.told).toMatch(/wholesaler stopped \(code 0\)/);
      expect(wholesalerProcesses()).toEqual([]);
    }
    expect(new Set(runs.map((s) => s.retailer.workflowId)).size).toBe(RUNS);

    // Each enterprise's own store: the retailer's partner orders, the wholesaler's product orders.
    const retailer = new Database(path.join(dir, 'etom.db'), { readonly: true });
    const wholesaler = new Database(path.join(dir, 'wholesaler', 'etom.db'), { readonly: true });
    try {
      for (const s of runs) {
        expect(
          retailer
            .prepare('SELECT state, supplier_id, supplier_reference FROM partner_orders WHERE id = ?')
            .get(s.retailer.partnerOrder.id),
        ).toEqual({ state: 'accepted', supplier_id: 'SUP-ALPHA', supplier_reference: s.links.wholesalerProductOrder });
        expect(
          wholesaler
            .prepare('SELECT customer_id, channel, state FROM product_orders WHERE id = ?')
            .get(s.links.wholesalerProductOrder),
        ).toEqual({ customer_id: 'CUST-1005', channel: 'partner', state: 'completed' });
        // The fault's rows: the retailer's ticket and supplier problem, the wholesaler's ticket and alarm.
        const f = s.fault;
        expect(
          retailer
            .prepare('SELECT state, service_problem_id FROM trouble_tickets WHERE id = ?')
            .get(f.retailer.ticketId),
        ).toEqual({ state: 'closed', service_problem_id: f.retailer.serviceProblemId });
        expect(
          retailer
            .prepare('SELECT state, supplier_id, supplier_reference, resource_id FROM partner_problems WHERE id = ?')
            .get(s.links.retailerSupplierProblem),
        ).toEqual({
          state: 'closed',
          supplier_id: 'SUP-ALPHA',
          supplier_reference: s.links.wholesalerTicket,
          resource_id: s.links.circuit,
        });
        expect(
          wholesaler
            .prepare('SELECT customer_id, state FROM trouble_tickets WHERE id = ?')
            .get(s.links.wholesalerTicket),
        ).toEqual({ customer_id: 'CUST-1005', state: 'closed' });
        expect(
          wholesaler
            .prepare(
              "SELECT alarmed_object, probable_cause FROM alarms WHERE external_alarm_id LIKE 'LOS-%' AND alarmed_object = ?",
            )
            .all(f.wholesaler.alarm.alarmedObject.id),
        ).toContainEqual({ alarmed_object: f.wholesaler.alarm.alarmedObject.id, probable_cause: 'lossOfSignal' });
        // The settlement's rows: the wholesaler's bill in its own store, the retailer's invoice of it and its dispute.
        const st = s.settlement;
        expect(
          wholesaler.prepare('SELECT customer_id, bill_run_id FROM bills WHERE id = ?').get(s.links.wholesalerBill),
        ).toEqual({ customer_id: 'CUST-1005', bill_run_id: st.wholesaler.billRunId });
        expect(
          retailer
            .prepare(
              'SELECT supplier_id, supplier_reference, state, total_minor, period FROM supplier_invoices WHERE id = ?',
            )
            .get(s.links.retailerSupplierInvoice),
        ).toEqual({
          supplier_id: 'SUP-ALPHA',
          supplier_reference: s.links.wholesalerBill,
          state: 'paid',
          total_minor: st.retailer.invoice.invoicedMinor,
          period: st.retailer.period,
        });
        const fibre = retailer
          .prepare(
            "SELECT amount_minor, expected_minor FROM supplier_invoice_lines WHERE invoice_id = ? AND reference = 'PRD-IB04'",
          )
          .get(s.links.retailerSupplierInvoice) as { amount_minor: number; expected_minor: number | null };
        expect(fibre).toEqual({ amount_minor: expect.any(Number), expected_minor: null });
        expect(fibre.amount_minor).toBeGreaterThan(0);
        const dispute = retailer
          .prepare('SELECT invoice_id, state, amount_minor, reason FROM supplier_disputes WHERE id = ?')
          .get(s.links.retailerDispute) as { reason: string };
        expect(dispute).toMatchObject({
          invoice_id: s.links.retailerSupplierInvoice,
          state: 'open',
          amount_minor: st.retailer.dispute.amountMinor,
        });
        expect(dispute.reason).toContain(`PRD-IB04: billed ${fibre.amount_minor}, not in our records`);
      }
      // No shared database: the retailer's store never saw the wholesaler's order.
      expect(
        retailer
          .prepare('SELECT COUNT(*) FROM product_orders WHERE id = ?')
          .pluck()
          .get(runs[0]!.links.wholesalerProductOrder),
      ).toBe(0);
    } finally {
      retailer.close();
      wholesaler.close();
    }
  }, 900_000);

  it('the wholesaler rejecting the order (its credit check on our account) fails the retailer’s order, its own layers compensated exactly', async () => {
    // The same data dirs as above: the wholesaler started again where it stopped.
    const s = await demo('b2b-rejected');
    expect(DEMO_OUTCOMES['b2b-rejected']!(s)).toEqual([]);
    expect(s.retailer.hubReports).toContain('rejected');
    expect(s.retailer.marseilleHeld.after).toEqual(s.retailer.marseilleHeld.before);
    expect(s.links.wholesalerProductOrder).toBe(supplierOrderIdOf(s.retailer.partnerOrder.requisitionId));
    expect(wholesalerProcesses()).toEqual([]);
    const retailer = new Database(path.join(dir, 'etom.db'), { readonly: true });
    const wholesaler = new Database(path.join(dir, 'wholesaler', 'etom.db'), { readonly: true });
    try {
      expect(
        retailer.prepare('SELECT state, supplier_id FROM partner_orders WHERE id = ?').get(s.retailer.partnerOrder.id),
      ).toEqual({ state: 'rejected', supplier_id: 'SUP-ALPHA' });
      expect(retailer.prepare('SELECT state FROM product_orders WHERE id = ?').pluck().get(s.retailer.workflowId)).toBe(
        'failed',
      );
      expect(
        wholesaler
          .prepare('SELECT customer_id, state FROM product_orders WHERE id = ?')
          .get(s.links.wholesalerProductOrder),
      ).toEqual({ customer_id: 'CUST-1004', state: 'rejected' });
    } finally {
      retailer.close();
      wholesaler.close();
    }
  }, 600_000);
});
