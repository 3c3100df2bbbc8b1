import { fromRecord, USAGE_API, USAGE_MANAGEMENT_SPEC } from '../api/usage-management/representation';
import type { UsageEvents } from '../ports/usage';
import { apiAddress, apiOrigin, resourceEvent } from './address';

const TMF635 = apiAddress(USAGE_MANAGEMENT_SPEC, USAGE_API);

/**
 * The event a change of a posted usage record publishes, stored with the change. TMF635
 * declares its hrefs `format: uri`, so the event's are absolute against the API's configured
 * address, as the API itself answers them.
 */
export const usageEvent: UsageEvents = (eventType, usage) =>
  resourceEvent(USAGE_API, 'usage', eventType, fromRecord(TMF635, usage, apiOrigin()));
