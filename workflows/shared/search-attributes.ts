import {
  getCurrentDetails,
  log,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

// The keys registered by src/temporal/search-attributes.ts, as typed keys for workflow code.
const keyword = (name: string): SearchAttributeKey<'KEYWORD'> => ({ name, type: 'KEYWORD' });
const EtomCustomerId = keyword('EtomCustomerId');
const EtomState = keyword('EtomState');
const EtomProcess = keyword('EtomProcess');
const EtomLayer = keyword('EtomLayer');

type Progress = { state?: string; process?: string; layer?: string; customerId?: string };

/**
 * From this patch on, the process is indexed only when the state (or layer, or customer)
 * changes: every upsert is a history event and a visibility write on the server, and one per
 * step cost fulfilment about a tenth of its throughput (bench/README.md). What a run did
 * before the patch, one upsert per step, replays unchanged.
 */
const LEAN_PROGRESS = 'progress-indexed-on-state-change';

/**
 * The process running now, kept in the workflow's current details (per execution, shown by
 * the Web UI) rather than in a module variable, which workflows sharing a V8 context could share.
 */
const DETAILS = /^eTOM process (\S+) running/;
const runningProcess = () => DETAILS.exec(getCurrentDetails())?.[1];

/**
 * Tells the Web UI where an entity is: its state, layer and customer as search attributes
 * (an operator lists e.g. `EtomState="inProgress" AND EtomLayer="SM&O"`), with the process it
 * was in when its state last changed (`EtomProcess`); the process running now is the
 * workflow's current details, and its query.
 */
export function markProgress(p: Progress): void {
  logStart(p);
  if (!patched(LEAN_PROGRESS)) return upsertChanged(p);
  if (p.process !== undefined && p.process !== runningProcess()) setCurrentDetails(`eTOM process ${p.process} running`);
  const current = workflowInfo().typedSearchAttributes;
  const changes = (key: SearchAttributeKey<'KEYWORD'>, value: string | undefined) =>
    value !== undefined && current.get(key) !== value;
  if (changes(EtomState, p.state) || changes(EtomLayer, p.layer) || changes(EtomCustomerId, p.customerId))
    upsertChanged({ ...p, process: runningProcess() });
}

/**
 * A Level-3 process starts: logged with its eTOM id and the business id (the workflow id is
 * the entity's id in this project) and the entity's state; never the customer.
 */
function logStart(p: Progress): void {
  if (p.process === undefined || p.process === runningProcess()) return;
  const state = p.state ?? workflowInfo().typedSearchAttributes.get(EtomState);
  log.info(`${p.process} started`, { etomId: p.process, businessId: workflowInfo().workflowId, state });
}

function upsertChanged(p: Progress): void {
  const current = workflowInfo().typedSearchAttributes;
  const pairs = (
    [
      [EtomCustomerId, p.customerId],
      [EtomState, p.state],
      [EtomProcess, p.process],
      [EtomLayer, p.layer],
    ] as const
  )
    // Only what changed: every upsert is an event in the history and a visibility write.
    .filter(([key, value]) => value !== undefined && current.get(key) !== value)
    .map(([key, value]) => ({ key, value: value! }));
  if (pairs.length) upsertSearchAttributes(pairs);
}
