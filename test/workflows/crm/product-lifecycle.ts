import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { injectFault } from '../../../src/simulators/network';
import { rowsOf } from '../../support/assurance';
import { TEST_TIMINGS } from '../../support/fulfilment';
import type { TestRuntime } from '../../support/runtime';

/** What #12's product lifecycle tests share: an order of change items, and the rows it may touch. */

export type Item = ProductOrderRequestInput['items'][number];

export const changeOrder = (
  rt: TestRuntime,
  name: string,
  customerId: string,
  items: Item[],
): ProductOrderRequestInput => ({
  externalId: rt.id(name),
  customerId,
  items,
  timings: TEST_TIMINGS,
});

/**
 * Everything a change of the customer's products may touch: their products (with their
 * characteristics), charge periods, services (state, characteristics) and the resources
 * held for them. Equal before and after: the products are exactly as they were.
 */
export function productState(rt: TestRuntime, customerId: string) {
  return {
    products: rowsOf(
      rt,
      'SELECT id, status, recurring_minor, characteristics, service_ids FROM products WHERE customer_id = ? ORDER BY id',
      customerId,
    ),
    periods: rowsOf(
      rt,
      `SELECT c.* FROM product_charge_periods c JOIN products p ON p.id = c.product_id
       WHERE p.customer_id = ? ORDER BY c.product_id, c.valid_from`,
      customerId,
    ),
    // A service's design keeps its revisions (a change undone is a revision more): not compared.
    services: rowsOf(
      rt,
      `SELECT id, state, characteristics FROM services WHERE customer_id = ? AND state <> 'terminated' ORDER BY id`,
      customerId,
    ),
    resources: rowsOf(
      rt,
      'SELECT id, state, service_id, reservation_id FROM resources WHERE customer_id = ? ORDER BY id',
      customerId,
    ),
  };
}

/** The workflow types a run started as children, in order. */
export async function childTypes(rt: TestRuntime, workflowId: string): Promise<string[]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name)
    .filter((n): n is string => !!n);
}

/** The child workflow ids a run started, in order. */
export async function childIds(rt: TestRuntime, workflowId: string): Promise<string[]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
    .filter((n): n is string => !!n);
}

/** An access port of `region` still available: the one an add there will be given first. */
export const freePort = (rt: TestRuntime, region: string) =>
  rt.store.db
    .prepare(
      "SELECT id FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND region = ? AND state = 'available' ORDER BY id",
    )
    .pluck()
    .get(region) as string;

/** Every free voice port refuses its configuration (RM&O 1.F.3.2.2): a voice line added now fails. */
export function failVoiceLines(rt: TestRuntime): void {
  for (const port of rowsOf(rt, "SELECT id FROM resources WHERE spec_id = 'RS-VOICE-PORT' AND state = 'available'"))
    injectFault(rt.store.db, port['id'] as string, 'configure', 100);
}

/** A voice line added in Paris beside the changes: with failVoiceLines, the item that fails. */
export const voiceLine = (id: string): Item => ({
  id,
  action: 'add',
  productOfferingId: 'PO-VOICE-LINE',
  region: 'PAR',
});
