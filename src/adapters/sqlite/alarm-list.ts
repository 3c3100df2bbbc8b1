import type { AlarmPattern, AlarmPort, AlarmRecord, AlarmTask, ListedAlarm } from '../../ports/alarms';
import type { Clock } from '../../ports/clock';
import { type Db, json } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';

export interface AlarmRow {
  id: string;
  number: number;
  batch_id: string;
  external_alarm_id: string | null;
  alarm_type: AlarmRecord['alarmType'];
  perceived_severity: AlarmRecord['perceivedSeverity'];
  probable_cause: string;
  specific_problem: string | null;
  alarmed_object: string;
  source_system_id: string;
  state: AlarmRecord['state'];
  ack_state: AlarmRecord['ackState'];
  raised_time: string;
  cleared_time: string | null;
  received_at: string;
  ack_user_id: string | null;
  ack_system_id: string | null;
  ack_time: string | null;
  clear_user_id: string | null;
  clear_system_id: string | null;
  analysis: AlarmRecord['analysis'];
  duplicate_of: string | null;
  occurrences: number;
  root_cause_id: string | null;
}

export const toAlarm = (r: AlarmRow): AlarmRecord => ({
  id: r.id,
  number: r.number,
  batchId: r.batch_id,
  externalAlarmId: r.external_alarm_id,
  alarmType: r.alarm_type,
  perceivedSeverity: r.perceived_severity,
  probableCause: r.probable_cause,
  specificProblem: r.specific_problem,
  alarmedObject: r.alarmed_object,
  sourceSystemId: r.source_system_id,
  state: r.state,
  ackState: r.ack_state,
  raisedTime: r.raised_time,
  clearedTime: r.cleared_time,
  reportedTime: r.received_at,
  ackUserId: r.ack_user_id,
  ackSystemId: r.ack_system_id,
  ackTime: r.ack_time,
  clearUserId: r.clear_user_id,
  clearSystemId: r.clear_system_id,
  analysis: r.analysis,
  duplicateOf: r.duplicate_of,
  occurrences: r.occurrences,
  rootCauseId: r.root_cause_id,
});

/** How many alarms a root alarm names as correlated: a sample, as a trouble request carries. */
const CORRELATED = 100;

/** The pattern's attributes as the alarm list's columns (TMF642 attribute → column). */
const PATTERN_COLUMNS: Record<Exclude<keyof AlarmPattern, 'isRootCause'>, string> = {
  number: 'number',
  externalAlarmId: 'external_alarm_id',
  alarmType: 'alarm_type',
  perceivedSeverity: 'perceived_severity',
  probableCause: 'probable_cause',
  specificProblem: 'specific_problem',
  alarmedObject: 'alarmed_object',
  sourceSystemId: 'source_system_id',
  state: 'state',
  ackState: 'ack_state',
};

/** `(a = ? AND b = ?) OR (…)`: an alarm matches when every attribute of one pattern equals its own. */
function patternWhere(patterns: readonly AlarmPattern[]): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const each = patterns.map((p) => {
    const terms: string[] = [];
    for (const [attribute, column] of Object.entries(PATTERN_COLUMNS)) {
      const value = p[attribute as keyof typeof PATTERN_COLUMNS];
      if (value === undefined) continue;
      terms.push(`${column} = ?`);
      params.push(value);
    }
    if (p.isRootCause !== undefined) terms.push(p.isRootCause ? "analysis = 'root'" : "analysis <> 'root'");
    // An empty pattern matches nothing here: the API refuses one before it comes this far.
    return terms.length ? `(${terms.join(' AND ')})` : '0';
  });
  return { where: each.length ? each.join(' OR ') : '0', params };
}

interface TaskRow {
  id: string;
  kind: AlarmTask['kind'];
  user_id: string;
  system_id: string;
  at: string;
  alarm_pattern: string;
  alarm_numbers: string;
  created_at: string;
}

const toTask = (r: TaskRow): AlarmTask => ({
  id: r.id,
  kind: r.kind,
  userId: r.user_id,
  systemId: r.system_id,
  at: r.at,
  alarmPattern: json.parse<unknown[]>(r.alarm_pattern) ?? [],
  alarmNumbers: json.parse<number[]>(r.alarm_numbers) ?? [],
  createdAt: r.created_at,
});

type AlarmListPort = Pick<
  AlarmPort,
  'search' | 'byNumber' | 'byExternalId' | 'ofBatch' | 'matching' | 'acknowledge' | 'recordTask' | 'task' | 'tasks'
>;

/**
 * The alarm list as TMF642 reads and changes it: each alarm with what correlation made of it
 * (the alarm it was merged or folded into, the alarms a root gathered, its root cause), the
 * acknowledgements, and the tasks that asked for them.
 */
export function createAlarmList(db: Db, clock: Clock): AlarmListPort & { listed(id: string): ListedAlarm } {
  const now = () => clock().toISOString();
  const byId = db.prepare('SELECT * FROM alarms WHERE id = ?');
  const numberOf = db.prepare('SELECT number FROM alarms WHERE id = ?').pluck();
  const rootCauseOf = db.prepare('SELECT id, reason, state, root_alarm_id FROM alarm_root_causes WHERE id = ?');
  const gathered = db.prepare(
    'SELECT id, number FROM alarms WHERE root_cause_id = ? AND id <> ? ORDER BY number LIMIT ?',
  );

  const view = (r: AlarmRow): ListedAlarm => {
    const a = toAlarm(r);
    const rc = a.rootCauseId
      ? (rootCauseOf.get(a.rootCauseId) as
          { id: string; reason: string; state: 'open' | 'closed'; root_alarm_id: string } | undefined)
      : undefined;
    const parentId = a.duplicateOf ?? (rc && rc.root_alarm_id !== a.id ? rc.root_alarm_id : null);
    const parentNumber = parentId ? (numberOf.get(parentId) as number | undefined) : undefined;
    return {
      ...a,
      parent: parentId && parentNumber !== undefined ? { id: parentId, number: parentNumber } : null,
      correlated:
        a.analysis === 'root' && rc
          ? (gathered.all(rc.id, a.id, CORRELATED) as Array<{ id: string; number: number }>)
          : [],
      rootCause: rc ? { id: rc.id, reason: rc.reason, state: rc.state } : null,
    };
  };
  const listed = (id: string) => view(byId.get(id) as AlarmRow);
  const first = (sql: string, ...params: unknown[]) => {
    const r = db.prepare(sql).get(...params) as AlarmRow | undefined;
    return r && view(r);
  };
  const task = (id: string) => {
    const r = db.prepare('SELECT * FROM alarm_tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return r && toTask(r);
  };
  const insertTask = (t: Omit<AlarmTask, 'createdAt'>) => {
    db.prepare(
      `INSERT INTO alarm_tasks (id, kind, user_id, system_id, at, alarm_pattern, alarm_numbers, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(
      t.id,
      t.kind,
      t.userId,
      t.systemId,
      t.at,
      json.stringify(t.alarmPattern),
      json.stringify(t.alarmNumbers),
      now(),
    );
    return task(t.id)!;
  };

  return {
    listed,

    async search(q) {
      const { total, ids } = searchIds(db, 'alarms', {
        anyOf: [
          ['number', q.numbers?.map(String)],
          ['state', q.states],
          ['ack_state', q.ackStates],
          ['perceived_severity', q.severities],
          ['alarm_type', q.alarmTypes],
          ['probable_cause', q.probableCauses],
          ['alarmed_object', q.alarmedObjects],
          ['source_system_id', q.sourceSystemIds],
          ['external_alarm_id', q.externalAlarmIds],
          ['analysis', q.analyses],
        ],
        dates: q.dates,
        dateColumns: { raisedTime: 'raised_time', clearedTime: 'cleared_time' },
        offset: q.offset,
        limit: q.limit,
        newest: 'raised_time',
      });
      return { total, orders: ids.map(listed) };
    },

    async byNumber(number) {
      return first('SELECT * FROM alarms WHERE number = ?', number);
    },

    async byExternalId(sourceSystemId, externalAlarmId) {
      return first(
        'SELECT * FROM alarms WHERE source_system_id = ? AND external_alarm_id = ? ORDER BY number LIMIT 1',
        sourceSystemId,
        externalAlarmId,
      );
    },

    async ofBatch(batchId) {
      const rows = (sql: string) => (db.prepare(sql).all(batchId) as AlarmRow[]).map(view);
      return {
        raised: rows('SELECT * FROM alarms WHERE batch_id = ? ORDER BY number'),
        cleared: rows('SELECT * FROM alarms WHERE cleared_by_batch = ? ORDER BY number'),
      };
    },

    async matching(patterns, limit) {
      const { where, params } = patternWhere(patterns);
      const rows = db
        .prepare(`SELECT * FROM alarms WHERE ${where} ORDER BY number LIMIT ?`)
        .all(...params, limit) as AlarmRow[];
      return rows.map(view);
    },

    async acknowledge(t, patterns, publish) {
      return db
        .transaction(() => {
          const known = task(t.id);
          if (known) return known;
          const { where, params } = patternWhere(patterns);
          const acked = db
            .prepare(
              `UPDATE alarms SET ack_state = 'acknowledged', ack_user_id = ?, ack_system_id = ?, ack_time = ?
               WHERE ack_state <> 'acknowledged' AND (${where}) RETURNING id, number`,
            )
            .all(t.userId, t.systemId, t.at, ...params) as Array<{ id: string; number: number }>;
          acked.sort((a, b) => a.number - b.number);
          const at = now();
          if (publish) for (const a of acked) appendEvent(db, publish(listed(a.id), 'acknowledged'), at);
          return insertTask({ ...t, kind: 'ackAlarms', alarmNumbers: acked.map((a) => a.number) });
        })
        .immediate();
    },

    async recordTask(t) {
      return insertTask(t);
    },

    async task(id) {
      return task(id);
    },

    async tasks(kind, ids, offset, limit) {
      const { total, ids: found } = searchIds(db, 'alarm_tasks', {
        anyOf: [
          ['kind', [kind]],
          ['id', ids],
        ],
        dates: [],
        dateColumns: {},
        offset,
        limit,
      });
      return { total, orders: found.map((id) => task(id)!) };
    },
  };
}
