import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { LAYERS } from '../../src/layers';
import { resolveTemporalCli } from '../../src/temporal/cli-binary';
import { codecDataConverter, ENCRYPTED_ENCODING, isEncrypted } from '../../src/temporal/codec';
import { eventually } from '../support/fulfilment';
import { fromJsonPayloads, type JsonPayloads, toJsonPayloads } from './codec-payloads';
import { type ApiTestRuntime, placeCompletedFibreOrder, TOKENS, troubleReport, withApi } from './support';

/**
 * #16 acceptance: with a key configured, the raw history of an order (as the server stores it,
 * read without the codec) holds none of the customer's name, email address or phone; the API's
 * remote codec endpoint gives them back to a token holder only. A control run without a key
 * proves the same check does find them in plain histories.
 */
const UI = 'http://localhost:8233';
/** CUST-1005's name (in the store), and the address and phone its caller writes into a ticket. */
const PII = {
  name: 'Cabinet Bernard Avocats',
  address: '8 quai Saint-Antoine, 69002 Lyon',
  phone: '+33 4 78 42 10 10',
};
const key = { id: 'test-k1', key: randomBytes(32) };
const exec = promisify(execFile);

/** Every history of this test's four task queues, fetched raw (no codec) and serialised as the server keeps it. */
async function rawHistories(rt: ApiTestRuntime): Promise<Map<string, temporal.api.history.v1.History>> {
  const out = new Map<string, temporal.api.history.v1.History>();
  for (const layer of LAYERS) {
    for await (const w of rt.client.workflow.list({ query: `TaskQueue = '${rt.queue(layer)}'` })) {
      const events: temporal.api.history.v1.IHistoryEvent[] = [];
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await rt.client.workflowService.getWorkflowExecutionHistory({
          namespace: rt.client.options.namespace,
          execution: { workflowId: w.workflowId, runId: w.runId },
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        events.push(...(page.history?.events ?? []));
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);
      out.set(w.workflowId, temporal.api.history.v1.History.create({ events }));
    }
  }
  return out;
}

const bytesOf = (h: temporal.api.history.v1.History) => Buffer.from(temporal.api.history.v1.History.encode(h).finish());

/** The input and result payloads of every event (not headers nor search attributes). */
function eventPayloads(h: temporal.api.history.v1.History): Payload[] {
  const found: Payload[] = [];
  for (const e of h.events) {
    const a = e.workflowExecutionStartedEventAttributes ?? e.activityTaskScheduledEventAttributes;
    const r = e.activityTaskCompletedEventAttributes ?? e.workflowExecutionCompletedEventAttributes;
    found.push(...(a?.input?.payloads ?? []), ...(r?.result?.payloads ?? []));
  }
  return found;
}

/**
 * What carries the customer through the workflows: a TMF621 ticket whose description names
 * them (free text, as callers write it), Customer Interface Management answering their request
 * for the details the operator holds (their name, from the store), and a TMF622 order.
 */
async function customerFlows(rt: ApiTestRuntime, name: string): Promise<{ orderId: string; ticketId: string }> {
  rt.store.db.prepare(`UPDATE customers SET phone = ? WHERE id = 'CUST-1005'`).run(PII.phone);
  const ticket = {
    ...troubleReport(rt.id(`${name}-TT`)),
    description: `no internet since this morning; call ${PII.name}, ${PII.address}, on ${PII.phone}`,
  };
  const posted = await rt.call('POST', '/tmf-api/troubleTicket/v4/troubleTicket', {
    body: ticket,
    expect: 'TroubleTicket',
    spec: 'TMF621-TroubleTicket-v4.0.0.swagger.json',
  });
  expect(posted.status).toBe(201);
  const asked = await rt.client.workflow.execute('customerInteraction', {
    workflowId: rt.id(`${name}-details`),
    taskQueue: rt.queue('crm'),
    args: [
      {
        customerId: 'CUST-1005',
        channel: 'web',
        reason: 'account information',
        request: { requestType: 'customerDetails' },
      },
    ],
  });
  expect(JSON.stringify(asked)).toContain(PII.name);
  return { orderId: await placeCompletedFibreOrder(rt, `${name}-order`), ticketId: ticket.externalId };
}

describe('encrypted payloads (#16)', () => {
  it('control: without a key, the raw histories of an order show the customer in plain text', async () => {
    await withApi(
      async (rt) => {
        await customerFlows(rt, 'codec-control');
        const all = Buffer.concat([...(await rawHistories(rt)).values()].map(bytesOf));
        for (const v of Object.values(PII)) expect(all.includes(v), v).toBe(true);
      },
      { installedBase: true },
    );
  });

  it('with a key, no raw history holds them; /codec/decode gives them back to a token holder only', async () => {
    await withApi(
      async (rt) => {
        const { orderId: id } = await customerFlows(rt, 'codec-sealed');
        const histories = await rawHistories(rt);
        expect(histories.size).toBeGreaterThan(2); // the order, its service and resource orders, at least
        for (const [workflowId, h] of histories) {
          const raw = bytesOf(h);
          for (const v of Object.values(PII)) expect(raw.includes(v), `${v} in ${workflowId}`).toBe(false);
          const payloads = eventPayloads(h);
          expect(payloads.length, workflowId).toBeGreaterThan(0);
          for (const p of payloads) expect(isEncrypted(p), workflowId).toBe(true);
        }

        // Search attributes are never sealed: visibility still finds the order by customer and state.
        const query = `WorkflowId = '${id}' AND EtomCustomerId = 'CUST-1001' AND EtomState = 'completed'`;
        await eventually(async () => {
          for await (const w of rt.client.workflow.list({ query })) return w.workflowId === id;
          return false;
        }, `visibility to list ${id} as completed`);

        const sealed = [...histories.values()].flatMap(eventPayloads);
        const decode = (token: string | null, origin?: string) =>
          fetch(`${rt.base}/codec/decode`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(origin ? { origin } : {}),
            },
            body: JSON.stringify(toJsonPayloads(sealed)),
          });

        const denied = await decode(null, UI);
        expect(denied.status).toBe(401);
        expect(await denied.json()).toMatchObject({ '@type': 'Error', code: 'UNAUTHORIZED', status: '401' });
        // The UI can read the refusal: CORS headers on errors too.
        expect(denied.headers.get('access-control-allow-origin')).toBe(UI);
        expect((await decode(TOKENS.otherApi)).status).toBe(403);

        const opened = await decode(TOKENS.reader, UI);
        expect(opened.status).toBe(200);
        expect(opened.headers.get('access-control-allow-origin')).toBe(UI);
        const payloads = fromJsonPayloads((await opened.json()) as JsonPayloads);
        expect(payloads).toHaveLength(sealed.length);
        expect(payloads.some(isEncrypted)).toBe(false);
        const text = JSON.stringify(payloads.map((p) => defaultPayloadConverter.fromPayload(p)));
        for (const v of Object.values(PII)) expect(text, v).toContain(v);
      },
      { dataConverter: codecDataConverter([key]), webUiUrl: UI, installedBase: true },
    );
  });

  it('the Temporal CLI shows the sealed history, and reads it through the codec endpoint with a token', async () => {
    const cli = await resolveTemporalCli(loadConfig());
    expect(cli.type, 'a temporal CLI binary (the one the test server runs)').toBe('existing-path');
    const binary = (cli as { path: string }).path;
    await withApi(
      async (rt) => {
        const { ticketId } = await customerFlows(rt, 'codec-cli');
        const address = inject('temporalAddress');
        const show = (...extra: string[]) =>
          exec(
            binary,
            [
              'workflow',
              'show',
              '--output',
              'json',
              '--address',
              address,
              '--namespace',
              rt.client.options.namespace,
            ].concat(['--workflow-id', ticketId], extra),
            { maxBuffer: 64 * 1024 * 1024 },
          ).then((r) => readable(r.stdout));
        const raw = await show();
        expect(raw).toContain(ENCRYPTED_ENCODING);
        for (const v of Object.values(PII)) expect(raw, v).not.toContain(v);
        const decoded = await show('--codec-endpoint', `${rt.base}/codec`, '--codec-auth', `Bearer ${TOKENS.reader}`);
        expect(decoded).not.toContain(ENCRYPTED_ENCODING);
        for (const v of Object.values(PII)) expect(decoded, v).toContain(v);
      },
      { dataConverter: codecDataConverter([key]), webUiUrl: UI, installedBase: true },
    );
  });
});

/** The CLI's JSON with every payload's base64 metadata and data spelled out, as a person would read them. */
function readable(output: string): string {
  const spelled: string[] = [output];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o['data'] === 'string' && o['metadata'] && typeof o['metadata'] === 'object') {
      spelled.push(Buffer.from(o['data'], 'base64').toString('utf8'));
      for (const v of Object.values(o['metadata']))
        if (typeof v === 'string') spelled.push(Buffer.from(v, 'base64').toString());
    }
    Object.values(o).forEach(walk);
  };
  walk(JSON.parse(output));
  return spelled.join('\n');
}
