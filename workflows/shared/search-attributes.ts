import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

// The keys registered by src/temporal/search-attributes.ts, as typed keys for workflow code.
const keyword = (name: string): SearchAttributeKey<'KEYWORD'> => ({ name, type: 'KEYWORD' });
const EtomCustomerId = keyword('EtomCustomerId');
const EtomState = keyword('EtomState');
const EtomProcess = keyword('EtomProcess');
const EtomLayer = keyword('EtomLayer');

/**
 * Tells the Web UI where an entity is: its state, the eTOM process running now, its layer and
 * customer, so an operator can list e.g. `EtomState="inProgress" AND EtomProcess="1.F.2.2.3"`.
 */
export function markProgress(p: { state?: string; process?: string; layer?: string; customerId?: string }): void {
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
