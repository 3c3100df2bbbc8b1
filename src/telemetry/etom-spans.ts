import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanName, SPAN_DELIMITER } from '@temporalio/interceptors-opentelemetry';
import { layerKeyOf, processByActivity, processById } from '../catalog';
import { isLayerKey } from '../layers';
import { etomIdOfWorkflow } from '../../workflows/shared/summaries';

/** The attributes every span carries, in the standard's terms. */
export const ETOM_ID = 'etom.id';
export const ETOM_LAYER = 'etom.layer';
export const ETOM_BUSINESS_ID = 'etom.business_id';
/** The flow a workflow's span belongs to: the root workflow's id (the order, the ticket…). */
export const ETOM_FLOW_ID = 'etom.flow_id';

const ACTIVITY_SPANS = new Set<string>([SpanName.ACTIVITY_EXECUTE, SpanName.ACTIVITY_START]);
const WORKFLOW_START_SPANS = new Set<string>([SpanName.WORKFLOW_START, SpanName.WORKFLOW_SIGNAL_WITH_START]);

/**
 * What a span names, read from what the Temporal interceptors give it: its name
 * (`RunActivity:authorizeCredit`, `StartWorkflow:productOrder`) and, for a span made inside a
 * workflow, the WorkflowInfo the span exporter sink adds (`workflowType`, `workflowId`, `taskQueue`,
 * `root`). An activity's span is its Level-3 process; any other span of a workflow is the
 * workflow's Level-2 process (or the process it serves, `etomIdOfWorkflow`).
 */
export function etomAttributes(name: string, attributes: Readonly<Record<string, unknown>>): Attributes {
  const cut = name.indexOf(SPAN_DELIMITER);
  const kind = cut < 0 ? name : name.slice(0, cut);
  const subject = cut < 0 ? '' : name.slice(cut + 1);
  const workflowType = str(attributes['workflowType']);
  const etomId = ACTIVITY_SPANS.has(kind)
    ? processByActivity(subject)?.id
    : workflowType
      ? etomIdOfWorkflow(workflowType)
      : WORKFLOW_START_SPANS.has(kind)
        ? etomIdOfWorkflow(subject)
        : undefined;
  const process = etomId ? processById(etomId) : undefined;
  const layer = (process && layerKeyOf(process)) ?? layerKeyOfQueue(str(attributes['taskQueue']));
  const businessId = str(attributes['workflowId']) ?? str(attributes['temporalWorkflowId']);
  const flowId = rootWorkflowId(attributes['root']) ?? (workflowType ? businessId : undefined);
  return {
    [ETOM_ID]: etomId ?? 'none',
    [ETOM_LAYER]: layer ?? 'none',
    ...(businessId ? { [ETOM_BUSINESS_ID]: businessId } : {}),
    ...(flowId ? { [ETOM_FLOW_ID]: flowId } : {}),
  };
}

/** A task queue is `<prefix>-<layer>`. */
function layerKeyOfQueue(taskQueue: string | undefined): string | undefined {
  const key = taskQueue?.slice(taskQueue.lastIndexOf('-') + 1);
  return key && isLayerKey(key) ? key : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function rootWorkflowId(root: unknown): string | undefined {
  return root && typeof root === 'object' ? str((root as { workflowId?: unknown }).workflowId) : undefined;
}

/**
 * A workflow's spans arrive with the whole WorkflowInfo as attributes: the memo, the search
 * attributes (a customer id), the last result of a continued run. Only plain values are span
 * attributes in OpenTelemetry, and only ids belong in a trace: the rest is dropped.
 */
function isAttributeValue(v: unknown): v is AttributeValue {
  const plain = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  return plain(v) || (Array.isArray(v) && v.every((x) => x == null || plain(x)));
}

/**
 * The SpanProcessor in front of the exporting one: when a span ends — an activity's or a client's
 * in this process, or a workflow's handed over by the sink — it adds the eTOM attributes and drops
 * what is not a plain value, then passes it on. Ended spans are read-only through their API, so
 * the attributes object is written directly, before any exporter has seen it.
 */
export class EtomSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes as Record<string, unknown>;
    const added = etomAttributes(span.name, span.attributes);
    for (const [k, v] of Object.entries(attributes)) if (!isAttributeValue(v)) delete attributes[k];
    Object.assign(attributes, added);
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
