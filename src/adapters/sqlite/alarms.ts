import type { AlarmEvent, AlarmPort, AlarmRecord, AnalysisRecord, RootCauseRecord } from '../../ports/alarms';
import type { Clock } from '../../ports/clock';
import { publishingChanges } from './alarm-changes';
import { type AlarmRow, createAlarmList, toAlarm } from './alarm-list';
import { type Db, json, nextId, once } from './database';
import { appendEvent } from './event-outbox';

/** Sample size of a root cause's alarm ids: what a trouble request may carry (≤ 100). */
const SAMPLE = 100;
/** SQLite's bound-parameter limit is far above this; chunks keep each IN list small. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function createSqliteAlarms(db: Db, clock: Clock): AlarmPort {
  const now = () => clock().toISOString();

  const rootCause = (id: string): RootCauseRecord | undefined => {
    const r = db.prepare('SELECT * FROM alarm_root_causes WHERE id = ?').get(id) as
      | {
          id: string;
          resource_id: string;
          probable_cause: string;
          root_alarm_id: string;
          alarm_count: number;
          reason: string;
          state: 'open' | 'closed';
        }
      | undefined;
    if (!r) return undefined;
    const openAlarms = db
      .prepare("SELECT COUNT(*) FROM alarms WHERE root_cause_id = ? AND state <> 'cleared'")
      .pluck()
      .get(id) as number;
    const sampleAlarmIds = db
      .prepare('SELECT id FROM alarms WHERE root_cause_id = ? ORDER BY raised_time, id LIMIT ?')
      .pluck()
      .all(id, SAMPLE) as string[];
    return {
      id: r.id,
      resourceId: r.resource_id,
      probableCause: r.probable_cause,
      rootAlarmId: r.root_alarm_id,
      alarmCount: r.alarm_count,
      reason: r.reason,
      state: r.state,
      openAlarms,
      sampleAlarmIds,
    };
  };

  const list = createAlarmList(db, clock);
  const rootOf = db.prepare('SELECT root_cause_id FROM alarms WHERE id = ?').pluck();
  const alarmsOf = db.prepare('SELECT id FROM alarms WHERE root_cause_id = ? ORDER BY number').pluck();
  const insertAlarm = db.prepare(
    `INSERT INTO alarms (id, number, batch_id, external_alarm_id, alarm_type, perceived_severity, probable_cause,
       specific_problem, alarmed_object, source_system_id, state, raised_time, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'raised', ?, ?)`,
  );
  const lastNumber = db.prepare('SELECT COALESCE(MAX(number), 0) FROM alarms').pluck();
  // A clear ends every raised alarm of the same object and cause (its duplicates with it).
  const clearAlarms = db
    .prepare(
      `UPDATE alarms SET state = 'cleared', perceived_severity = 'cleared', cleared_time = ?,
       clear_user_id = ?, clear_system_id = ?, cleared_by_batch = ?
     WHERE alarmed_object = ? AND probable_cause = ? AND state <> 'cleared' AND raised_time <= ?
     RETURNING id`,
    )
    .pluck();

  /** Writes an analysis's verdicts and new root causes; returns the ids of those created. */
  const record = (analysis: AnalysisRecord, at: string): string[] => {
    const created = new Map<string, string>();
    for (const rc of analysis.newRootCauses) {
      const id = nextId(db, analysis.idPrefix);
      created.set(rc.key, id);
      db.prepare(
        `INSERT INTO alarm_root_causes (id, resource_id, probable_cause, root_alarm_id, alarm_count, batch_id, reason, created_at)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?)`,
      ).run(id, rc.resourceId, rc.probableCause, rc.rootAlarmId, analysis.batchId, rc.reason, at);
    }
    const setAnalysis = db.prepare('UPDATE alarms SET analysis = ?, duplicate_of = ?, root_cause_id = ? WHERE id = ?');
    const bumpDuplicate = db.prepare('UPDATE alarms SET occurrences = occurrences + 1, state = ? WHERE id = ?');
    const bumpRootCause = db.prepare('UPDATE alarm_root_causes SET alarm_count = alarm_count + ? WHERE id = ?');
    const adoptDuplicates = db.prepare(
      'UPDATE alarms SET root_cause_id = ? WHERE duplicate_of = ? AND root_cause_id IS NULL',
    );
    for (const d of analysis.decisions) {
      let rootCauseId = d.rootCause ? (created.get(d.rootCause) ?? d.rootCause) : null;
      if (d.analysis === 'duplicate' && d.duplicateOf) {
        // A repeat of an alarm still raised: the first one counts it (TMF642 'updated').
        bumpDuplicate.run('updated', d.duplicateOf);
        rootCauseId ??= (rootOf.get(d.duplicateOf) as string | null) ?? null;
      }
      setAnalysis.run(d.analysis, d.duplicateOf ?? null, rootCauseId, d.alarmId);
      if (!rootCauseId || d.analysis === 'waiting') continue;
      // Repeats merged into it while it waited follow it under its root cause.
      const adopted = d.analysis === 'duplicate' ? 0 : adoptDuplicates.run(rootCauseId, d.alarmId).changes;
      bumpRootCause.run(1 + adopted, rootCauseId);
    }
    if (analysis.batchId) {
      db.prepare('UPDATE alarm_batches SET analyzed_at = ?, outcome = ? WHERE id = ?').run(
        at,
        json.stringify(analysis.outcome),
        analysis.batchId,
      );
    }
    return [...created.values()];
  };

  return {
    async ingest(key, sourceSystemId, events, publish) {
      return once(db, key, 'ingestAlarms', () => {
        const batchId = nextId(db, 'AB');
        const at = now();
        db.prepare(
          'INSERT INTO alarm_batches (id, source_system_id, alarm_count, received_at) VALUES (?, ?, ?, ?)',
        ).run(batchId, sourceSystemId, events.length, at);
        let number = lastNumber.get() as number;
        events.forEach((e: AlarmEvent, i) => {
          if (e.state === 'cleared') {
            const cleared = clearAlarms.all(
              e.eventTime,
              e.clearUserId ?? null,
              e.clearSystemId ?? null,
              batchId,
              e.alarmedObject,
              e.probableCause,
              e.eventTime,
            ) as string[];
            if (publish) for (const id of cleared) appendEvent(db, publish(list.listed(id), 'cleared'), at);
            return;
          }
          const id = `${batchId}-${String(i + 1).padStart(5, '0')}`;
          insertAlarm.run(
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
          );
          if (publish) appendEvent(db, publish(list.listed(id), 'raised'), at);
        });
        return { batchId, count: events.length };
      });
    },

    async toAnalyze(batchId, withWaiting) {
      const rows = db
        .prepare(
          `SELECT * FROM alarms WHERE (batch_id = ? AND analysis = 'pending') OR (? AND analysis = 'waiting')
           ORDER BY raised_time, id`,
        )
        .all(batchId, withWaiting ? 1 : 0) as AlarmRow[];
      return rows.map(toAlarm);
    },

    async raisedOn(resourceIds) {
      const out: AlarmRecord[] = [];
      for (const part of chunks([...new Set(resourceIds)])) {
        const rows = db
          .prepare(
            `SELECT * FROM alarms WHERE alarmed_object IN (${part.map(() => '?').join(',')})
               AND state <> 'cleared' AND analysis IN ('root', 'folded', 'waiting')
             ORDER BY raised_time, id`,
          )
          .all(...part) as AlarmRow[];
        out.push(...rows.map(toAlarm));
      }
      return out;
    },

    async openRootCausesOn(resourceIds) {
      const out: RootCauseRecord[] = [];
      for (const part of chunks([...new Set(resourceIds)])) {
        const ids = db
          .prepare(
            `SELECT id FROM alarm_root_causes WHERE state = 'open' AND resource_id IN (${part.map(() => '?').join(',')})
             ORDER BY id`,
          )
          .pluck()
          .all(...part) as string[];
        for (const id of ids) out.push(rootCause(id)!);
      }
      return out;
    },

    async recordAnalysis(key, analysis, publish) {
      const rootAlarmOf = db.prepare('SELECT root_alarm_id FROM alarm_root_causes WHERE id = ?').pluck();
      // Repeats with no root cause yet, by the alarm they repeat: one read, not one per verdict.
      const orphans = db.prepare(
        'SELECT id, duplicate_of FROM alarms WHERE root_cause_id IS NULL AND duplicate_of IS NOT NULL',
      );
      const newKeys = new Set(analysis.newRootCauses.map((rc) => rc.key));
      // Whom a verdict can change as GET shows it: the alarm, the alarm it repeats, the repeats
      // it adopts, and the root alarm whose correlatedAlarm it joins.
      function* touched() {
        const adoptable = new Map<string, string[]>();
        for (const o of orphans.all() as Array<{ id: string; duplicate_of: string }>) {
          adoptable.set(o.duplicate_of, [...(adoptable.get(o.duplicate_of) ?? []), o.id]);
        }
        for (const d of analysis.decisions) {
          yield d.alarmId;
          const rootCauses = [d.rootCause && !newKeys.has(d.rootCause) ? d.rootCause : null];
          if (d.duplicateOf) {
            yield d.duplicateOf;
            rootCauses.push(rootOf.get(d.duplicateOf) as string | null);
          }
          for (const rc of rootCauses) {
            const root = rc ? (rootAlarmOf.get(rc) as string | undefined) : undefined;
            if (root) yield root;
          }
          // As `record` adopts: a verdict under a root cause, neither a repeat nor a wait.
          if (d.rootCause && d.analysis !== 'duplicate' && d.analysis !== 'waiting') {
            yield* adoptable.get(d.alarmId) ?? [];
          }
        }
      }
      const ids = once(db, key, 'recordAlarmAnalysis', () => {
        const at = now();
        return publishingChanges(db, list.listed, publish, touched, () => record(analysis, at), at);
      });
      return ids.map((id) => rootCause(id)!);
    },

    async rootCause(id) {
      return rootCause(id);
    },

    async acknowledgeRootCause(key, rootCauseId, publish) {
      return once(db, key, 'acknowledgeAlarms', () => {
        const at = now();
        return publishingChanges(
          db,
          list.listed,
          publish,
          () => alarmsOf.all(rootCauseId) as string[],
          () =>
            db
              .prepare(
                "UPDATE alarms SET ack_state = 'acknowledged' WHERE root_cause_id = ? AND ack_state <> 'acknowledged'",
              )
              .run(rootCauseId).changes,
          at,
        );
      });
    },

    async closeRootCause(key, rootCauseId, clearedTime, publish) {
      once(db, key, 'closeRootCause', () =>
        publishingChanges(
          db,
          list.listed,
          publish,
          // Its alarms cleared before show it closed too (alarmDetails): they change as well.
          () => alarmsOf.all(rootCauseId) as string[],
          () => {
            db.prepare("UPDATE alarm_root_causes SET state = 'closed' WHERE id = ?").run(rootCauseId);
            return db
              .prepare(
                `UPDATE alarms SET state = 'cleared', perceived_severity = 'cleared', cleared_time = ?
                 WHERE root_cause_id = ? AND state <> 'cleared'`,
              )
              .run(clearedTime, rootCauseId).changes;
          },
          now(),
        ),
      );
    },

    async get(alarmId) {
      const r = db.prepare('SELECT * FROM alarms WHERE id = ?').get(alarmId) as AlarmRow | undefined;
      return r && toAlarm(r);
    },

    async batchOutcome(batchId) {
      const r = db.prepare('SELECT outcome FROM alarm_batches WHERE id = ?').pluck().get(batchId) as
        string | null | undefined;
      return r ? json.parse<Record<string, number>>(r) : null;
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
