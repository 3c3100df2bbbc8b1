import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPartnerGateway, type HttpPartnerGatewayOptions } from '../../src/adapters/http/partner-gateway';
import { loadApiConfig } from '../../src/api/config';
import { createSpecLibrary } from '../../src/api/spec';
import {
  BusinessErrorType,
  BusinessRejection,
  NON_RETRYABLE_ERROR_TYPES,
  TransientErrorType,
  TransientFault,
} from '../../src/contracts/errors';
import { BillRunRequest } from '../../src/domain/billing/billing';
import type { PartnerGatewayPort, Requisition } from '../../src/ports/partner-gateway';
import { partnerGatewayContract } from '../ports/partner-gateway.contract';
import { rejection } from '../ports/harness';
import { eventually } from '../support/fulfilment';
import { type ApiTestRuntime, TOKENS, withApi } from '../api/support';

/**
 * The HTTP partner gateway against a real supplier: a second instance of this project's API
 * server, with its own store and the real workers behind it (the wholesaler). The port contract
 * the simulator passes runs here unchanged; then what only a network supplier does — answer 5xx,
 * time out, refuse our token or a move — must come back typed as activities retry it.
 */

let supplier: ApiTestRuntime;
let release: () => void = () => undefined;
let running: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  await new Promise<void>((ready, failed) => {
    running = withApi(
      async (rt) => {
        supplier = rt;
        ready();
        await new Promise<void>((r) => (release = r));
      },
      { installedBase: true },
    ).catch(failed);
  });
});
afterAll(async () => {
  release();
  await running;
});

const specs = createSpecLibrary(loadApiConfig({}).tmfDir);
let billRun: Promise<unknown> | undefined;
/** Our own contracts: not the supplier's to answer. */
const ourContracts: HttpPartnerGatewayOptions['contracts'] = {
  contractsFor: async () => [],
  quote: async (contractId) => ({
    supplierId: 'SUP-WHOLESALE',
    contractId,
    available: false,
    quantity: 0,
    promisedDeliveryDate: null,
    priceMinor: 0,
    detail: 'not in this test',
  }),
  requestServiceImprovement: async () => {
    throw new Error('not in this test');
  },
};

function gateway(over: Partial<HttpPartnerGatewayOptions> = {}): PartnerGatewayPort {
  return createHttpPartnerGateway({
    baseUrl: supplier.base,
    token: TOKENS.full,
    supplierId: 'SUP-WHOLESALE',
    specs,
    contracts: ourContracts,
    // Our account at the wholesaler (its sample operator's customer with an installed base).
    buyerId: 'CUST-1005',
    offerings: {
      'RS-ACCESS-CIRCUIT': {
        productOfferingId: 'PO-VPN-BIZ',
        productCharacteristic: [
          { name: 'vpnName', value: 'RETAILER' },
          { name: 'bandwidthMbps', value: 100 },
        ],
      },
    },
    // What our tickets are about at the wholesaler: the service it runs for us.
    affectedEntities: () => [{ id: 'SVC-IB04-1', role: 'affectedService', '@referredType': 'Service' }],
    ...over,
  });
}

const requisition = (requisitionId: string): Requisition => ({
  requisitionId,
  supplierId: 'SUP-WHOLESALE',
  contractId: 'SC-WHOLESALE-MRS-AC',
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  region: 'MRS',
  quantity: 1,
  replyToWorkflowId: `po-${requisitionId}`,
});

/** The supplier's workflows of a type under an id, once its visibility shows at least one. */
async function workflowsUnder(type: string, id: string): Promise<number> {
  const ids = await eventually(
    async () => {
      const found: string[] = [];
      for await (const w of supplier.client.workflow.list({
        query: `WorkflowId = '${id}' AND WorkflowType = '${type}'`,
      }))
        found.push(w.workflowId);
      return found.length > 0 && found;
    },
    `the supplier's ${type} ${id}`,
    20_000,
  );
  return ids.length;
}

partnerGatewayContract('HTTP (TMF622/TMF621/TMF678) to a second API server', async () => ({
  port: gateway(),
  requisition,
  problem: (partnerProblemId, requisitionId) => ({
    partnerProblemId,
    supplierId: 'SUP-WHOLESALE',
    requisitionId,
    resourceId: 'AC-MRS-1',
    description: 'frame loss on the access circuit',
    replyToWorkflowId: `pp-${partnerProblemId}`,
  }),
  id: (name) => supplier.id(name),
  supplierOrders: (id) => workflowsUnder('productOrder', id),
  supplierTickets: (id) => workflowsUnder('troubleTicket', id),
  // The wholesaler's Order Handling completes the order: its VPN site built on its own supplier's circuit.
  delivered: async (id) => {
    await eventually(
      async () => (await gateway().status(id)).status === 'delivered',
      `the wholesaler to deliver ${id}`,
      60_000,
    );
  },
  // The wholesaler holds a second TMF622 order: a delete of the product the first one delivered, which it terminated.
  ceasedAtSupplier: async (id) => {
    const bought = await supplier.call('GET', `/productOrder/${id}`, { expect: 'ProductOrder' });
    const product = (bought.body['productOrderItem'] as Array<{ product: { id: string } }>)[0]!.product.id;
    const cease = await supplier.call('GET', `/productOrder/${id}.cease`, { expect: 'ProductOrder' });
    expect(cease.body).toMatchObject({
      state: 'completed',
      relatedParty: [{ id: 'CUST-1005', role: 'customer' }],
      productOrderItem: [{ action: 'delete', product: { id: product } }],
    });
    expect((cease.body['productOrderItem'] as unknown[]).length).toBe(1);
    expect(supplier.store.db.prepare('SELECT status FROM products WHERE id = ?').pluck().get(product)).toBe(
      'terminated',
    );
  },
  // The wholesaler holds our TMF622 cancelProductOrder (the one asked, the retry none), and its order ended cancelled.
  cancelledAtSupplier: async (id) => {
    const asked = await supplier.call('GET', `/cancelProductOrder/${id}`, { expect: 'CancelProductOrder' });
    expect(asked.body).toMatchObject({
      id,
      state: 'done',
      cancellationReason: 'the customer withdrew the order',
      productOrder: { id },
    });
    const order = await supplier.call('GET', `/productOrder/${id}`, { expect: 'ProductOrder' });
    expect(order.body).toMatchObject({ id, state: 'cancelled' });
    expect((await supplier.store.ports.productOrders.get(id))?.state).toBe('cancelled');
    const history = await supplier.store.ports.productOrders.history(id);
    expect(history.filter((h) => h.itemId === null && h.to === 'assessingCancellation')).toHaveLength(1);
  },
  // The wholesaler's bill cycle, run once by its workers: our account's bill (CUST-1005's fibre of its installed base).
  billed: async () => {
    billRun ??= supplier.client.workflow.execute('billingAndCollections', {
      taskQueue: supplier.queue('crm'),
      workflowId: supplier.id('billRun'),
      args: [BillRunRequest.parse({ settle: false, invoiceDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bills-')) })],
    });
    await billRun;
    return 'SUP-WHOLESALE';
  },
  close: async () => undefined,
}));

describe('HTTP partner gateway: what the wholesaler holds', () => {
  it('our requisition is a TMF622 order for the configured offering, our problem a ticket closed once fixed', async () => {
    const req = supplier.id('REQ-seen');
    const placed = await gateway().placeRequisition(`place/${req}`, requisition(req));
    // Our requisition id is the wholesaler's order id (its externalId), our account the customer.
    expect(placed.supplierReference).toBe(req);
    const order = await supplier.call('GET', `/productOrder/${req}`, { expect: 'ProductOrder' });
    expect(order.body).toMatchObject({ id: req, relatedParty: [{ id: 'CUST-1005', role: 'customer' }] });
    const recorded = await eventually(
      async () => supplier.store.ports.productOrders.get(req),
      `the wholesaler's Order Handling to record ${req}`,
      20_000,
    );
    expect(recorded.customerId).toBe('CUST-1005');
    expect(recorded.items.map((i) => [i.productOfferingId, i.region, i.characteristics])).toEqual([
      ['PO-VPN-BIZ', 'MRS', { vpnName: 'RETAILER', bandwidthMbps: 100 }],
    ]);
    const pid = supplier.id('SPP-fixed');
    const problem = {
      partnerProblemId: pid,
      supplierId: 'SUP-WHOLESALE',
      requisitionId: req,
      resourceId: 'AC-MRS-1',
      description: 'no traffic since this morning',
      replyToWorkflowId: `pp-${pid}`,
    };
    await gateway().reportProblem(`report/${pid}`, problem);
    const escalated = await gateway().escalateProblem(`escalate/${pid}`, pid, 'two hours without news');
    expect(escalated.escalations).toBe(1);
    // The wholesaler's Problem Handling runs: its technician repairs the service, the ticket resolves.
    await eventually(
      async () => (await gateway().problemStatus(pid)).status === 'resolved',
      `ticket ${pid} resolved at the wholesaler`,
      45_000,
    );
    expect(await gateway().closeProblem(`close/${pid}`, pid, 'fix confirmed')).toMatchObject({ status: 'closed' });
    const ticket = await supplier.call('GET', `/tmf-api/troubleTicket/v4/troubleTicket/${pid}`, {
      expect: 'TroubleTicket',
      spec: 'TMF621-TroubleTicket-v4.0.0.swagger.json',
    });
    // Confirmed, not withdrawn: TMF621 closed (a withdrawal is cancelled), the escalation kept as a note.
    expect(ticket.body).toMatchObject({ id: pid, status: 'closed' });
    expect((ticket.body['note'] as Array<{ author: string }>).map((n) => n.author)).toContain('escalation');
  });
});

describe('HTTP partner gateway: the supplier failing', () => {
  const tmf503 = JSON.stringify({
    '@type': 'Error',
    code: 'UNAVAILABLE',
    reason: 'Maintenance',
    message: 'back soon',
    status: '503',
  });

  it('a 5xx, a refused connection or a timeout is a TransientFault (retried), and places nothing', async () => {
    const id = supplier.id('REQ-5xx');
    const down = gateway({ fetch: async () => new Response(tmf503, { status: 503 }) });
    const err = await down.placeRequisition(`place/${id}`, requisition(id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientFault);
    expect(err).toMatchObject({ type: TransientErrorType.SystemUnavailable, details: { status: 503 } });
    expect(NON_RETRYABLE_ERROR_TYPES).not.toContain((err as TransientFault).type);

    const refused = await gateway({ baseUrl: 'http://127.0.0.1:9' })
      .status(id)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'TransientFault', type: TransientErrorType.SystemUnavailable });

    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal!.reason)));
    const slow = await gateway({ fetch: hanging, timeoutMs: 200 })
      .status(id)
      .catch((e: unknown) => e);
    expect(slow).toMatchObject({ name: 'TransientFault', type: TransientErrorType.Timeout });
    for (const e of [err, refused, slow]) expect(String((e as Error).message)).not.toContain(TOKENS.full);

    // Nothing reached the supplier: the requisition is unknown there.
    expect((await rejection(gateway().status(id))).type).toBe(BusinessErrorType.NotFound);
  });

  it('a 4xx is the supplier’s answer: a BusinessRejection (not retried) with its TMF Error', async () => {
    const req = supplier.id('REQ-4xx');
    await gateway().placeRequisition(`place/${req}`, requisition(req));
    const pid = supplier.id('SPP-4xx');
    await gateway().reportProblem(`report/${pid}`, {
      partnerProblemId: pid,
      supplierId: 'SUP-WHOLESALE',
      requisitionId: req,
      resourceId: 'AC-MRS-1',
      description: 'no traffic',
      replyToWorkflowId: `pp-${pid}`,
    });
    // The supplier's state table: a customer cannot move its ticket to inProgress (409).
    const refused = await rejection(gateway().reopenProblem(`reopen/${pid}`, pid, 'still down'));
    expect(refused.type).toBe(BusinessErrorType.InvalidStateTransition);
    expect(refused.details).toMatchObject({ status: 409, error: { '@type': 'Error', code: 'STATE_CONFLICT' } });
    expect(NON_RETRYABLE_ERROR_TYPES).toContain(refused.type);

    // Our token refused: retrying cannot mend it, and the token is in no message.
    const stranger = await rejection(gateway({ token: 'not-a-token-of-this-supplier' }).status(req));
    expect(stranger.type).toBe(BusinessErrorType.ContractViolation);
    expect(stranger.details).toMatchObject({ status: 401 });
    expect(stranger.message).not.toContain('not-a-token-of-this-supplier');
    expect(stranger).toBeInstanceOf(BusinessRejection);
  });
});
