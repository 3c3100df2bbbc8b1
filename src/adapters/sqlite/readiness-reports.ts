import type { Clock } from '../../ports/clock';
import type { Figures, Objective } from '../../domain/readiness/report';
import type { ReadinessAction, ReadinessActionRequest, ReadinessReportPort } from '../../ports/readiness-reports';
import { type Db, json, nextId, once } from './database';
import { rowsOf } from './readiness-sql';

/** Who is told of a readiness action, by the layer of the process that raised it. */
const ACTION_OWNER: Record<string, string> = {
  '1': 'crm-operations@operator.example',
  '2': 'service-operations@operator.example',
  '3': 'resource-operations@operator.example',
  '4': 'supplier-relations@operator.example',
};

/** The notice that tells an action's owner (by the layer of the process that raised it), for both stores. */
export function actionNotice(
  id: string,
  a: ReadinessActionRequest,
): { recipient: string; subject: string; body: string } {
  return {
    recipient: ACTION_OWNER[a.etomId.split('.')[2] ?? ''] ?? 'operations@operator.example',
    subject: `Readiness action ${id} (${a.etomId}): ${a.subject}`,
    body: `${a.metric} = ${Math.round(a.value * 1000) / 1000} against an objective of ${a.limit}. ${a.action}`,
  };
}

export function createSqliteReadinessReports(db: Db, clock: Clock): ReadinessReportPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);

  return {
    async objectives() {
      const rows = all('SELECT * FROM readiness_objectives ORDER BY metric');
      return objectivesOf(rows);
    },
    async setObjective(metric, limit, direction) {
      db.prepare(
        `INSERT INTO readiness_objectives (metric, limit_value, direction, description, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (metric) DO UPDATE SET limit_value = excluded.limit_value,
           direction = COALESCE(?, direction), updated_at = excluded.updated_at`,
      ).run(metric, limit, direction ?? 'max', metric, now(), direction ?? null);
    },
    async recordReport(key, r) {
      return once(db, key, 'recordReadinessReport', () => {
        const existing = db
          .prepare('SELECT id FROM readiness_reports WHERE run_id = ? AND etom_id = ?')
          .pluck()
          .get(r.runId, r.etomId) as string | undefined;
        const id = existing ?? nextId(db, 'RR');
        db.prepare(
          `INSERT INTO readiness_reports (id, run_id, layer, etom_id, figures, findings, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, etom_id) DO UPDATE SET figures = excluded.figures, findings = excluded.findings, details = excluded.details`,
        ).run(
          id,
          r.runId,
          r.layer,
          r.etomId,
          json.stringify(r.figures),
          json.stringify(r.findings),
          json.stringify(r.details),
          now(),
        );
        return id;
      });
    },
    async raiseAction(key, a) {
      return once(db, key, 'raiseReadinessAction', () => {
        const open = db
          .prepare(
            `SELECT id FROM readiness_actions WHERE etom_id = ? AND metric = ? AND subject = ? AND state = 'open'`,
          )
          .pluck()
          .get(a.etomId, a.metric, a.subject) as string | undefined;
        if (open) {
          db.prepare('UPDATE readiness_actions SET value = ?, run_id = ? WHERE id = ?').run(a.value, a.runId, open);
          return open;
        }
        const id = nextId(db, 'RA');
        const notification = nextId(db, 'NT');
        const notice = actionNotice(id, a);
        db.prepare(
          `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at) VALUES (?, ?, 'process', ?, ?, ?, ?)`,
        ).run(notification, notice.recipient, notice.subject, notice.body, id, now());
        db.prepare(
          `INSERT INTO readiness_actions (id, etom_id, run_id, metric, subject, value, limit_value, action, notification_id,
             addressed_to, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          a.etomId,
          a.runId,
          a.metric,
          a.subject,
          a.value,
          a.limit,
          a.action,
          notification,
          a.addressedTo ?? null,
          now(),
        );
        return id;
      });
    },
    async closeActions(key, etomId, metric, stillCrossing) {
      return once(db, key, 'closeReadinessActions', () => {
        const open = all(
          `SELECT id, subject FROM readiness_actions WHERE etom_id = ? AND metric = ? AND state = 'open'`,
          etomId,
          metric,
        );
        const closing = open.filter((r) => !stillCrossing.includes(String(r['subject']))).map((r) => String(r['id']));
        for (const id of closing)
          db.prepare(`UPDATE readiness_actions SET state = 'done', closed_at = ? WHERE id = ?`).run(now(), id);
        return closing;
      });
    },
    async actions(runId) {
      const rows = runId
        ? all('SELECT * FROM readiness_actions WHERE run_id = ? ORDER BY id', runId)
        : all('SELECT * FROM readiness_actions ORDER BY id');
      return rows.map(toAction);
    },
    async addressedTo(etomId) {
      return all(
        `SELECT * FROM readiness_actions WHERE addressed_to = ? AND state = 'open' AND acted_by IS NULL ORDER BY id`,
        etomId,
      ).map(toAction);
    },
    async standingFor(etomId) {
      return all(`SELECT * FROM readiness_actions WHERE addressed_to = ? AND state = 'open' ORDER BY id`, etomId).map(
        toAction,
      );
    },
    async actedOn(key, actionId, etomId, outcome) {
      once(db, key, 'actOnReadinessAction', () => {
        // The first process to act keeps the record: the action is acted on once.
        db.prepare(
          'UPDATE readiness_actions SET acted_by = ?, acted_at = ?, outcome = ? WHERE id = ? AND acted_by IS NULL',
        ).run(etomId, now(), outcome, actionId);
        return actionId;
      });
      const row = all('SELECT * FROM readiness_actions WHERE id = ?', actionId)[0];
      if (!row) throw new Error(`no readiness action ${actionId}`);
      return toAction(row);
    },
    async reports(runId) {
      return all('SELECT * FROM readiness_reports WHERE run_id = ? ORDER BY etom_id', runId).map(toReportSummary);
    },
  };
}

/** The objectives by metric, from their rows: the mapper of both stores (PostgreSQL's rows through sqliteShaped). */
export function objectivesOf(rows: ReadonlyArray<Record<string, unknown>>): Record<string, Objective> {
  return Object.fromEntries(
    rows.map((r): [string, Objective] => [
      String(r['metric']),
      {
        metric: String(r['metric']),
        limit: Number(r['limit_value']),
        direction: r['direction'] as Objective['direction'],
        description: String(r['description']),
      },
    ]),
  );
}

/** A stored readiness report as a run's reports list it. */
export const toReportSummary = (r: Record<string, unknown>) => ({
  id: String(r['id']),
  etomId: String(r['etom_id']),
  figures: json.parse<Figures>(String(r['figures'])),
  findings: json.parse<string[]>(String(r['findings'])),
});

/** A readiness action from its row, for both stores. */
export function toAction(r: Record<string, unknown>): ReadinessAction {
  const orNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r['id']),
    state: String(r['state']),
    etomId: String(r['etom_id']),
    runId: String(r['run_id']),
    metric: String(r['metric']),
    subject: String(r['subject']),
    value: Number(r['value']),
    limit: Number(r['limit_value']),
    action: String(r['action']),
    addressedTo: orNull(r['addressed_to']),
    actedBy: orNull(r['acted_by']),
    outcome: orNull(r['outcome']),
  };
}
