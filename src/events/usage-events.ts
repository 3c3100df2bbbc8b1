import { apiAddress, apiOrigin, resourceEvent } from '../../events/address';
import type { NewEvent } from '../../ports/event-subscriptions';
import type { SubmittedUsage } from '../../ports/usage';
import { fromRecord, USAGE_API, USAGE_MANAGEMENT_SPEC } from './representation';

const TMF635 = apiAddress(USAGE_MANAGEMENT_SPEC, USAGE_API);

/** TMF635's usage events the store publishes: a record received, and its status once rated or rejected. */
export type UsageEventType = 'UsageCreateEvent' | 'UsageStateChangeEvent';

/**
 * The event a change of a posted usage record publishes, stored with the change. TMF635
 * declares its hrefs `format: uri`, so the event's are absolute against the API's configured
 * address, as the API itself answers them.
 */
export const usageEvent = (eventType: UsageEventType, usage: SubmittedUsage): NewEvent =>
  resourceEvent(USAGE_API, 'usage', eventType, fromRecord(TMF635, usage, apiOrigin()));
