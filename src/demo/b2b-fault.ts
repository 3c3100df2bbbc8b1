import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TroubleTicketResult } from '../domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS } from '../domain/assurance/timings';
import { LAYER_NAMES, type LayerKey, taskQueueFor } from '../layers';
import type { Runtime } from '../runtime/embedded';
import { injectFault, UNTIL_REPAIRED } from '../simulators/network';
import { decodeWithClient } from '../temporal/codec-history';
import { traceProcesses } from '../temporal/process-trace';
import { byLayer } from './assurance';
import { etomIdsByLayer } from './fulfilment-changes';
import type { DemoReporter } from './reporter';
import type { B2bAgreement, RunningWholesaler } from './b2b-wholesaler';

/** The TMF621 and TMF642 base paths, as the wholesaler's API serves them. */
const TMF621_BASE = '/tmf-api/troubleTicket/v4';
const TMF642_BASE = '/tmf-api/alarm/v4';
/** How long the fault may take, both enterprises' assurance at demo timings: a hang says so. */
const FAULT_WITHIN_MS = 300_000;

/**
 * The supplier's fix, as the retailer's network sees it. The retailer's simulated network
 * stands for its end of the circuit it bought: it sees light again when the wholesaler has
 * fixed its side, which the wholesaler then says in its ticket's `resolved` event. A simulated
 * supplier clears the fault the same way when it resolves (applyDueFixes); over HTTP the demo
 * plays the fibre: the fault is cleared when that event reaches the listener, before the
 * listener signals the partner problem, whose 1.A.4.3.3 then tests the circuit as fixed.
 */
export function supplierFixes(app: FastifyInstance, rt: Runtime, supplierId: string, agreement: B2bAgreement) {
  const circuits = new Map<string, string>();
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.method !== 'POST' || !request.url.startsWith(`/partner/${supplierId}/listener`)) return;
    // The wholesaler's own token only (in the callback's query, as its hub sends it, or a bearer
    // header): the listener refuses anyone else, and so does the fibre.
    const query = (request.query as Record<string, unknown> | undefined)?.['token'];
    const token = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? query;
    if (token !== agreement.listenerToken) return;
    const event = (request.body as { event?: { troubleTicket?: Record<string, unknown> } } | undefined)?.event;
    const ticket = event?.troubleTicket;
    if (!ticket || ticket['status'] !== 'resolved') return;
    const problemId = String(ticket['externalId'] ?? ticket['id']);
    const circuit = circuits.get(problemId);
    if (circuit)
      await rt.store.ports.networkActivation.repair(
        `b2b-fix/${problemId}`,
        circuit,
        `${supplierId} fixed its side (ticket ${String(ticket['id'])})`,
      );
  });
  return { expect: (problemId: string, circuit: string) => void circuits.set(problemId, circuit) };
}

export interface FaultContext {
  rt: Runtime;
  report: DemoReporter;
  wholesaler: RunningWholesaler;
  agreement: B2bAgreement;
  fixes: ReturnType<typeof supplierFixes>;
  stamp: string;
  /** The retailer's partner order that bought the circuit, and the wholesaler's product order for it. */
  partnerOrderId: string;
  supplierOrderId: string;
  /** The retailer's customer and service on that circuit. */
  customerId: string;
  serviceId: string;
}

/**
 * A fault on the wholesaler's circuit, after the order, on the same two instances:
 *  - the wholesaler's network raises loss of signal on it (TMF642, its element manager's
 *    token): its surveillance (1.A.3.3.1) takes the alarm;
 *  - the retailer's VPN site goes down with it: its customer calls; the retailer's Problem
 *    Handling (1.A.1.x) opens a service problem, whose diagnosis (1.A.2.3.2) finds the
 *    circuit supplied by the wholesaler; S/PRM reports it (1.A.4.3.1) as a TMF621 ticket;
 *  - the wholesaler's Problem Handling works the ticket and resolves it; its hub event closes
 *    the retailer's partner problem (1.A.4.3.2/.3), which closes the ticket at the wholesaler;
 *    the retailer's service problem certifies the service and its customer is told.
 */
export async function runB2bFault(c: FaultContext) {
  const { rt, report, wholesaler } = c;
  const circuit = rt.store.db
    .prepare(`SELECT id FROM resources WHERE json_extract(attributes, '$.partnerOrderId') = ? ORDER BY id`)
    .pluck()
    .get(c.partnerOrderId) as string | undefined;
  if (!circuit) throw new Error(`the retailer holds no circuit bought under ${c.partnerOrderId}`);

  const alarm = await raiseAtWholesaler(c);
  report.step(`wholesaler's network: loss of signal on ${alarm.alarmedObject} (TMF642 alarm ${alarm.id})`);
  // The same cut at the retailer's end: its tests across the circuit fail until the wholesaler's fix.
  injectFault(rt.store.db, circuit, 'testResource', UNTIL_REPAIRED);

  const ticketId = `TT-${c.stamp}-B2B`;
  const serviceProblemId = `SP-${ticketId}`;
  const partnerProblemId = `PP-${serviceProblemId}`;
  c.fixes.expect(partnerProblemId, circuit);
  const handle = await rt.client.workflow.start('troubleTicket', {
    taskQueue: taskQueueFor('crm', rt.taskQueuePrefix),
    workflowId: ticketId,
    args: [
      {
        ticketId,
        origin: 'customer',
        customerId: c.customerId,
        serviceId: c.serviceId,
        description: 'our Marseille site has lost the VPN',
        urgency: 'high',
        // The wholesaler's news by its hub only: no poll, no escalation before an hour.
        timings: { ...DEMO_ASSURANCE_TIMINGS, supplierPollInterval: '1 hour', supplierResolutionTarget: '1 hour' },
      },
    ],
  });
  report.step(`retailer: ${ticketId}: ${c.customerId} reports "our Marseille site has lost the VPN"`);
  const ticket = await within(handle.result() as Promise<TroubleTicketResult>, FAULT_WITHIN_MS, `${ticketId} closed`);
  report.step(`retailer: ${ticketId} ${ticket.state}: ${ticket.resolution ?? ''}`);
  report.draw(ticketId, 'the retailer’s ticket, down to the wholesaler’s');

  // SM&O certifies the service once the wholesaler says it is fixed; S/PRM's confirmation (the
  // test of the circuit, the close of the wholesaler's ticket) ends its own workflow beside it.
  const reported = await rt.store.ports.partnerProblems.get(partnerProblemId);
  if (reported)
    await within(
      rt.client.workflow.getHandle(partnerProblemId).result(),
      FAULT_WITHIN_MS,
      `${partnerProblemId} closed`,
    );
  const problem = await rt.store.ports.partnerProblems.get(partnerProblemId);
  const theirs = problem?.supplierReference
    ? await wholesaler.read<Record<string, unknown>>(
        `${TMF621_BASE}/troubleTicket/${encodeURIComponent(problem.supplierReference)}`,
      )
    : null;
  if (theirs) report.step(`wholesaler: ticket ${String(theirs['id'])} ${String(theirs['status'])}`);
  const alarmNow = await wholesaler.read<Record<string, unknown>>(`${TMF642_BASE}/alarm/${alarm.id}`);
  return {
    circuit,
    retailer: {
      ticketId,
      state: ticket.state,
      serviceProblemId,
      partnerProblem: problem
        ? {
            id: problem.id,
            state: problem.state,
            supplierReference: problem.supplierReference,
            escalated: problem.escalated,
            events: (await rt.store.ports.partnerProblems.events(problem.id)).map((e) => e.kind),
          }
        : null,
      // The statuses the wholesaler's hub told the partner problem (its supplierProblemReport signals).
      hubReports: problem ? await problemReportsOf(rt.client, problem.id) : [],
      // What the customer was told about their ticket.
      customerTold: rt.store.db
        .prepare('SELECT subject FROM notifications WHERE reference = ? ORDER BY rowid')
        .pluck()
        .all(ticketId) as string[],
      etomIdsByLayer: byLayer(await traceProcesses(rt.client, ticketId)),
    },
    wholesaler: {
      // As its APIs answered (TMF642, TMF621): a reader checks them against the specifications.
      alarm: alarmNow,
      ticket: theirs,
      etomIdsByLayer: theirs ? await wholesalerIds(wholesaler, String(theirs['id'])) : {},
    },
  };
}

/**
 * The wholesaler's element manager raises loss of signal on the circuit behind the product it
 * sold us, found through its own inventories (TMF622 → TMF637 → TMF639, read-only token).
 */
async function raiseAtWholesaler(c: FaultContext): Promise<{ id: string; alarmedObject: string }> {
  const order = await c.wholesaler.read<{ productOrderItem: Array<{ product?: { id?: string } }> }>(
    `/tmf-api/productOrderingManagement/v4/productOrder/${encodeURIComponent(c.supplierOrderId)}`,
  );
  const productId = order.productOrderItem.find((i) => i.product?.id)?.product?.id;
  if (!productId) throw new Error(`the wholesaler's order ${c.supplierOrderId} names no product`);
  const product = await c.wholesaler.read<{ realizingResource?: Array<{ id: string }> }>(
    `/tmf-api/productInventory/v4/product/${encodeURIComponent(productId)}`,
  );
  let alarmed: string | undefined;
  for (const r of product.realizingResource ?? []) {
    const resource = await c.wholesaler.read<{ resourceSpecification?: { id?: string } }>(
      `/tmf-api/resourceInventoryManagement/v4/resource/${encodeURIComponent(r.id)}`,
    );
    if (resource.resourceSpecification?.id === 'RS-ACCESS-CIRCUIT') alarmed = r.id;
  }
  if (!alarmed) throw new Error(`the wholesaler's product ${productId} is realized by no access circuit`);
  const res = await fetch(`${c.wholesaler.address}${TMF642_BASE}/alarm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.agreement.networkToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      alarmType: 'communicationsAlarm',
      perceivedSeverity: 'major',
      probableCause: 'lossOfSignal',
      specificProblem: 'no optical signal received',
      alarmedObject: { id: alarmed },
      sourceSystemId: 'EMS-WHOLESALER',
      externalAlarmId: `LOS-${c.stamp}`,
      state: 'raised',
      alarmRaisedTime: new Date().toISOString(),
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the wholesaler's alarm API answered ${res.status}: ${text.slice(0, 300)}`);
  return { id: String((JSON.parse(text) as { id: string }).id), alarmedObject: alarmed };
}

/** The statuses of the `supplierProblemReport` signals in the partner problem's history. */
async function problemReportsOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await decodeWithClient(client, await client.workflow.getHandle(workflowId).fetchHistory());
  const converter = client.options.loadedDataConverter.payloadConverter;
  return (history.events ?? []).flatMap((e) => {
    const s = e.workflowExecutionSignaledEventAttributes;
    const payload = s?.signalName === 'supplierProblemReport' ? s.input?.payloads?.[0] : undefined;
    return payload ? [converter.fromPayload<{ status: string }>(payload).status] : [];
  });
}

/** The eTOM ids of the wholesaler's flow for its ticket, read through its dashboard API. */
async function wholesalerIds(wholesaler: RunningWholesaler, ticketId: string) {
  const trace = await wholesaler.read<{
    workflows: Array<{ workflowId: string; type: string }>;
    steps: Array<{ workflowId: string; lane: string; process: { id: string } | null }>;
  }>(`/dashboard/api/flows/${encodeURIComponent(ticketId)}/trace`);
  // Its Retention & Loyalty, asked after the ticket, runs on its own time: not the fault's flow.
  const relationship = new Set(
    trace.workflows.filter((w) => w.type === 'customerRelationship').map((w) => w.workflowId),
  );
  return etomIdsByLayer(
    trace.steps
      .filter((s) => s.process && !relationship.has(s.workflowId))
      .map((s) => ({ etomId: s.process!.id, layer: LAYER_NAMES[s.lane as LayerKey] ?? s.lane })),
  );
}

async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`the b2b fault: ${what} did not come within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
