import type { AlarmChange, AlarmEvents, ListedAlarm } from '../../ports/alarms';
import type { Tx } from './database';
import { appendEvent } from './event-outbox';

/** What TMF642 calls the change: a state moved (raised → updated, → cleared), the ack, or the rest. */
function changeOf(before: ListedAlarm, after: ListedAlarm): AlarmChange {
  if (before.state !== after.state) return after.state === 'cleared' ? 'cleared' : 'updated';
  if (before.ackState !== after.ackState) return 'acknowledged';
  return 'correlated';
}

/**
 * As the SQLite store's publishingChanges: runs a change to the alarm list and stores, in its
 * transaction, one event for each candidate alarm the change altered as GET shows it (compared
 * before and after), in alarm-number order. Call it inside the change's `once`.
 */
export async function publishingChanges<T>(
  tx: Tx,
  listed: (tx: Tx, id: string) => Promise<ListedAlarm>,
  publish: AlarmEvents | undefined,
  candidates: () => Promise<Iterable<string>>,
  change: () => Promise<T>,
  at: string,
): Promise<T> {
  if (!publish) return change();
  const shown = (a: ListedAlarm) => JSON.stringify(publish(a, 'correlated').event);
  const before = new Map<string, { alarm: ListedAlarm; shown: string }>();
  for (const id of await candidates()) {
    if (before.has(id)) continue;
    const alarm = await listed(tx, id);
    before.set(id, { alarm, shown: shown(alarm) });
  }
  const result = await change();
  const changed = [];
  for (const { alarm, shown: was } of before.values()) {
    const after = await listed(tx, alarm.id);
    const event = publish(after, changeOf(alarm, after));
    if (JSON.stringify(event.event) !== was) changed.push({ event, number: after.number });
  }
  changed.sort((x, y) => x.number - y.number);
  for (const { event } of changed) await appendEvent(tx, event, at);
  return result;
}
