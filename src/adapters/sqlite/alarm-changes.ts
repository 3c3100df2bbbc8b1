import type { AlarmChange, AlarmEvents, ListedAlarm } from '../../ports/alarms';
import type { Db } from './database';
import { appendEvent } from './event-outbox';

/** What TMF642 calls the change: a state moved (raised → updated, → cleared), the ack, or the rest. */
function changeOf(before: ListedAlarm, after: ListedAlarm): AlarmChange {
  if (before.state !== after.state) return after.state === 'cleared' ? 'cleared' : 'updated';
  if (before.ackState !== after.ackState) return 'acknowledged';
  return 'correlated';
}

/**
 * Runs a change surveillance makes to the alarm list (an analysis, an ack, a root cause closed)
 * and stores, in the same transaction, one event for each of the `candidates` alarms that the
 * change altered as GET shows it: the representation is compared before and after, so an alarm
 * whose shown attributes did not move (a count it does not show, a sample already full) stores
 * nothing, and neither does a change that changes nothing. Events go in alarm-number order.
 * Call it inside the change's `once`, so a retry of the same key stores no second event.
 */
export function publishingChanges<T>(
  db: Db,
  listed: (id: string) => ListedAlarm,
  publish: AlarmEvents | undefined,
  candidates: () => Iterable<string>,
  change: () => T,
  at: string,
): T {
  if (!publish) return change();
  const shown = (a: ListedAlarm) => JSON.stringify(publish(a, 'correlated').event);
  const before = new Map<string, { alarm: ListedAlarm; shown: string }>();
  for (const id of candidates()) {
    if (before.has(id)) continue;
    const alarm = listed(id);
    before.set(id, { alarm, shown: shown(alarm) });
  }
  const result = change();
  const changed = [...before.values()]
    .map(({ alarm, shown: was }) => {
      const after = listed(alarm.id);
      return { event: publish(after, changeOf(alarm, after)), number: after.number, was };
    })
    .filter(({ event, was }) => JSON.stringify(event.event) !== was)
    .sort((x, y) => x.number - y.number);
  for (const { event } of changed) appendEvent(db, event, at);
  return result;
}
