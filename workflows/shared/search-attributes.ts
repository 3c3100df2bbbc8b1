import { upsertSearchAttributes } from '@temporalio/workflow';
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
  const pairs = [];
  if (p.customerId !== undefined) pairs.push({ key: EtomCustomerId, value: p.customerId });
  if (p.state !== undefined) pairs.push({ key: EtomState, value: p.state });
  if (p.process !== undefined) pairs.push({ key: EtomProcess, value: p.process });
  if (p.layer !== undefined) pairs.push({ key: EtomLayer, value: p.layer });
  if (pairs.length) upsertSearchAttributes(pairs);
}
