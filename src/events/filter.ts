import type { EventEnvelope } from '../ports/event-subscriptions';

/**
 * Whether an event passes a listener's `query` (TMF630): `attribute=value` pairs joined by `&`,
 * every one to hold; an attribute is a dotted path into the envelope
 * (`eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed,failed`), and
 * comma-separated values are alternatives. No query lets every event through.
 */
export function passesQuery(query: string | null, envelope: EventEnvelope): boolean {
  if (!query) return true;
  for (const [attribute, wanted] of new URLSearchParams(query.replace(/^\?/, ''))) {
    if (attribute === 'fields') continue; // a projection, not a filter
    const value = attribute
      .split('.')
      .reduce<unknown>(
        (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
        envelope,
      );
    if (!wanted.split(',').includes(String(value))) return false;
  }
  return true;
}
