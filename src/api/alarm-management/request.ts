import { AlarmType, PerceivedSeverity } from '../../domain/assurance/states';
import type { AlarmEvent, AlarmPattern } from '../../ports/alarms';
import { ApiError } from '../errors';

/** A TMF642 Alarm_Create, already valid against the specification. */
export interface AlarmBody {
  alarmType: string;
  perceivedSeverity: string;
  probableCause: string;
  specificProblem?: string;
  alarmedObject: { id?: string };
  sourceSystemId: string;
  externalAlarmId?: string;
  state: string;
  alarmRaisedTime: string;
  [attribute: string]: unknown;
}

/** The alarm patterns of an AckAlarms_Create or ClearAlarms_Create (each an Alarm, valid already). */
export type PatternBody = Array<Record<string, unknown>>;

const unprocessable = (reason: string, problems: string[]) =>
  new ApiError(422, 'UNPROCESSABLE_ALARM', reason, problems.join('; '));

/**
 * A raise as the network's element managers send it, as alarm ingest takes it (an AlarmEvent):
 * X.733's alarm types and severities, on a managed object named by its inventory id. What the
 * specification leaves free but surveillance cannot work on (another alarm type, a raise that
 * is already cleared — a clear is a clearAlarms task) is a 422, and nothing is stored.
 * Attributes the alarm list does not keep (comments, places, threshold details) are not stored.
 */
export function toAlarmEvent(body: AlarmBody): AlarmEvent {
  const problems: string[] = [];
  const type = AlarmType.safeParse(body.alarmType);
  if (!type.success) problems.push(`/alarmType: one of ${AlarmType.options.join(', ')}`);
  const severity = PerceivedSeverity.exclude(['cleared']).safeParse(body.perceivedSeverity);
  if (!severity.success) problems.push('/perceivedSeverity: critical, major, minor, warning or indeterminate');
  if (body.state !== 'raised' && body.state !== 'updated')
    problems.push('/state: an alarm is posted raised (or updated); a clear is a clearAlarms task');
  if (!body.alarmedObject.id) problems.push('/alarmedObject/id: the managed object, by its resource inventory id');
  if (problems.length) throw unprocessable('Not an alarm surveillance can work on', problems);
  return {
    ...(body.externalAlarmId ? { externalAlarmId: body.externalAlarmId } : {}),
    alarmType: type.data!,
    perceivedSeverity: severity.data!,
    probableCause: body.probableCause,
    ...(body.specificProblem ? { specificProblem: body.specificProblem } : {}),
    alarmedObject: body.alarmedObject.id!,
    sourceSystemId: body.sourceSystemId,
    state: 'raised',
    eventTime: new Date(body.alarmRaisedTime).toISOString(),
  };
}

/** A refusal for an alarmed object the resource inventory does not know. */
export const unknownObject = (id: string) =>
  unprocessable('Not an alarm surveillance can work on', [`/alarmedObject/id: no resource ${id} in the inventory`]);

/** The Alarm attributes a pattern may match on, as strings. */
const TEXT = [
  'externalAlarmId',
  'alarmType',
  'perceivedSeverity',
  'probableCause',
  'specificProblem',
  'sourceSystemId',
  'state',
  'ackState',
] as const;
/** What names or types the pattern itself, not an attribute of the alarms to match. */
const IGNORED = new Set(['href', '@type', '@baseType', '@schemaLocation', '@referredType']);

/**
 * TMF642 alarm patterns: an alarm matches when every attribute of one pattern equals its own.
 * A pattern on an attribute the alarm list cannot compare would match more than was meant, and
 * an empty one every alarm: both are a 422, and nothing is changed.
 */
export function toPatterns(patterns: PatternBody): AlarmPattern[] {
  const problems: string[] = [];
  const out = patterns.map((p, i) => {
    const pattern: AlarmPattern = {};
    for (const [key, value] of Object.entries(p)) {
      if (IGNORED.has(key)) continue;
      if (key === 'id') pattern.number = value as number;
      else if (key === 'isRootCause') pattern.isRootCause = value as boolean;
      else if (key === 'alarmedObject') {
        const id = (value as { id?: string }).id;
        if (id) pattern.alarmedObject = id;
        else problems.push(`/alarmPattern/${i}/alarmedObject: matched by its id`);
      } else if ((TEXT as readonly string[]).includes(key)) pattern[key as (typeof TEXT)[number]] = value as string;
      else problems.push(`/alarmPattern/${i}/${key}: alarms are not matched on it`);
    }
    if (!Object.keys(pattern).length) problems.push(`/alarmPattern/${i}: names no attribute to match`);
    return pattern;
  });
  if (problems.length) {
    const on = ['id', ...TEXT, 'alarmedObject.id', 'isRootCause'].join(', ');
    throw new ApiError(422, 'UNPROCESSABLE_PATTERN', `Alarms are matched on ${on}`, problems.join('; '));
  }
  return out;
}
