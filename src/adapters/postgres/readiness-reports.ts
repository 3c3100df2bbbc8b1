import type { Clock } from '../../ports/clock';
import type { ReadinessReportPort } from '../../ports/readiness-reports';
import { actionNotice, objectivesOf, toAction, toReportSummary } from '../sqlite/readiness-reports';
import { nextId, once, type Pool, type Tx } from './database';
import { shapedRows } from './rows';

/**
 * Readiness objectives, reports and actions on PostgreSQL: the same contract as the SQLite
 * adapter (test/ports/readiness-reports.contract.ts runs on both). One action is open per process,
 * metric and subject: workers raising it at once meet on the partial unique index, the later ones
 * update the open action and tell nobody again. An action is acted on once: the conditional UPDATE
 * re-reads `acted_by` under the row lock.
 */

type Row = Record<string, unknown>;

const openAction = async (tx: Tx, etomId: string, metric: string, subject: string) =>
  (
    await tx.query<{ id: string }>(
      `SELECT id FROM readiness_actions WHERE etom_id = $1 AND metric = $2 AND subject = $3 AND state = 'open'`,
      [etomId, metric, subject],
    )
  ).rows[0]?.id;

export function createPostgresReadinessReports(pool: Pool, clock: Clock): ReadinessReportPort {
  const now = () => clock().toISOString();
  const actionRows = async (where: string, params: unknown[]) =>
    shapedRows<Row>((await pool.query(`SELECT * FROM readiness_actions ${where} ORDER BY id`, params)).rows).map(
      toAction,
    );

  return {
    async objectives() {
      return objectivesOf(
        shapedRows<Row>((await pool.query('SELECT * FROM readiness_objectives ORDER BY metric')).rows),
      );
    },
    async setObjective(metric, limit, direction) {
      await pool.query(
        `INSERT INTO readiness_objectives (metric, limit_value, direction, description, updated_at) VALUES ($1, $2, $3, $1, $4)
         ON CONFLICT (metric) DO UPDATE SET limit_value = excluded.limit_value,
           direction = COALESCE($5, readiness_objectives.direction), updated_at = excluded.updated_at`,
        [metric, limit, direction ?? 'max', now(), direction ?? null],
      );
    },
    async recordReport(key, r) {
      return once(pool, key, 'recordReadinessReport', async (tx) => {
        const { rows: existing } = await tx.query<{ id: string }>(
          'SELECT id FROM readiness_reports WHERE run_id = $1 AND etom_id = $2',
          [r.runId, r.etomId],
        );
        // A process's report of a run is replaced, under the id it was first stored with.
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO readiness_reports (id, run_id, layer, etom_id, figures, findings, details, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (run_id, etom_id) DO UPDATE SET figures = excluded.figures, findings = excluded.findings,
             details = excluded.details
           RETURNING id`,
          [
            existing[0]?.id ?? (await nextId(tx, 'RR')),
            r.runId,
            r.layer,
            r.etomId,
            JSON.stringify(r.figures),
            JSON.stringify(r.findings),
            JSON.stringify(r.details ?? null),
            now(),
          ],
        );
        return rows[0]!.id;
      });
    },
    async raiseAction(key, a) {
      return once(pool, key, 'raiseReadinessAction', async (tx) => {
        const stillOpen = async (id: string) => {
          await tx.query('UPDATE readiness_actions SET value = $1, run_id = $2 WHERE id = $3', [a.value, a.runId, id]);
          return id;
        };
        const open = await openAction(tx, a.etomId, a.metric, a.subject);
        if (open) return stillOpen(open);
        const id = await nextId(tx, 'RA');
        const notification = await nextId(tx, 'NT');
        const { rowCount } = await tx.query(
          `INSERT INTO readiness_actions (id, etom_id, run_id, metric, subject, value, limit_value, action, notification_id,
             addressed_to, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (etom_id, metric, subject) WHERE state = 'open' DO NOTHING`,
          [
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
          ],
        );
        // Another worker raised it meanwhile: its action is the open one, and its owner was told.
        if (rowCount === 0) return stillOpen((await openAction(tx, a.etomId, a.metric, a.subject))!);
        const notice = actionNotice(id, a);
        await tx.query(
          `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at)
           VALUES ($1, $2, 'process', $3, $4, $5, $6)`,
          [notification, notice.recipient, notice.subject, notice.body, id, now()],
        );
        return id;
      });
    },
    async closeActions(key, etomId, metric, stillCrossing) {
      return once(pool, key, 'closeReadinessActions', async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `UPDATE readiness_actions SET state = 'done', closed_at = $1
           WHERE etom_id = $2 AND metric = $3 AND state = 'open' AND NOT (subject = ANY($4))
           RETURNING id`,
          [now(), etomId, metric, stillCrossing],
        );
        return rows.map((r) => r.id).sort();
      });
    },
    async actions(runId) {
      return runId ? actionRows('WHERE run_id = $1', [runId]) : actionRows('', []);
    },
    async addressedTo(etomId) {
      return actionRows(`WHERE addressed_to = $1 AND state = 'open' AND acted_by IS NULL`, [etomId]);
    },
    async standingFor(etomId) {
      return actionRows(`WHERE addressed_to = $1 AND state = 'open'`, [etomId]);
    },
    async actedOn(key, actionId, etomId, outcome) {
      await once(pool, key, 'actOnReadinessAction', async (tx) => {
        // The first process to act keeps the record: the action is acted on once.
        await tx.query(
          'UPDATE readiness_actions SET acted_by = $1, acted_at = $2, outcome = $3 WHERE id = $4 AND acted_by IS NULL',
          [etomId, now(), outcome, actionId],
        );
        return actionId;
      });
      const [action] = await actionRows('WHERE id = $1', [actionId]);
      if (!action) throw new Error(`no readiness action ${actionId}`);
      return action;
    },
    async reports(runId) {
      const { rows } = await pool.query('SELECT * FROM readiness_reports WHERE run_id = $1 ORDER BY etom_id', [runId]);
      return shapedRows<Row>(rows).map(toReportSummary);
    },
  };
}
