import type { AlarmTask, ListedAlarm } from '../../ports/alarms';
import { resourceRef } from '../inventory/links';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The spec file this API follows. */
export const ALARM_MANAGEMENT_SPEC = 'TMF642-AlarmManagement-v4.0.0.swagger.json';
/** TMF642's name in its base path (`/tmf-api/alarm/v4`). */
export const ALARM_API = 'alarm';

/** TMF642 gives an alarm an integer id: its number in the alarm list. */
export const alarmHref = (n: number) => apiHref(ALARM_API, 'alarm', String(n));
export const taskHref = (kind: AlarmTask['kind'], id: string) => apiHref(ALARM_API, kind, id);

/** AlarmRef: a string id, as every TMF reference carries one. */
const alarmRef = (n: number) => ({ id: String(n), href: alarmHref(n), '@referredType': 'Alarm' });
/** AlarmRefOrValue (the alarms a task changed): the alarm's own, integer, id. */
const alarmRefOrValue = (n: number) => ({ id: n, href: alarmHref(n), '@referredType': 'Alarm' });

/**
 * What survey & analysis (1.A.3.3.1) made of the alarm, in words: TMF642 has no attribute for
 * the root cause of an alarm beyond its parent alarm, so its id — which is also the id of the
 * resource trouble RM&O works for it (TMF642 has no reference to one) — is told here.
 */
function details(a: ListedAlarm): string {
  const rc = a.rootCause;
  const trouble = rc ? `root cause ${rc.id} (${rc.reason}), worked as resource trouble ${rc.id}, ${rc.state}` : '';
  switch (a.analysis) {
    case 'pending':
      return 'received; alarm surveillance (1.A.3.3.1) has not analysed it yet';
    case 'waiting':
      return 'alarm surveillance (1.A.3.3.1) waits: it may still clear, or its container may still report';
    case 'transient':
      return 'transient: it cleared before it was worked on';
    case 'root':
      return `the root cause alarm: ${trouble}`;
    case 'folded':
      return `folded into ${trouble}`;
    case 'duplicate':
      return `a repeat of alarm ${a.parent?.number ?? a.duplicateOf}${rc ? `, under ${trouble}` : ''}`;
  }
}

/** The latest time the alarm changed: raised, reported, acknowledged or cleared. */
const changedAt = (a: ListedAlarm) =>
  [a.raisedTime, a.reportedTime, a.ackTime, a.clearedTime]
    .filter((t): t is string => !!t)
    .reduce((x, y) => (Date.parse(y) > Date.parse(x) ? y : x));

/**
 * An alarm of the alarm list as TMF642 shows it, with its correlation in the spec's own
 * attributes: `isRootCause` once analysed, `parentAlarm` the alarm it was folded or merged
 * into, `correlatedAlarm` (of a root alarm) the alarms its root cause gathered.
 */
export function fromAlarm(spec: TmfSpec, a: ListedAlarm) {
  const analysed = a.analysis !== 'pending' && a.analysis !== 'waiting';
  return {
    id: a.number,
    href: alarmHref(a.number),
    ...defined({
      externalAlarmId: a.externalAlarmId,
      alarmType: a.alarmType,
      perceivedSeverity: a.perceivedSeverity,
      probableCause: a.probableCause,
      specificProblem: a.specificProblem,
      alarmedObject: (({ id, href }) => ({ id, href }))(resourceRef(a.alarmedObject)),
      sourceSystemId: a.sourceSystemId,
      state: a.state,
      ackState: a.ackState,
      ackUserId: a.ackUserId,
      ackSystemId: a.ackSystemId,
      clearUserId: a.clearUserId,
      clearSystemId: a.clearSystemId,
      alarmRaisedTime: a.raisedTime,
      alarmReportingTime: a.reportedTime,
      alarmClearedTime: a.clearedTime,
      alarmChangedTime: changedAt(a),
      alarmDetails: details(a),
      isRootCause: analysed ? a.analysis === 'root' : undefined,
      parentAlarm: a.parent ? [alarmRef(a.parent.number)] : undefined,
      correlatedAlarm: a.correlated.length ? a.correlated.map((c) => alarmRef(c.number)) : undefined,
    }),
    ...typed(spec, 'Alarm'),
  };
}

/** An ackAlarms or clearAlarms task as TMF642 shows it: done, with the alarms it changed. */
export function fromTask(spec: TmfSpec, t: AlarmTask): Resource {
  const changed = t.alarmNumbers.map(alarmRefOrValue);
  const common = { id: t.id, href: taskHref(t.kind, t.id), state: 'done', alarmPattern: t.alarmPattern };
  return t.kind === 'ackAlarms'
    ? {
        ...common,
        ackUserId: t.userId,
        ackSystemId: t.systemId,
        ackTime: t.at,
        ackedAlarm: changed,
        ...typed(spec, 'AckAlarms'),
      }
    : {
        ...common,
        clearUserId: t.userId,
        clearSystemId: t.systemId,
        alarmClearedTime: t.at,
        clearedAlarm: changed,
        ...typed(spec, 'ClearAlarms'),
      };
}
