import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadApiConfig } from '../api/config';
import { createApiServer, listen } from '../api/server';
import { parseTokens } from '../api/tokens';
import type { EtomConfig } from '../config';
import { loadSuppliers } from '../config/suppliers';
import { DEMO_TIMINGS } from '../domain/fulfilment/timings';
import { submitProductOrder } from '../fulfilment/submit';
import { LAYER_NAMES, type LayerKey } from '../layers';
import type { Runtime } from '../runtime/embedded';
import { decodeWithClient } from '../temporal/codec-history';
import { traceProcesses } from '../temporal/process-trace';
import { partnerOrderId } from '../../workflows/sprm/sp-requisition-management';
import { runB2bFault, supplierFixes } from './b2b-fault';
import { runB2bSettlement } from './b2b-settlement';
import { writeB2bTrace } from './b2b-trace';
import { etomIdsByLayer, ownProcesses } from './fulfilment-changes';
import type { DemoReporter } from './reporter';
import {
  type B2bAgreement,
  loadAgreement,
  type RunningWholesaler,
  startWholesaler,
  TMF622_BASE,
} from './b2b-wholesaler';

/** The wholesaler is the retailer's supplier SUP-ALPHA (Alpha Wholesale Networks in its seed). */
export const WHOLESALER_SUPPLIER_ID = 'SUP-ALPHA';
/** The retailer's account at the wholesaler: a business customer of its sample operator. */
export const RETAILER_ACCOUNT = 'CUST-1005';
/**
 * `b2b-rejected`: the retailer's account at the wholesaler is one its credit check refuses (in
 * arrears there, 95 days past due), so the wholesaler rejects the order.
 */
export const ACCOUNT_IN_ARREARS = 'CUST-1004';

/** How the wholesaler answers: it delivers (`b2b`), or it rejects the order (`b2b-rejected`). */
export type B2bScenario = 'delivered' | 'rejected';
const ACCESS_CIRCUIT = 'RS-ACCESS-CIRCUIT';

/** The variables the retailer's ETOM_SUPPLIERS entry names: where its tokens are read from. */
const TOKEN_ENV = 'ETOM_B2B_TOKEN_AT_WHOLESALER';
const LISTENER_TOKEN_ENV = 'ETOM_B2B_WHOLESALER_LISTENER_TOKEN';

/**
 * The retailer's ETOM_SUPPLIERS: its access circuits in Marseille bought from the wholesaler
 * over TMF622 (a VPN site there for its account), and its listener registered at the
 * wholesaler's hubs; every other supplier stays simulated.
 */
export function retailerSuppliers(
  wholesaler: string,
  agreement: Pick<B2bAgreement, 'retailerToken' | 'listenerToken' | 'listenerPort'>,
  buyerId = RETAILER_ACCOUNT,
) {
  const json = JSON.stringify({
    [WHOLESALER_SUPPLIER_ID]: {
      adapter: 'http',
      baseUrl: wholesaler,
      tokenEnv: TOKEN_ENV,
      listenerTokenEnv: LISTENER_TOKEN_ENV,
      listenerUrl: `http://127.0.0.1:${agreement.listenerPort}/partner/${WHOLESALER_SUPPLIER_ID}/listener`,
      buyerId,
      offerings: {
        [ACCESS_CIRCUIT]: {
          productOfferingId: 'PO-VPN-BIZ',
          productCharacteristic: [
            { name: 'vpnName', value: 'RETAILER-ACCESS' },
            { name: 'bandwidthMbps', value: 100 },
          ],
        },
      },
    },
  });
  return loadSuppliers(json, { [TOKEN_ENV]: agreement.retailerToken, [LISTENER_TOKEN_ENV]: agreement.listenerToken });
}

export interface PreparedDemo {
  /** The retailer's configuration, with its supplier served over HTTP. */
  config: EtomConfig;
  run(rt: Runtime, report: DemoReporter): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * `etom demo b2b`, before the retailer's runtime starts: the wholesaler started as a process
 * of its own, and the retailer configured to buy from it. `run` then places the retailer's VPN
 * order; `close` stops the wholesaler (also on Ctrl-C: the CLI closes what it prepared).
 */
export async function prepareB2bDemo(
  cfg: EtomConfig,
  report: DemoReporter,
  scenario: B2bScenario = 'delivered',
): Promise<PreparedDemo> {
  const agreement = await loadAgreement(cfg.dataDir);
  const wholesaler = await startWholesaler({ retailerDataDir: cfg.dataDir, agreement, log: report.step });
  const buyerId = scenario === 'rejected' ? ACCOUNT_IN_ARREARS : RETAILER_ACCOUNT;
  const suppliers = { ...cfg.suppliers, ...retailerSuppliers(wholesaler.address, agreement, buyerId) };
  return {
    config: { ...cfg, suppliers },
    run: (rt, r) => runB2bDemo(rt, r, { wholesaler, agreement, suppliers, scenario, dataDir: cfg.dataDir }),
    close: () => wholesaler.stop(),
  };
}

interface TraceStep {
  workflowId: string;
  lane: string;
  process: { id: string } | null;
}
interface WholesalerTrace {
  workflows: Array<{ workflowId: string; type: string }>;
  steps: TraceStep[];
}

async function runB2bDemo(
  rt: Runtime,
  report: DemoReporter,
  b2b: {
    wholesaler: RunningWholesaler;
    agreement: B2bAgreement;
    suppliers: EtomConfig['suppliers'];
    scenario: B2bScenario;
    dataDir: string;
  },
) {
  // The retailer's own API, for its listener: where the wholesaler's hub sends its events.
  const api = await createApiServer({
    client: rt.client,
    ports: rt.store.ports,
    // The retailer's operator token, made for this run: the wholesaler holds no token to our APIs.
    tokens: parseTokens(`${randomToken()}=read`),
    tmfDir: loadApiConfig().tmfDir,
    taskQueuePrefix: rt.taskQueuePrefix,
    suppliers: b2b.suppliers,
  });
  // The wholesaler's fixes, as the retailer's end of the circuit sees them (the fault, after the order).
  const fixes = supplierFixes(api.app, rt, WHOLESALER_SUPPLIER_ID, b2b.agreement);
  try {
    const retailerApi = await listen(api, '127.0.0.1', b2b.agreement.listenerPort);
    report.step(
      `retailer's listener for ${WHOLESALER_SUPPLIER_ID}: ${retailerApi}/partner/${WHOLESALER_SUPPLIER_ID}/listener`,
    );
    return await placeVpnOrder(rt, report, { ...b2b, fixes });
  } finally {
    await api.app.close();
  }
}

/** What the retailer holds in Marseille that is not free: a rejected order leaves it as it was. */
const heldInMarseille = (rt: Runtime) =>
  rt.store.db
    .prepare(`SELECT id || ' ' || state FROM resources WHERE region = 'MRS' AND state <> 'available' ORDER BY id`)
    .pluck()
    .all() as string[];

async function placeVpnOrder(
  rt: Runtime,
  report: DemoReporter,
  {
    wholesaler,
    agreement,
    scenario,
    dataDir,
    fixes,
  }: {
    wholesaler: RunningWholesaler;
    agreement: B2bAgreement;
    scenario: B2bScenario;
    dataDir: string;
    fixes: ReturnType<typeof supplierFixes>;
  },
) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const externalId = `ORD-${stamp}-B2B${scenario === 'rejected' ? 'R' : ''}`;
  const heldBefore = heldInMarseille(rt);
  const handle = await submitProductOrder(
    rt.client,
    {
      externalId,
      customerId: 'CUST-1002',
      channel: 'web',
      items: [
        {
          id: '1',
          productOfferingId: 'PO-VPN-BIZ',
          region: 'MRS',
          characteristics: { vpnName: 'MARTIN-B2B', bandwidthMbps: 100 },
        },
      ],
      // Polling is the fallback (an hour apart here): the wholesaler's news comes by its hub's events.
      // The VLAN is held while the wholesaler builds the circuit, a few minutes on a busy machine.
      timings: { ...DEMO_TIMINGS, supplierPollInterval: '1 hour', reservationHold: '15 minutes' },
    },
    { taskQueuePrefix: rt.taskQueuePrefix },
  );
  report.step(
    `retailer: submitted ${externalId}: PO-VPN-BIZ@MRS for CUST-1002 (its access circuit from the wholesaler)`,
  );
  const outcome = await handle.result();
  report.step(`retailer: ${externalId} ${outcome.state}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  report.draw(externalId, 'the retailer’s order');

  const serviceOrderId = outcome.items[0]?.serviceOrders[0]?.id;
  const partner = serviceOrderId
    ? await rt.store.ports.partnerOrders.get(partnerOrderId(serviceOrderId, ACCESS_CIRCUIT))
    : undefined;
  const retailerProcesses = ownProcesses(await traceProcesses(rt.client, externalId), outcome);
  const supplierOrderId = partner?.supplierReference ?? null;
  const hubReports = partner ? await hubReportsOf(rt.client, partner.id) : [];
  const taken = partner
    ? (await rt.store.ports.partnerOrders.events(partner.id)).filter((e) => e.kind === 'supplierEvent')
    : [];

  // The wholesaler's side, through its APIs only: its product order (TMF622) and its flow (its dashboard's trace).
  const wholesale = supplierOrderId
    ? await wholesalerFlow(wholesaler, supplierOrderId)
    : { orderId: null, state: null, etomIdsByLayer: {}, layers: [] };
  if (supplierOrderId) {
    report.step(`wholesaler: product order ${supplierOrderId} ${wholesale.state ?? '?'}`);
    report.step(`  its layers: ${wholesale.layers.join(', ')}`);
  }
  // Both enterprises' lanes in one drawing, the wholesaler's half read through its API while it runs.
  const trace = supplierOrderId
    ? await writeB2bTrace(
        rt.client,
        dataDir,
        { address: wholesaler.address, token: agreement.operatorToken },
        externalId,
        supplierOrderId,
      )
    : null;
  if (trace) report.step(`both enterprises' lanes: ${trace.file}`);
  const heldAfter = heldInMarseille(rt);
  const service = outcome.items[0]?.serviceOrders[0]?.serviceId;
  // The same two instances then run a fault on the circuit the retailer bought.
  const fault =
    partner?.state === 'accepted' && supplierOrderId && service
      ? await runB2bFault({
          rt,
          report,
          wholesaler,
          agreement,
          fixes,
          stamp,
          partnerOrderId: partner.id,
          supplierOrderId,
          customerId: 'CUST-1002',
          serviceId: service,
        })
      : null;
  // Then the month's settlement: the wholesaler bills, the retailer checks the bill and disputes.
  const settlement =
    partner?.state === 'accepted'
      ? await runB2bSettlement({
          rt,
          report,
          wholesaler,
          supplierId: WHOLESALER_SUPPLIER_ID,
          account: RETAILER_ACCOUNT,
          stamp,
        })
      : null;
  return {
    flow: scenario === 'rejected' ? 'b2b-rejected' : 'b2b',
    retailer: {
      workflowId: externalId,
      state: outcome.state,
      reason: outcome.reason,
      layers: [...new Set(retailerProcesses.map((p) => p.layer))],
      etomIdsByLayer: etomIdsByLayer(retailerProcesses),
      partnerOrder: partner
        ? { id: partner.id, state: partner.state, supplierId: partner.supplierId, requisitionId: partner.requisitionId }
        : null,
      // The supplier's reports that reached the partner order as signals from our listener (the hub's events).
      hubReports,
      supplierEventsTaken: taken.map((e) => e.detail),
      // What the order took in the retailer's own inventory and gave back: equal when it failed.
      marseilleHeld: { before: heldBefore, after: heldAfter },
      serviceState: service ? ((await rt.store.ports.serviceInventory.getService(service))?.state ?? null) : null,
    },
    wholesaler: {
      productOrderId: wholesale.orderId,
      state: wholesale.state,
      layers: wholesale.layers,
      etomIdsByLayer: wholesale.etomIdsByLayer,
    },
    // The merged trace (mermaid): the retailer's lanes beside the wholesaler's.
    trace,
    // The fault on the circuit, both sides: the wholesaler's alarm, the retailer's ticket and supplier problem, its ticket.
    fault,
    // The month's settlement: the wholesaler's bill, the retailer's invoice of it and its dispute.
    settlement,
    links: {
      retailerPartnerOrder: partner?.id ?? null,
      retailerRequisition: partner?.requisitionId ?? null,
      wholesalerProductOrder: supplierOrderId,
      circuit: fault?.circuit ?? null,
      wholesalerAlarm: fault?.wholesaler.alarm['id'] ?? null,
      retailerSupplierProblem: fault?.retailer.partnerProblem?.id ?? null,
      wholesalerTicket: fault?.wholesaler.ticket?.['id'] ?? null,
      wholesalerBill: settlement?.wholesaler.billId ?? null,
      retailerSupplierInvoice: settlement?.retailer.invoice?.id ?? null,
      retailerDispute: settlement?.retailer.dispute?.id ?? null,
      disputedLines: settlement?.retailer.dispute?.lines.map((l) => l.reference) ?? [],
    },
  };
}

/** The `supplierReport` signals in the partner order's history: only our listener sends them here. */
async function hubReportsOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await decodeWithClient(client, await client.workflow.getHandle(workflowId).fetchHistory());
  const converter = client.options.loadedDataConverter.payloadConverter;
  return (history.events ?? []).flatMap((e) => {
    const s = e.workflowExecutionSignaledEventAttributes;
    const payload = s?.signalName === 'supplierReport' ? s.input?.payloads?.[0] : undefined;
    return payload ? [converter.fromPayload<{ kind: string }>(payload).kind] : [];
  });
}

async function wholesalerFlow(wholesaler: RunningWholesaler, orderId: string) {
  const order = await wholesaler.read<{ id: string; state: string }>(
    `${TMF622_BASE}/productOrder/${encodeURIComponent(orderId)}`,
  );
  const trace = await wholesaler.read<WholesalerTrace>(`/dashboard/api/flows/${encodeURIComponent(orderId)}/trace`);
  // Its Retention & Loyalty, handed the customer by the order, runs on its own time: not the order's flow.
  const relationship = new Set(
    trace.workflows.filter((w) => w.type === 'customerRelationship').map((w) => w.workflowId),
  );
  const processes = trace.steps
    .filter((s) => s.process && !relationship.has(s.workflowId))
    .map((s) => ({ etomId: s.process!.id, layer: LAYER_NAMES[s.lane as LayerKey] ?? s.lane }));
  const byLayer = etomIdsByLayer(processes);
  return { orderId: order.id, state: order.state, etomIdsByLayer: byLayer, layers: Object.keys(byLayer) };
}

const randomToken = () => `retailer-${randomUUID()}`;
