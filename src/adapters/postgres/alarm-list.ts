import type { AlarmPattern, AlarmPort, AlarmRecord, AlarmTask, ListedAlarm } from '../../ports/alarms';
import type { Clock } from '../../ports/clock';
import { inTransaction, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { sqliteShaped } from './rows';
import { searchIds } from './search';
import { type AlarmRow, toAlarm } from '../sqlite/alarm-list';

/** An alarm row of the list, read by the SQLite store's mapper (its `number` is a BIGINT). */
export const alarmOf = (r: object): AlarmRecord => toAlarm(sqliteShaped<AlarmRow>(r, ['number']));

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

/** `(a = $n AND b = $m) OR (…)`, its parameters numbered after the `before` ones already bound. */
function patternWhere(patterns: readonly AlarmPattern[], before: number): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const each = patterns.map((p) => {
    const terms: string[] = [];
    for (const [attribute, column] of Object.entries(PATTERN_COLUMNS)) {
      const value = p[attribute as keyof typeof PATTERN_COLUMNS];
      if (value === undefined) continue;
      params.push(value);
      terms.push(`${column} = $${before + params.length}`);
    }
    if (p.isRootCause !== undefined) terms.push(p.isRootCause ? "analysis = 'root'" : "analysis <> 'root'");
    // An empty pattern matches nothing here: the API refuses one before it comes this far.
    return terms.length ? `(${terms.join(' AND ')})` : 'false';
  });
  return { where: each.length ? each.join(' OR ') : 'false', params };
}

interface TaskRow {
  id: string;
  kind: AlarmTask['kind'];
  user_id: string;
  system_id: string;
  at: Date;
  alarm_pattern: unknown[];
  alarm_numbers: number[];
  created_at: Date;
}

const toTask = (r: TaskRow): AlarmTask => ({
  id: r.id,
  kind: r.kind,
  userId: r.user_id,
  systemId: r.system_id,
  at: r.at.toISOString(),
  alarmPattern: r.alarm_pattern,
  alarmNumbers: r.alarm_numbers,
  createdAt: r.created_at.toISOString(),
});

type AlarmListPort = Pick<
  AlarmPort,
  'search' | 'byNumber' | 'byExternalId' | 'ofBatch' | 'matching' | 'acknowledge' | 'recordTask' | 'task' | 'tasks'
>;
type Db = Pool | Tx;

/**
 * The alarm list as TMF642 reads and changes it, on PostgreSQL: each alarm with what correlation
 * made of it (the alarm it was merged or folded into, the alarms a root gathered, its root cause),
 * the acknowledgements, and the tasks that asked for them.
 */
export function createPostgresAlarmList(
  pool: Pool,
  clock: Clock,
): AlarmListPort & { listed(db: Db, id: string): Promise<ListedAlarm> } {
  const now = () => clock().toISOString();

  const view = async (db: Db, r: object): Promise<ListedAlarm> => {
    const a = alarmOf(r);
    const rc = a.rootCauseId
      ? (
          await db.query<{ id: string; reason: string; state: 'open' | 'closed'; root_alarm_id: string }>(
            'SELECT id, reason, state, root_alarm_id FROM alarm_root_causes WHERE id = $1',
            [a.rootCauseId],
          )
        ).rows[0]
      : undefined;
    const parentId = a.duplicateOf ?? (rc && rc.root_alarm_id !== a.id ? rc.root_alarm_id : null);
    const parentNumber = parentId
      ? (await db.query<{ number: string }>('SELECT number FROM alarms WHERE id = $1', [parentId])).rows[0]?.number
      : undefined;
    const correlated =
      a.analysis === 'root' && rc
        ? (
            await db.query<{ id: string; number: string }>(
              'SELECT id, number FROM alarms WHERE root_cause_id = $1 AND id <> $2 ORDER BY number LIMIT $3',
              [rc.id, a.id, CORRELATED],
            )
          ).rows.map((g) => ({ id: g.id, number: Number(g.number) }))
        : [];
    return {
      ...a,
      parent: parentId && parentNumber !== undefined ? { id: parentId, number: Number(parentNumber) } : null,
      correlated,
      rootCause: rc ? { id: rc.id, reason: rc.reason, state: rc.state } : null,
    };
  };
  const views = async (db: Db, sql: string, params: unknown[]) => {
    const out: ListedAlarm[] = [];
    for (const r of (await db.query(sql, params)).rows) out.push(await view(db, r));
    return out;
  };
  const listed = async (db: Db, id: string) =>
    view(db, (await db.query('SELECT * FROM alarms WHERE id = $1', [id])).rows[0]!);
  const task = async (db: Db, id: string) => {
    const r = (await db.query<TaskRow>('SELECT * FROM alarm_tasks WHERE id = $1', [id])).rows[0];
    return r && toTask(r);
  };
  const insertTask = async (db: Db, t: Omit<AlarmTask, 'createdAt'>) => {
    await db.query(
      `INSERT INTO alarm_tasks (id, kind, user_id, system_id, at, alarm_pattern, alarm_numbers, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [t.id, t.kind, t.userId, t.systemId, t.at, JSON.stringify(t.alarmPattern), JSON.stringify(t.alarmNumbers), now()],
    );
    return (await task(db, t.id))!;
  };

  return {
    listed,

    async search(q) {
      const { total, ids } = await searchIds(pool, 'alarms', {
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
      const orders: ListedAlarm[] = [];
      for (const id of ids) orders.push(await listed(pool, id));
      return { total, orders };
    },

    async byNumber(number) {
      return (await views(pool, 'SELECT * FROM alarms WHERE number = $1', [number]))[0];
    },

    async byExternalId(sourceSystemId, externalAlarmId) {
      const sql = 'SELECT * FROM alarms WHERE source_system_id = $1 AND external_alarm_id = $2 ORDER BY number LIMIT 1';
      return (await views(pool, sql, [sourceSystemId, externalAlarmId]))[0];
    },

    async ofBatch(batchId) {
      return {
        raised: await views(pool, 'SELECT * FROM alarms WHERE batch_id = $1 ORDER BY number', [batchId]),
        cleared: await views(pool, 'SELECT * FROM alarms WHERE cleared_by_batch = $1 ORDER BY number', [batchId]),
      };
    },

    async matching(patterns, limit) {
      const { where, params } = patternWhere(patterns, 0);
      return views(pool, `SELECT * FROM alarms WHERE ${where} ORDER BY number LIMIT $${params.length + 1}`, [
        ...params,
        limit,
      ]);
    },

    async acknowledge(t, patterns, publish) {
      return inTransaction(pool, async (tx) => {
        // The same task posted twice at once (a client's retry): the second waits, then finds it.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`alarm-task:${t.id}`]);
        const known = await task(tx, t.id);
        if (known) return known;
        const { where, params } = patternWhere(patterns, 3);
        const { rows: acked } = await tx.query<{ id: string; number: string }>(
          `UPDATE alarms SET ack_state = 'acknowledged', ack_user_id = $1, ack_system_id = $2, ack_time = $3
           WHERE ack_state <> 'acknowledged' AND (${where}) RETURNING id, number`,
          [t.userId, t.systemId, t.at, ...params],
        );
        const numbers = acked.map((a) => ({ id: a.id, number: Number(a.number) })).sort((a, b) => a.number - b.number);
        const at = now();
        if (publish)
          for (const a of numbers) await appendEvent(tx, publish(await listed(tx, a.id), 'acknowledged'), at);
        return insertTask(tx, { ...t, kind: 'ackAlarms', alarmNumbers: numbers.map((a) => a.number) });
      });
    },

    async recordTask(t) {
      return insertTask(pool, t);
    },

    async task(id) {
      return task(pool, id);
    },

    async tasks(kind, ids, offset, limit) {
      const { total, ids: found } = await searchIds(pool, 'alarm_tasks', {
        anyOf: [
          ['kind', [kind]],
          ['id', ids],
        ],
        dates: [],
        dateColumns: {},
        offset,
        limit,
        newest: 'created_at',
      });
      const orders: AlarmTask[] = [];
      for (const id of found) orders.push((await task(pool, id))!);
      return { total, orders };
    },
  };
}
