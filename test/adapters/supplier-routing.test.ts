import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPartnerGateway, createRoutingPartnerGateway } from '../../src/adapters/http/routing-partner-gateway';
import { loadSuppliers } from '../../src/config/suppliers';
import { loadConfig } from '../../src/config';
import { TransientFault } from '../../src/contracts/errors';
import type { PartnerGatewayPort, Requisition } from '../../src/ports/partner-gateway';

/** A gateway that answers every call with who it is and what it was asked: the routing's witness. */
function witness(name: string, calls: string[]): PartnerGatewayPort {
  return new Proxy({} as PartnerGatewayPort, {
    // Not a thenable: the routing awaits the gateway it looks up.
    get: (_t, method: string) =>
      method === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            const id =
              args.find((a) => typeof a === 'string' && /^(REQ|PP|SC|SUP)-/.test(a)) ??
              (args[1] as { requisitionId?: string } | undefined)?.requisitionId;
            calls.push(`${name}:${method}:${String(id)}`);
            return { by: name };
          },
  });
}

const records = {
  'REQ-HTTP': 'SUP-WHOLESALE',
  'REQ-SIM': 'SUP-ALPHA',
  'PP-HTTP': 'SUP-WHOLESALE',
  'PP-SIM': 'SUP-ALPHA',
} as Record<string, string>;
const byId = { get: async (id: string) => (records[id] ? { supplierId: records[id] } : undefined) } as never;

const requisition = (requisitionId: string, supplierId: string): Requisition => ({
  requisitionId,
  supplierId,
  contractId: 'SC-1',
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  region: 'MRS',
  quantity: 1,
  replyToWorkflowId: requisitionId,
});

describe('the routing partner gateway: each call to the gateway of the supplier it is about', () => {
  it('sends a configured supplier’s requisitions and problems to its adapter, every other supplier’s to the simulator', async () => {
    const calls: string[] = [];
    const port = createRoutingPartnerGateway({
      fallback: witness('sim', calls),
      suppliers: { 'SUP-WHOLESALE': witness('http', calls) },
      partnerOrders: byId,
      partnerProblems: byId,
    });
    await port.placeRequisition('k1', requisition('REQ-HTTP', 'SUP-WHOLESALE'));
    await port.placeRequisition('k2', requisition('REQ-SIM', 'SUP-ALPHA'));
    await port.status('REQ-HTTP');
    await port.cancelRequisition('k3', 'REQ-SIM', 'no longer needed');
    await port.acceptanceTest('REQ-HTTP');
    await port.problemStatus('PP-HTTP');
    await port.closeProblem('k4', 'PP-SIM', 'fixed');
    await port.escalateProblem('k5', 'PP-HTTP', 'late');
    // A supplier's bill, and our dispute of it, go to that supplier's adapter.
    await port.supplierBill('SUP-WHOLESALE', 'P1');
    await port.answerDispute('SUP-ALPHA', {
      supplierReference: 'B1',
      amountMinor: 1,
      reason: 'r',
      aboveContract: true,
    });
    // Contracts and quotes are ours; an id the store does not know is the fallback's to refuse.
    await port.quote('SC-1', 1);
    await port.status('REQ-UNKNOWN');
    expect(calls).toEqual([
      'http:placeRequisition:REQ-HTTP',
      'sim:placeRequisition:REQ-SIM',
      'http:status:REQ-HTTP',
      'sim:cancelRequisition:REQ-SIM',
      'http:acceptanceTest:REQ-HTTP',
      'http:problemStatus:PP-HTTP',
      'sim:closeProblem:PP-SIM',
      'http:escalateProblem:PP-HTTP',
      'http:supplierBill:SUP-WHOLESALE',
      'sim:answerDispute:SUP-ALPHA',
      'sim:quote:SC-1',
      'sim:status:REQ-UNKNOWN',
    ]);
  });

  it('with no supplier configured, the gateway is the simulator itself', () => {
    const sim = witness('sim', []);
    expect(configuredPartnerGateway(sim, {}, { partnerOrders: byId, partnerProblems: byId })).toBe(sim);
  });
});

describe('ETOM_SUPPLIERS', () => {
  const entry = {
    adapter: 'http',
    baseUrl: 'https://wholesaler.example',
    tokenEnv: 'WHOLESALE_TOKEN',
    listenerTokenEnv: 'WHOLESALE_LISTENER_TOKEN',
    buyerId: 'CUST-1005',
    offerings: { 'RS-ACCESS-CIRCUIT': { productOfferingId: 'PO-VPN-BIZ' } },
  };
  const env = { WHOLESALE_TOKEN: 'our-secret', WHOLESALE_LISTENER_TOKEN: 'their-secret' };

  it('reads each supplier’s tokens from the variables it names; absent, every supplier is simulated', () => {
    const config = loadConfig({ ETOM_SUPPLIERS: JSON.stringify({ 'SUP-WHOLESALE': entry }), ...env }, '/tmp');
    expect(config.suppliers['SUP-WHOLESALE']).toMatchObject({
      supplierId: 'SUP-WHOLESALE',
      baseUrl: 'https://wholesaler.example',
      token: 'our-secret',
      listenerToken: 'their-secret',
    });
    expect(loadConfig({}, '/tmp').suppliers).toEqual({});
  });

  it.each([
    ['not JSON', '{oops', /ETOM_SUPPLIERS: not JSON/],
    ['a missing file', 'no/such/suppliers.json', /neither JSON nor a readable file/],
    ['an adapter it does not know', { ...entry, adapter: 'ftp' }, /SUP-WHOLESALE\.adapter/],
    ['a base URL that is not http(s)', { ...entry, baseUrl: 'file:///etc/passwd' }, /SUP-WHOLESALE\.baseUrl/],
    [
      'a token given in place of its variable',
      { ...entry, tokenEnv: 'Bearer abc' },
      /tokenEnv: must be an environment variable name/,
    ],
    ['a field it does not know', { ...entry, token: 'inline' }, /SUP-WHOLESALE: Unrecognized key/],
    [
      'a token variable not set',
      { ...entry, tokenEnv: 'UNSET_TOKEN' },
      /SUP-WHOLESALE\.tokenEnv: the variable UNSET_TOKEN is not set/,
    ],
  ])('refuses %s, naming where', (_what, value, message) => {
    const text = typeof value === 'string' ? value : JSON.stringify({ 'SUP-WHOLESALE': value });
    expect(() => loadSuppliers(text, env, '/tmp')).toThrow(message);
    // The error never carries a token's value.
    try {
      loadSuppliers(text, env, '/tmp');
    } catch (err) {
      expect(String(err)).not.toMatch(/our-secret|their-secret/);
    }
  });
});

describe('a supplier configured over HTTP', () => {
  const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        res.setHeader('content-type', 'application/json');
        if (req.url!.endsWith('/hub')) {
          res.statusCode = 201;
          res.end(JSON.stringify({ id: 'SUB-1', callback: (JSON.parse(body) as { callback: string }).callback }));
        } else {
          // The supplier is down: the order must come back a TransientFault from its adapter.
          res.statusCode = 503;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('gets its orders over TMF622 with our token, after our listener is registered at its hub once', async () => {
    const suppliers = loadSuppliers(
      JSON.stringify({
        'SUP-WHOLESALE': {
          adapter: 'http',
          baseUrl: base,
          tokenEnv: 'WHOLESALE_TOKEN',
          listenerTokenEnv: 'WHOLESALE_LISTENER_TOKEN',
          listenerUrl: 'https://retailer.example/partner/SUP-WHOLESALE/listener',
          buyerId: 'CUST-1005',
          offerings: { 'RS-ACCESS-CIRCUIT': { productOfferingId: 'PO-VPN-BIZ' } },
        },
      }),
      { WHOLESALE_TOKEN: 'our-secret', WHOLESALE_LISTENER_TOKEN: 'their-secret' },
    );
    const calls: string[] = [];
    const port = configuredPartnerGateway(witness('sim', calls), suppliers, {
      partnerOrders: byId,
      partnerProblems: byId,
    });
    for (const key of ['k1', 'k2']) {
      const err = await port.placeRequisition(key, requisition('REQ-HTTP', 'SUP-WHOLESALE')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientFault);
      expect(String(err)).not.toContain('our-secret');
    }
    await port.placeRequisition('k3', requisition('REQ-SIM', 'SUP-ALPHA'));

    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /tmf-api/productOrderingManagement/v4/hub',
      'POST /tmf-api/productOrderingManagement/v4/productOrder',
      'POST /tmf-api/productOrderingManagement/v4/productOrder',
    ]);
    expect(seen.every((r) => r.auth === 'Bearer our-secret')).toBe(true);
    const callback = new URL((JSON.parse(seen[0]!.body) as { callback: string }).callback);
    expect(callback.pathname).toBe('/partner/SUP-WHOLESALE/listener');
    expect(callback.searchParams.get('token')).toBe('their-secret');
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ externalId: 'REQ-HTTP' });
    expect(calls).toEqual(['sim:placeRequisition:REQ-SIM']);
  });
});
