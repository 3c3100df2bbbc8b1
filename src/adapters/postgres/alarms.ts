import type { AlarmPort, AnalysisRecord, RootCauseRecord } from '../../ports/alarms';
import type { Clock } from '../../ports/clock';
import { publishingChanges } from './alarm-changes';
import { alarmOf, createPostgresAlarmList } from './alarm-list';
import { nextId, once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';

/**
 * The alarm list (TMF642) and the correlation store behind it, on PostgreSQL: the same contract
 * as the SQLite adapter (test/ports/alarms.contract.ts runs on both). Ingest workers on several
 * hosts take their batch id from the sequence row, which they hold until commit: batches take
 * turns, so each one's alarm numbers follow the last committed one, without gaps or repeats.
 */

/** Sample size of a root cause's alarm ids: what a trouble request may carry (≤ 100). */
const SAMPLE = 100;

type Db = Pool | Tx;

export function createPostgresAlarms(pool: Pool, clock: Clock): AlarmPort {
  const now = () => clock().toISOString();
  const list = createPostgresAlarmList(pool, clock);
  const alarms = async (db: Db, sql: string, params: unknown[]) => (await db.query(sql, params)).rows.map(alarmOf);
  const ids = async (db: Db, sql: string, params: unknown[]) =>
    (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
  const rootOf = async (db: Db, alarmId: string) =>
    (await db.query<{ root_cause_id: string | null }>('SELECT root_cause_id FROM alarms WHERE id = $1', [alarmId]))
      .rows[0]?.root_cause_id ?? null;
  const alarmsOf = (db: Db, rootCauseId: string) =>
    ids(db, 'SELECT id FROM alarms WHERE root_cause_id = $1 ORDER BY number', [rootCauseId]);

  const rootCause = async (db: Db, id: string): Promise<RootCauseRecord | undefined> => {
    const r = (
      await db.query<{
        id: string;
        resource_id: string;
        probable_cause: string;
        root_alarm_id: string;
        alarm_count: number;
        reason: string;
        state: 'open' | 'closed';
      }>('SELECT * FROM alarm_root_causes WHERE id = $1', [id])
    ).rows[0];
    if (!r) return undefined;
    const open = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM alarms WHERE root_cause_id = $1 AND state <> 'cleared'",
      [id],
    );
    return {
      id: r.id,
      resourceId: r.resource_id,
      probableCause: r.probable_cause,
      rootAlarmId: r.root_alarm_id,
      alarmCount: r.alarm_count,
      reason: r.reason,
      state: r.state,
      openAlarms: Number(open.rows[0]!.n),
      sampleAlarmIds: await ids(
        db,
        'SELECT id FROM alarms WHERE root_cause_id = $1 ORDER BY raised_time, id LIMIT $2',
        [id, SAMPLE],
      ),
    };
  };

  /** Writes an analysis's verdicts and new root causes; returns the ids of those created. */
  const record = async (tx: Tx, analysis: AnalysisRecord, at: string): Promise<string[]> => {
    const created = new Map<string, string>();
    for (const rc of analysis.newRootCauses) {
      const id = await nextId(tx, analysis.idPrefix);
      created.set(rc.key, id);
      await tx.query(
        `INSERT INTO alarm_root_causes (id, resource_id, probable_cause, root_alarm_id, alarm_count, batch_id, reason, created_at)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7)`,
        [id, rc.resourceId, rc.probableCause, rc.rootAlarmId, analysis.batchId, rc.reason, at],
      );
    }
    for (const d of analysis.decisions) {
      let rootCauseId = d.rootCause ? (created.get(d.rootCause) ?? d.rootCause) : null;
      if (d.analysis === 'duplicate' && d.duplicateOf) {
        // A repeat of an alarm still raised: the first one counts it (TMF642 'updated').
        await tx.query("UPDATE alarms SET occurrences = occurrences + 1, state = 'updated' WHERE id = $1", [
          d.duplicateOf,
        ]);
        rootCauseId ??= await rootOf(tx, d.duplicateOf);
      }
      await tx.query('UPDATE alarms SET analysis = $1, duplicate_of = $2, root_cause_id = $3 WHERE id = $4', [
        d.analysis,
        d.duplicateOf ?? null,
        rootCauseId,
        d.alarmId,
      ]);
      if (!rootCauseId || d.analysis === 'waiting') continue;
      // Repeats merged into it while it waited follow it under its root cause.
      const adopted =
        d.analysis === 'duplicate'
          ? 0
          : ((
              await tx.query('UPDATE alarms SET root_cause_id = $1 WHERE duplicate_of = $2 AND root_cause_id IS NULL', [
                rootCauseId,
                d.alarmId,
              ])
            ).rowCount ?? 0);
      await tx.query('UPDATE alarm_root_causes SET alarm_count = alarm_count + $1 WHERE id = $2', [
        1 + adopted,
        rootCauseId,
      ]);
    }
    if (analysis.batchId)
      await tx.query('UPDATE alarm_batches SET analyzed_at = $1, outcome = $2 WHERE id = $3', [
        at,
        JSON.stringify(analysis.outcome),
        analysis.batchId,
      ]);
    return [...created.values()];
  };

  /** Whom a verdict can change as GET shows it: as the SQLite adapter's `touched`. */
  const touched = async (tx: Tx, analysis: AnalysisRecord): Promise<string[]> => {
    const newKeys = new Set(analysis.newRootCauses.map((rc) => rc.key));
    const subjects = analysis.decisions.map((d) => d.alarmId);
    const adoptable = new Map<string, string[]>();
    const orphans = await tx.query<{ id: string; duplicate_of: string }>(
      'SELECT id, duplicate_of FROM alarms WHERE root_cause_id IS NULL AND duplicate_of = ANY($1) ORDER BY id',
      [subjects],
    );
    for (const o of orphans.rows) adoptable.set(o.duplicate_of, [...(adoptable.get(o.duplicate_of) ?? []), o.id]);
    const out: string[] = [];
    for (const d of analysis.decisions) {
      out.push(d.alarmId);
      const rootCauses = [d.rootCause && !newKeys.has(d.rootCause) ? d.rootCause : null];
      if (d.duplicateOf) {
        out.push(d.duplicateOf);
        rootCauses.push(await rootOf(tx, d.duplicateOf));
      }
      for (const rc of rootCauses) {
        if (!rc) continue;
        const root = (
          await tx.query<{ root_alarm_id: string }>('SELECT root_alarm_id FROM alarm_root_causes WHERE id = $1', [rc])
        ).rows[0];
        if (root) out.push(root.root_alarm_id);
      }
      if (d.rootCause && d.analysis !== 'duplicate' && d.analysis !== 'waiting')
        out.push(...(adoptable.get(d.alarmId) ?? []));
    }
    return out;
  };

  return {
    async ingest(key, sourceSystemId, events, publish) {
      return once(pool, key, 'ingestAlarms', async (tx) => {
        const batchId = await nextId(tx, 'AB');
        const at = now();
        await tx.query(
          'INSERT INTO alarm_batches (id, source_system_id, alarm_count, received_at) VALUES ($1, $2, $3, $4)',
          [batchId, sourceSystemId, events.length, at],
        );
        const last = await tx.query<{ n: string }>('SELECT COALESCE(MAX(number), 0) AS n FROM alarms');
        let number = Number(last.rows[0]!.n);
        for (const [i, e] of events.entries()) {
          if (e.state === 'cleared') {
            // A clear ends every raised alarm of the same object and cause (its duplicates with it).
            const cleared = await ids(
              tx,
              `UPDATE alarms SET state = 'cleared', perceived_severity = 'cleared', cleared_time = $1,
                 clear_user_id = $2, clear_system_id = $3, cleared_by_batch = $4
               WHERE alarmed_object = $5 AND probable_cause = $6 AND state <> 'cleared' AND raised_time <= $1
               RETURNING id`,
              [e.eventTime, e.clearUserId ?? null, e.clearSystemId ?? null, batchId, e.alarmedObject, e.probableCause],
            );
            if (publish)
              for (const id of cleared.sort()) await appendEvent(tx, publish(await list.listed(tx, id), 'cleared'), at);
            continue;
          }
          const id = `${batchId}-${String(i + 1).padStart(5, '0')}`;
          await tx.query(
            `INSERT INTO alarms (id, number, batch_id, external_alarm_id, alarm_type, perceived_severity, probable_cause,
               specific_problem, alarmed_object, source_system_id, state, raised_time, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'raised', $11, $12)`,
            [
              id,
              ++number,
              batchId,
              e.externalAlarmId ?? null,
              e.alarmType,
              e.perceivedSeverity,
              e.probableCause,
              e.specificProblem ?? null,
              e.alarmedObject,
              e.sourceSystemId,
              e.eventTime,
              at,
            ],
          );
          if (publish) await appendEvent(tx, publish(await list.listed(tx, id), 'raised'), at);
        }
        return { batchId, count: events.length };
      });
    },

    async toAnalyze(batchId, withWaiting) {
      return alarms(
        pool,
        `SELECT * FROM alarms WHERE (batch_id = $1 AND analysis = 'pending') OR ($2 AND analysis = 'waiting')
         ORDER BY raised_time, id`,
        [batchId, withWaiting],
      );
    },

    async raisedOn(resourceIds) {
      return alarms(
        pool,
        `SELECT * FROM alarms WHERE alarmed_object = ANY($1) AND state <> 'cleared' AND analysis IN ('root', 'folded', 'waiting')
         ORDER BY raised_time, id`,
        [[...new Set(resourceIds)]],
      );
    },

    async openRootCausesOn(resourceIds) {
      const found = await ids(
        pool,
        "SELECT id FROM alarm_root_causes WHERE state = 'open' AND resource_id = ANY($1) ORDER BY id",
        [[...new Set(resourceIds)]],
      );
      const out: RootCauseRecord[] = [];
      for (const id of found) out.push((await rootCause(pool, id))!);
      return out;
    },

    async recordAnalysis(key, analysis, publish) {
      const created = await once(pool, key, 'recordAlarmAnalysis', (tx) => {
        const at = now();
        return publishingChanges(
          tx,
          list.listed,
          publish,
          () => touched(tx, analysis),
          () => record(tx, analysis, at),
          at,
        );
      });
      const out: RootCauseRecord[] = [];
      for (const id of created) out.push((await rootCause(pool, id))!);
      return out;
    },

    async rootCause(id) {
      return rootCause(pool, id);
    },

    async acknowledgeRootCause(key, rootCauseId, publish) {
      return once(pool, key, 'acknowledgeAlarms', (tx) =>
        publishingChanges(
          tx,
          list.listed,
          publish,
          () => alarmsOf(tx, rootCauseId),
          async () =>
            (
              await tx.query(
                "UPDATE alarms SET ack_state = 'acknowledged' WHERE root_cause_id = $1 AND ack_state <> 'acknowledged'",
                [rootCauseId],
              )
            ).rowCount ?? 0,
          now(),
        ),
      );
    },

    async closeRootCause(key, rootCauseId, clearedTime, publish) {
      await once(pool, key, 'closeRootCause', (tx) =>
        publishingChanges(
          tx,
          list.listed,
          publish,
          // Its alarms cleared before show it closed too (alarmDetails): they change as well.
          () => alarmsOf(tx, rootCauseId),
          async () => {
            await tx.query("UPDATE alarm_root_causes SET state = 'closed' WHERE id = $1", [rootCauseId]);
            const cleared = await tx.query(
              `UPDATE alarms SET state = 'cleared', perceived_severity = 'cleared', cleared_time = $1
               WHERE root_cause_id = $2 AND state <> 'cleared'`,
              [clearedTime, rootCauseId],
            );
            return cleared.rowCount ?? 0;
          },
          now(),
        ),
      );
    },

    async get(alarmId) {
      return (await alarms(pool, 'SELECT * FROM alarms WHERE id = $1', [alarmId]))[0];
    },

    async batchOutcome(batchId) {
      const r = await pool.query<{ outcome: Record<string, number> | null }>(
        'SELECT outcome FROM alarm_batches WHERE id = $1',
        [batchId],
      );
      return r.rows[0]?.outcome ?? null;
    },

    search: list.search,
    byNumber: list.byNumber,
    byExternalId: list.byExternalId,
    ofBatch: list.ofBatch,
    matching: list.matching,
    acknowledge: list.acknowledge,
    recordTask: list.recordTask,
    task: list.task,
    tasks: list.tasks,
  };
}
