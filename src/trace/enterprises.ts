import { z } from 'zod';
import { supplierOrderIdOf } from '../adapters/http/supplier-order-id';
import { LAYERS } from '../layers';
import {
  ArrowSchema,
  EndSchema,
  LANE_TITLES,
  type Lane,
  StepSchema,
  type Trace,
  TraceSchema,
  TraceWorkflowSchema,
} from './model';

/**
 * The trace of one flow across two enterprises, each running etom-temporal: our flow, and the
 * flow it started at a partner through the partner's API (read back through that API only).
 * Each enterprise keeps its own lanes (its four eTOM layers, its outside parties), named
 * `<enterprise>_<lane>` and titled "<enterprise> <layer>"; both sit on one time axis (the two
 * instances read one clock when they run on one machine). Two arrows join them: our S/PRM's
 * requisition (TMF622 POST) to the partner's CRM product order, and the partner's hub event
 * back to our partner order, which our trace saw as a signal from an outside "supplier".
 */
const EnterpriseNameSchema = z.string().regex(/^[a-z]+$/, 'an enterprise is named in lower-case letters');
const MergedLaneSchema = z.string().regex(/^[a-z]+_[a-z]+$/);
const MergedEndSchema = EndSchema.extend({ lane: MergedLaneSchema });

export const EnterprisesTraceSchema = TraceSchema.extend({
  lanes: z.array(MergedLaneSchema),
  laneTitles: z.record(MergedLaneSchema, z.string()),
  enterprises: z.array(z.object({ name: EnterpriseNameSchema, title: z.string(), lanes: z.array(MergedLaneSchema) })),
  workflows: z.array(TraceWorkflowSchema.extend({ lane: MergedLaneSchema, enterprise: EnterpriseNameSchema })),
  steps: z.array(StepSchema.extend({ lane: MergedLaneSchema })),
  arrows: z.array(ArrowSchema.extend({ from: MergedEndSchema, to: MergedEndSchema })),
});
export type EnterprisesTrace = z.infer<typeof EnterprisesTraceSchema>;

export interface EnterpriseSide {
  /** `retailer`, `wholesaler`: the lanes' prefix and title. */
  name: string;
  trace: Trace;
}

/** Which of our partner orders the partner's flow is: its product order id is the requisition's, `/` as `:`. */
export interface EnterpriseLink {
  /** Our S/PRM partner order (its workflow id is the requisition id). */
  partnerOrderWorkflowId: string;
  /** The partner's product order: the root of its trace. */
  supplierOrderWorkflowId: string;
}

/** Our partner orders in a trace, each with the product order id a TMF622 partner holds it under. */
export function partnerOrdersOf(trace: Trace): EnterpriseLink[] {
  return trace.workflows
    .filter((w) => w.inTree && w.type === 'partnerOrder')
    .map((w) => ({ partnerOrderWorkflowId: w.workflowId, supplierOrderWorkflowId: supplierOrderIdOf(w.workflowId) }));
}

/** The requisition is placed by 1.F.4.2.3 Place & Track S/P Requisition with action `place`. */
const PLACE_REQUISITION = '1.F.4.2.3';

export function mergeEnterprises(ours: EnterpriseSide, theirs: EnterpriseSide, link: EnterpriseLink): EnterprisesTrace {
  if (ours.name === theirs.name) throw new Error(`two enterprises need two names (both are '${ours.name}')`);
  const partnerOrder = ours.trace.workflows.find((w) => w.workflowId === link.partnerOrderWorkflowId);
  if (!partnerOrder)
    throw new Error(
      `the ${ours.name}'s flow ${ours.trace.rootWorkflowId} has no partner order ${link.partnerOrderWorkflowId}`,
    );
  if (theirs.trace.rootWorkflowId !== link.supplierOrderWorkflowId)
    throw new Error(
      `the ${theirs.name}'s trace is of ${theirs.trace.rootWorkflowId}, not of its order ${link.supplierOrderWorkflowId}`,
    );
  const theirOrder = theirs.trace.workflows.find((w) => w.workflowId === theirs.trace.rootWorkflowId)!;
  const ourLane = (lane: Lane) => `${ours.name}_${lane}`;
  const theirLane = (lane: Lane) => `${theirs.name}_${lane}`;
  const theirCrm = { lane: theirLane('crm'), workflowId: theirOrder.workflowId };

  // The partner's reports to our partner order: our trace drew them from an outside supplier.
  const isHubEvent = (a: Trace['arrows'][number]) =>
    a.kind === 'signal' && a.from.lane === 'supplier' && a.to.workflowId === link.partnerOrderWorkflowId;
  const ourArrows = ours.trace.arrows.map((a) =>
    isHubEvent(a)
      ? { ...a, kind: 'event' as const, from: theirCrm, to: { ...a.to, lane: ourLane(a.to.lane) } }
      : { ...a, from: { ...a.from, lane: ourLane(a.from.lane) }, to: { ...a.to, lane: ourLane(a.to.lane) } },
  );
  // The POST reached the partner when its order started; not before our step that placed it.
  const place = ours.trace.steps.find(
    (s) => s.workflowId === link.partnerOrderWorkflowId && s.process?.id === PLACE_REQUISITION && s.action === 'place',
  );
  const postedAt = place && Date.parse(place.start) > Date.parse(theirOrder.start) ? place.start : theirOrder.start;
  const requisition = {
    kind: 'request' as const,
    name: 'TMF622 POST productOrder',
    from: { lane: ourLane('sprm'), workflowId: link.partnerOrderWorkflowId },
    to: theirCrm,
    at: postedAt,
    outcome: null,
    compensation: false,
  };

  const ourLanes = ours.trace.lanes.filter(
    (l) =>
      l !== 'supplier' ||
      ours.trace.arrows.some((a) => !isHubEvent(a) && [a.from.lane, a.to.lane].includes('supplier')),
  );
  const enterprises = [
    { name: ours.name, title: ours.name, lanes: ourLanes.map(ourLane) },
    { name: theirs.name, title: theirs.name, lanes: theirs.trace.lanes.map(theirLane) },
  ];
  // "retailer S/PRM", its layer; "wholesaler's Supplier", a party outside that enterprise.
  const title = (name: string, l: Lane) =>
    (LAYERS as readonly string[]).includes(l) ? `${name} ${LANE_TITLES[l]}` : `${name}'s ${LANE_TITLES[l]}`;
  const laneTitles = Object.fromEntries([
    ...ourLanes.map((l) => [ourLane(l), title(ours.name, l)]),
    ...theirs.trace.lanes.map((l) => [theirLane(l), title(theirs.name, l)]),
  ]);
  return EnterprisesTraceSchema.parse({
    rootWorkflowId: ours.trace.rootWorkflowId,
    lanes: enterprises.flatMap((e) => e.lanes),
    laneTitles,
    enterprises,
    workflows: [
      ...ours.trace.workflows.map((w) => ({ ...w, lane: ourLane(w.lane), enterprise: ours.name })),
      ...theirs.trace.workflows.map((w) => ({ ...w, lane: theirLane(w.lane), enterprise: theirs.name })),
    ],
    steps: [
      ...ours.trace.steps.map((s) => ({ ...s, lane: ourLane(s.lane) })),
      ...theirs.trace.steps.map((s) => ({ ...s, lane: theirLane(s.lane) })),
    ],
    arrows: [
      ...ourArrows,
      requisition,
      ...theirs.trace.arrows.map((a) => ({
        ...a,
        from: { ...a.from, lane: theirLane(a.from.lane) },
        to: { ...a.to, lane: theirLane(a.to.lane) },
      })),
    ],
    missing: [...ours.trace.missing, ...theirs.trace.missing],
    truncated: ours.trace.truncated || theirs.trace.truncated,
  });
}
