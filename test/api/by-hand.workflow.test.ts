import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi } from '../../src/api/start';
import { startFieldTechnicians } from '../../src/simulators/field-technicians';
import { seedStandingFault } from '../../src/simulators/network';
import { workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { eventually } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';
import { expectValid, fibreOrder, troubleReport } from './support';

const TOKEN = 'by-hand-token-0123456789';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-by-hand-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/**
 * Someone who knows only the TMF APIs runs the demos by hand against the API as `etom dev`
 * starts it (startApi with the demo's timings) and the sample operator's simulated field
 * technicians: no Temporal client, no signal, nothing but HTTP.
 */
describe('the sample operator through its TMF APIs alone (etom dev)', () => {
  it('a product order completes, and a customer’s trouble is repaired by a technician and confirmed', async () => {
    await withWorkers(
      async (rt) => {
        const api = await startApi({
          client: rt.client,
          ports: rt.store.ports,
          dataDir,
          taskQueuePrefix: rt.prefix,
          timings: 'demo',
          env: { ETOM_API_PORT: '0', ETOM_API_TOKENS: `${TOKEN}=read,write` },
        });
        const technicians = startFieldTechnicians({
          workforce: rt.store.ports.workforce,
          clock: rt.store.ports.clock,
          onSiteMs: 500,
          intervalMs: 200,
          deliver: (workflowId, c) => rt.client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, c),
        });
        const http = async (method: string, url: string, definition: string, file: string, body?: unknown) => {
          const res = await fetch(`${api.address}${url}`, {
            method,
            headers: {
              authorization: `Bearer ${TOKEN}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const parsed = (await res.json()) as Record<string, unknown>;
          expectValid(res.status >= 400 ? 'Error' : definition, parsed, file);
          return { status: res.status, body: parsed };
        };
        try {
          // Fulfilment: TMF622, then the order's service orders through TMF641.
          const TMF622 = 'TMF622-ProductOrdering-v4.0.0.swagger.json';
          const PO = '/tmf-api/productOrderingManagement/v4/productOrder';
          const orderId = rt.id('HAND-FIBRE');
          const placed = await http('POST', PO, 'ProductOrder', TMF622, fibreOrder(orderId));
          expect([placed.status, placed.body['state']]).toEqual([201, 'acknowledged']);
          await eventually(
            async () => (await http('GET', `${PO}/${orderId}`, 'ProductOrder', TMF622)).body['state'] === 'completed',
            `order ${orderId} completed`,
            90_000,
          );
          const TMF641 = 'TMF641-ServiceOrdering-v4.0.0.swagger.json';
          const SO = `/tmf-api/serviceOrdering/v4/serviceOrder?externalReference.name=${orderId}`;
          const listed = await fetch(`${api.address}${SO}`, { headers: { authorization: `Bearer ${TOKEN}` } });
          const serviceOrders = (await listed.json()) as Array<Record<string, unknown>>;
          for (const so of serviceOrders) expectValid('ServiceOrder', so, TMF641);
          expect(serviceOrders.map((so) => so['state'])).toEqual(serviceOrders.map(() => 'completed'));
          expect(serviceOrders.length).toBeGreaterThan(0);

          // Assurance: the customer's router dies; they call through TMF621; a technician repairs it.
          seedStandingFault(rt.store.db); // what `etom dev` starts its sample network with
          const TMF621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';
          const TT = '/tmf-api/troubleTicket/v4/troubleTicket';
          const ticketId = rt.id('HAND-TT');
          const opened = await http('POST', TT, 'TroubleTicket', TMF621, troubleReport(ticketId));
          expect(opened.status).toBe(201);
          await eventually(
            async () => (await http('GET', `${TT}/${ticketId}`, 'TroubleTicket', TMF621)).body['status'] === 'resolved',
            `ticket ${ticketId} resolved`,
            90_000,
          );
          const confirmed = await http('PATCH', `${TT}/${ticketId}`, 'TroubleTicket', TMF621, {
            status: 'closed',
            statusChangeReason: 'works again',
          });
          expect([confirmed.status, confirmed.body['status']]).toEqual([200, 'closed']);
          // The technician's visit is on record, closed as done.
          const orders = await rt.store.ports.workforce.byReference(`SP-${ticketId}`);
          expect(orders.map((w) => w.state)).toEqual(['completed']);
        } finally {
          await technicians.stop();
          await api.close();
        }
      },
      { installedBase: true },
    );
    // An order and a repair, one after the other, across every layer: minutes on a loaded machine.
  }, 240_000);
});
