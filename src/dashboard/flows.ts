import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToMs, tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { ApiError } from '../api/errors';
import { taskQueueFor } from '../layers';

type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** The flows the dashboard lists, by the workflow type that runs each (the catalog's Level-2 workflows). */
export const FLOW_KINDS = {
  order: 'productOrder',
  ticket: 'troubleTicket',
  problem: 'serviceProblem',
  billRun: 'billingAndCollections',
} as const;
export type FlowKind = keyof typeof FLOW_KINDS;

const KIND_OF_TYPE = new Map<string, FlowKind>(
  Object.entries(FLOW_KINDS).map(([kind, type]) => [type, kind as FlowKind]),
);

/** A flow's kind from its root workflow's type; null for the other roots (an alarm surveillance…). */
export const kindOfType = (type: string | null | undefined): FlowKind | null =>
  (type && KIND_OF_TYPE.get(type)) || null;

export interface Flow {
  workflowId: string;
  kind: FlowKind | null;
  type: string;
  state: string | null;
  layer: string | null;
  customerId: string | null;
  status: string;
  start: string;
  end: string | null;
}

/** Temporal's execution statuses, named as the trace names workflow outcomes. */
const STATUS = [
  'unspecified',
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'continuedAsNew',
  'timedOut',
];

function keyword(raw: RawExecution, name: string): string | null {
  const payload = raw.searchAttributes?.indexedFields?.[name];
  if (!payload) return null;
  const value = defaultPayloadConverter.fromPayload(payload);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

export function flowOf(raw: RawExecution): Flow {
  const type = raw.type?.name ?? '';
  const end = optionalTsToMs(raw.closeTime);
  return {
    workflowId: raw.execution?.workflowId ?? '',
    kind: kindOfType(type),
    type,
    state: keyword(raw, 'EtomState'),
    layer: keyword(raw, 'EtomLayer'),
    customerId: keyword(raw, 'EtomCustomerId'),
    status: STATUS[raw.status ?? 0] ?? 'unspecified',
    start: new Date(tsToMs(raw.startTime)).toISOString(),
    end: end === undefined ? null : new Date(end).toISOString(),
  };
}

/** A value inside a visibility query's single quotes: ids, states and customers use none of these. */
function quoted(value: string, name: string): string {
  if (!/^[\w.:@/ -]{1,100}$/.test(value))
    throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `${name} may hold letters, digits and . : @ / - _ only`);
  return `'${value}'`;
}

export interface FlowFilter {
  kind?: string;
  state?: string;
  q?: string;
}

/**
 * The visibility query of the flows of this deployment: the flow types on its own task queues
 * (the tests and other deployments share the namespace), narrowed by kind, state and search.
 */
export function flowQuery(prefix: string, filter: FlowFilter, extra?: string): string {
  let types: string[] = Object.values(FLOW_KINDS);
  if (filter.kind !== undefined) {
    if (!(filter.kind in FLOW_KINDS))
      throw new ApiError(
        400,
        'INVALID_QUERY',
        'Invalid query',
        `kind must be one of ${Object.keys(FLOW_KINDS).join(', ')}`,
      );
    types = [FLOW_KINDS[filter.kind as FlowKind]];
  }
  const queues = [taskQueueFor('crm', prefix), taskQueueFor('smo', prefix)];
  const parts = [
    `WorkflowType IN (${types.map((t) => `'${t}'`).join(', ')})`,
    `TaskQueue IN (${queues.map((q) => quoted(q, 'task queue')).join(', ')})`,
  ];
  if (filter.state) parts.push(`EtomState = ${quoted(filter.state, 'state')}`);
  if (filter.q) {
    const q = quoted(filter.q.trim(), 'q');
    parts.push(`(WorkflowId STARTS_WITH ${q} OR EtomCustomerId STARTS_WITH ${q})`);
  }
  if (extra) parts.push(extra);
  return parts.join(' AND ');
}

export interface FlowPage {
  flows: Flow[];
  next: string | null;
}

/** One page of a visibility query (running first, then the most recently closed), and the cursor of the next. */
export async function listFlows(client: Client, query: string, limit: number, cursor?: string): Promise<FlowPage> {
  const res = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: limit,
    nextPageToken: cursor ? Buffer.from(cursor, 'base64url') : undefined,
  });
  const token = res.nextPageToken && res.nextPageToken.length > 0 ? Buffer.from(res.nextPageToken) : undefined;
  return { flows: (res.executions ?? []).map(flowOf), next: token ? token.toString('base64url') : null };
}
