import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { loadApiConfig } from '../../src/api/config';
import { createApiServer, listen } from '../../src/api/server';
import { parseTokens } from '../../src/api/tokens';
import type { SuppliersConfig } from '../../src/config/suppliers';
import { circuitOrder } from '../support/partner-orders';
import { circuitProblem } from '../support/partner-problems';
import { eventually } from '../support/fulfilment';
import type { TestRuntime } from '../support/runtime';
import { withWorkers } from '../support/runtime';
import { expectValid } from './support';

const supplier = (supplierId: string, listenerToken: string): SuppliersConfig[string] => ({
  supplierId,
  adapter: 'http',
  baseUrl: 'https://supplier.invalid',
  token: 'not-used-here',
  listenerToken,
  buyerId: 'CUST-1005',
  offerings: {},
});

/** The reports a workflow received by `signal`, as its history recorded them. */
async function reportsReceived(
  rt: TestRuntime,
  workflowId: string,
  signal = 'supplierReport',
): Promise<Array<Record<string, unknown>>> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  const converter = rt.client.options.loadedDataConverter.payloadConverter;
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((s) => s?.signalName === signal)
    .map((s) => converter.fromPayload(s!.input!.payloads![0]!));
}

/**
 * The reports in history once the last one (`until`) is there: a signal that arrives while a
 * workflow task runs is written after it, and signals are written in the order sent — so
 * whatever was sent before `until` (a refused event, a duplicate) would be in this list.
 */
async function reportsUpTo(
  rt: TestRuntime,
  workflowId: string,
  signal: string,
  until: (r: Record<string, unknown>) => boolean,
) {
  return eventually(async () => {
    const all = await reportsReceived(rt, workflowId, signal);
    return all.some(until) && all;
  }, `${signal} in ${workflowId}'s history`);
}

/** A TMF630 POST to our listener as `sender`, its token as bearer (or in the query, as our own hub sends it). */
async function notify(base: string, sender: string, token: string | null, event: unknown, viaQuery = false) {
  const q = viaQuery && token ? `?token=${token}` : '';
  const res = await fetch(`${base}/partner/${sender}/listener${q}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && !viaQuery ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(event),
  });
  const text = await res.text();
  if (res.status >= 400) expectValid('Error', JSON.parse(text));
  return res.status;
}

/** The real API server in front of the test's workers, its listener knowing `suppliers`. */
async function listenerServer(rt: TestRuntime, suppliers: SuppliersConfig, client: Client = rt.client) {
  const server = await createApiServer({
    client,
    ports: rt.store.ports,
    tokens: parseTokens('OUR-API-TOKEN-0123456789=read,write'),
    tmfDir: loadApiConfig({}).tmfDir,
    taskQueuePrefix: rt.prefix,
    suppliers,
  });
  return { server, base: await listen(server, '127.0.0.1', 0) };
}

describe('our listener for a supplier’s hub (TMF630) → the partner order’s supplierReport signal', () => {
  it('takes its own supplier’s events once — eight at the same moment, one signal — with its token; refuses other senders; a failed signal gives its claim back (503)', async () => {
    // Suppliers at real speed: their own reports are days away, so every report in history is the listener's.
    await withWorkers(
      async (rt) => {
        const req = circuitOrder(rt, 'listen', { supplierPollInterval: '1 hour' });
        const workflowId = req.partnerOrderId;
        await rt.client.workflow.start('partnerOrder', { taskQueue: rt.queue('sprm'), workflowId, args: [req] });
        const placed = await eventually(async () => {
          const o = await rt.store.ports.partnerOrders.get(workflowId);
          return o?.state === 'placed' && o.supplierId ? o : undefined;
        }, 'the requisition placed');
        const supplierId = placed.supplierId!;

        const { server, base } = await listenerServer(rt, {
          [supplierId]: supplier(supplierId, 'SUPPLIER-SECRET'),
          'SUP-OTHER': supplier('SUP-OTHER', 'OTHER-SECRET'),
        });
        try {
          const post = (sender: string, token: string | null, event: unknown, viaQuery = false) =>
            notify(base, sender, token, event, viaQuery);
          const newDate = new Date(Date.now() + 40 * 86_400_000).toISOString();
          const dateMoved = {
            eventId: 'EVT-000000041',
            eventType: 'ProductOrderAttributeValueChangeEvent',
            eventTime: new Date().toISOString(),
            event: {
              productOrder: { id: 'PO-AT-SUPPLIER-1', externalId: workflowId, expectedCompletionDate: newDate },
            },
          };

          // Refused: no token, a wrong one, our own API token, an unknown sender; another supplier about this order.
          expect(await post(supplierId, null, dateMoved)).toBe(401);
          expect(await post(supplierId, 'WRONG', dateMoved)).toBe(401);
          expect(await post(supplierId, 'OUR-API-TOKEN-0123456789', dateMoved)).toBe(401);
          expect(await post('SUP-NOBODY', 'SUPPLIER-SECRET', dateMoved)).toBe(401);
          expect(await post('SUP-OTHER', 'OTHER-SECRET', dateMoved)).toBe(403);

          // The supplier's own event: one signal, then the same event again changes nothing.
          expect(await post(supplierId, 'SUPPLIER-SECRET', dateMoved)).toBe(204);
          expect(await post(supplierId, 'SUPPLIER-SECRET', dateMoved)).toBe(204);
          // The partner order took the new date (its own record, written by its activity).
          await eventually(
            async () => (await rt.store.ports.partnerOrders.get(workflowId))?.expectedDelivery === newDate,
            'the new delivery date recorded',
          );

          // A hub that sends no header (ours) carries the token in the callback it was given.
          const acknowledged = {
            eventId: 'EVT-000000042',
            eventType: 'ProductOrderStateChangeEvent',
            event: { productOrder: { id: 'PO-AT-SUPPLIER-1', externalId: workflowId, state: 'inProgress' } },
          };
          // An event about no order of ours is acknowledged and signals nothing.
          const notOurs = { ...acknowledged, eventId: 'EVT-000000043', event: { productOrder: { id: 'PO-X' } } };
          expect(await post(supplierId, 'SUPPLIER-SECRET', notOurs)).toBe(204);
          expect(await post(supplierId, 'SUPPLIER-SECRET', acknowledged, true)).toBe(204);
          // Refused, duplicated and foreign events all came before this one: none of them is in history.
          const received = await reportsUpTo(rt, workflowId, 'supplierReport', (r) => r['kind'] === 'acknowledged');
          expect(received).toEqual([
            expect.objectContaining({ kind: 'deliveryDateChanged', deliveryDate: newDate }),
            expect.objectContaining({ kind: 'acknowledged', supplierReference: 'PO-AT-SUPPLIER-1' }),
          ]);
          const taken = (await rt.store.ports.partnerOrders.events(workflowId)).filter(
            (e) => e.kind === 'supplierEvent',
          );
          expect(taken.map((e) => e.detail)).toEqual([
            'ProductOrderAttributeValueChangeEvent EVT-000000041',
            'ProductOrderStateChangeEvent EVT-000000042',
          ]);

          // The hub delivering one event eight times at the same moment: one claim wins, one signal.
          const laterDate = new Date(Date.now() + 50 * 86_400_000).toISOString();
          const movedAgain = {
            ...dateMoved,
            eventId: 'EVT-000000044',
            event: { productOrder: { ...dateMoved.event.productOrder, expectedCompletionDate: laterDate } },
          };
          const statuses = await Promise.all(
            Array.from({ length: 8 }, () => post(supplierId, 'SUPPLIER-SECRET', movedAgain)),
          );
          expect(statuses).toEqual(Array(8).fill(204));

          // Temporal unreachable when the event comes: 503, the claim given back, nothing signalled.
          const dead = await Connection.connect({ address: inject('temporalAddress') });
          const unreachable = new Client({ connection: dead, namespace: rt.client.options.namespace });
          await dead.close();
          const down = await listenerServer(rt, { [supplierId]: supplier(supplierId, 'SUPPLIER-SECRET') }, unreachable);
          const completed = {
            eventId: 'EVT-000000045',
            eventType: 'ProductOrderStateChangeEvent',
            eventTime: new Date().toISOString(),
            event: { productOrder: { id: 'PO-AT-SUPPLIER-1', externalId: workflowId, state: 'inProgress' } },
          };
          try {
            expect(await notify(down.base, supplierId, 'SUPPLIER-SECRET', completed)).toBe(503);
          } finally {
            await down.server.app.close();
          }
          const takenNow = async () =>
            (await rt.store.ports.partnerOrders.events(workflowId))
              .filter((e) => e.kind === 'supplierEvent')
              .map((e) => e.detail);
          expect(await takenNow()).not.toContain('ProductOrderStateChangeEvent EVT-000000045');
          // The hub's retry, Temporal back: taken as new, not as a duplicate of the failed try.
          expect(await post(supplierId, 'SUPPLIER-SECRET', completed)).toBe(204);
          const after = await reportsUpTo(
            rt,
            workflowId,
            'supplierReport',
            (r) => r['detail'] === 'ProductOrderStateChangeEvent: inProgress' && r['at'] === completed.eventTime,
          );
          expect(after.slice(2)).toEqual([
            expect.objectContaining({ kind: 'deliveryDateChanged', deliveryDate: laterDate }),
            expect.objectContaining({ kind: 'acknowledged', at: completed.eventTime }),
          ]);
          expect(await takenNow()).toEqual([
            'ProductOrderAttributeValueChangeEvent EVT-000000041',
            'ProductOrderStateChangeEvent EVT-000000042',
            'ProductOrderAttributeValueChangeEvent EVT-000000044',
            'ProductOrderStateChangeEvent EVT-000000045',
          ]);
          await eventually(
            async () => (await rt.store.ports.partnerOrders.get(workflowId))?.expectedDelivery === laterDate,
            'the later delivery date recorded once',
          );
        } finally {
          await server.app.close();
          await rt.client.workflow.getHandle(workflowId).terminate('test over');
        }
      },
      { layers: ['sprm'], supplierSpeed: 1 },
    );
  }, 120_000);

  it('a TMF621 ticket resolved at the supplier reaches the partner problem as its supplierProblemReport, once', async () => {
    await withWorkers(
      async (rt) => {
        // Alpha's Marseille circuit from the installed base, bought under PO-IB06-AC.
        const req = circuitProblem(rt, 'listen-problem');
        const partnerProblemId = req.partnerProblemId;
        await rt.client.workflow.start('partnerProblem', {
          taskQueue: rt.queue('sprm'),
          workflowId: partnerProblemId,
          args: [req],
        });
        await eventually(
          async () => (await rt.store.ports.partnerProblems.get(partnerProblemId))?.supplierReference,
          'the problem reported to Alpha',
        );
        const { server, base } = await listenerServer(rt, {
          'SUP-ALPHA': supplier('SUP-ALPHA', 'ALPHA-SECRET'),
          'SUP-BETA': supplier('SUP-BETA', 'BETA-SECRET'),
        });
        try {
          const ticket = (eventId: string, status: string, statusChangeReason: string) => ({
            eventId,
            eventType: 'TroubleTicketStatusChangeEvent',
            eventTime: new Date().toISOString(),
            event: { troubleTicket: { id: 'TT-AT-ALPHA-1', externalId: partnerProblemId, status, statusChangeReason } },
          });
          const working = ticket('EVT-TT-1', 'inProgress', 'engineer on site');
          expect(await notify(base, 'SUP-BETA', 'BETA-SECRET', working)).toBe(403);
          expect(await notify(base, 'SUP-ALPHA', 'BETA-SECRET', working)).toBe(401);
          expect(await notify(base, 'SUP-ALPHA', 'ALPHA-SECRET', working)).toBe(204);
          expect(await notify(base, 'SUP-ALPHA', 'ALPHA-SECRET', working)).toBe(204);
          // Alpha's next event (the one that may end the problem): once it is in history, whatever came before would be too.
          expect(
            await notify(base, 'SUP-ALPHA', 'ALPHA-SECRET', ticket('EVT-TT-2', 'resolved', 'line card replaced')),
          ).toBe(204);
          const received = await reportsUpTo(
            rt,
            partnerProblemId,
            'supplierProblemReport',
            (r) => r['status'] === 'resolved',
          );
          expect(received.filter((r) => r['supplierReference'] === 'TT-AT-ALPHA-1')).toEqual([
            expect.objectContaining({ partnerProblemId, status: 'inProgress', detail: 'engineer on site' }),
            expect.objectContaining({ partnerProblemId, status: 'resolved', detail: 'line card replaced' }),
          ]);
        } finally {
          await server.app.close();
          // The resolved report may have let it confirm the fix and close already.
          await rt.client.workflow
            .getHandle(partnerProblemId)
            .terminate('test over')
            .catch((err: unknown) => {
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            });
        }
      },
      { layers: ['sprm'], installedBase: true, supplierSpeed: 1 },
    );
  }, 120_000);
});
