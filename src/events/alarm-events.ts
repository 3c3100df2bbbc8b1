import { ALARM_API, ALARM_MANAGEMENT_SPEC, fromAlarm } from '../api/alarm-management/representation';
import type { AlarmChange, AlarmEvents } from '../ports/alarms';
import { apiAddress } from './address';

/** The API whose listeners hear of alarms, by its name in the base path. */
export { ALARM_API };

const TMF642 = apiAddress(ALARM_MANAGEMENT_SPEC, ALARM_API);

/** TMF642's alarm events (its /listener paths), by what changed the alarm. */
const EVENT_TYPE: Record<AlarmChange, string> = {
  raised: 'AlarmCreateEvent',
  cleared: 'AlarmStateChangeEvent',
  acknowledged: 'AlarmAttributeValueChangeEvent',
  updated: 'AlarmStateChangeEvent',
  correlated: 'AlarmAttributeValueChangeEvent',
};

/**
 * The event a change of an alarm publishes, the alarm as GET shows it, stored with the change.
 * Its entity is the alarm's own record id, so delivery keeps each alarm's events in order.
 */
export const alarmEvent: AlarmEvents = (alarm, change) => ({
  api: ALARM_API,
  entityType: 'alarm',
  entityId: alarm.id,
  eventType: EVENT_TYPE[change],
  event: { alarm: fromAlarm(TMF642, alarm) },
});
