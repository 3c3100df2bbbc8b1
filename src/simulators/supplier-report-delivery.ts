import { json } from '../adapters/sqlite/database';
import type { Db } from '../adapters/sqlite/database';
import type { SupplierProblemReport } from '../domain/assurance/messages';
import type { SupplierReport } from '../domain/fulfilment/partner-order';
import type { Clock } from '../ports/clock';
import { startPolling } from './polling';
import { applyDueFixes } from './supplier-problems';

/** What the delivery loop sends: a report on a requisition, or a report on a problem. */
export type SupplierMessage = ['supplierReport', SupplierReport] | ['supplierProblemReport', SupplierProblemReport];

/** Where the reports of each kind wait: the outbox, what they are about, and the signal they go out as. */
const OUTBOXES = [
  {
    table: 'supplier_outbox',
    subjectTable: 'supplier_requisitions',
    subjectColumn: 'requisition_id',
    subjectKind: 'requisition',
    signal: 'supplierReport',
  },
  {
    table: 'supplier_problem_outbox',
    subjectTable: 'supplier_problems',
    subjectColumn: 'problem_id',
    subjectKind: 'problem',
    signal: 'supplierProblemReport',
  },
] as const;
type Outbox = (typeof OUTBOXES)[number];

interface DueMessage {
  seq: number;
  table: Outbox['table'];
  /** The requisition or problem the report is about: its reports go out in order. */
  subject: string;
  workflowId: string;
  message: SupplierMessage;
  dueAt: string;
}

/**
 * The delivery loop: sends the suppliers' due reports to the workflows that await them —
 * requisition reports to partner orders (`supplierReport`), problem reports to partner
 * problems (`supplierProblemReport`). A report is marked sent only after `deliver` succeeded,
 * so a crash resends it (the workflow records a report it already has only once). A report
 * that could not be sent holds back the later ones on the same requisition or problem, so a
 * supplier's reports arrive in the order it made them.
 */
export function startSupplierSimulator(opts: {
  db: Db;
  clock: Clock;
  deliver: (workflowId: string, ...message: SupplierMessage) => Promise<void>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  const { db, clock, deliver } = opts;
  const markSent = (m: DueMessage) =>
    db.prepare(`UPDATE ${m.table} SET sent_at = ? WHERE seq = ?`).run(clock().toISOString(), m.seq);

  const dueIn = (outbox: Outbox, now: string) =>
    (
      db
        .prepare(
          `SELECT o.seq, o.${outbox.subjectColumn} AS subject, o.report, o.due_at, s.reply_to_workflow_id
           FROM ${outbox.table} o JOIN ${outbox.subjectTable} s ON s.id = o.${outbox.subjectColumn}
           WHERE o.sent_at IS NULL AND o.due_at <= ? ORDER BY o.due_at, o.seq`,
        )
        .all(now) as Array<{
        seq: number;
        subject: string;
        report: string;
        due_at: string;
        reply_to_workflow_id: string;
      }>
    ).map((row): DueMessage => ({
      seq: row.seq,
      table: outbox.table,
      subject: `${outbox.subjectKind}:${row.subject}`,
      workflowId: row.reply_to_workflow_id,
      // The report as the supplier made it, dated when it was due.
      message: [outbox.signal, { ...json.parse<object>(row.report), at: row.due_at }] as SupplierMessage,
      dueAt: row.due_at,
    }));
  const dueMessages = (now: string): DueMessage[] =>
    OUTBOXES.flatMap((outbox) => dueIn(outbox, now)).sort(
      (a, b) => a.dueAt.localeCompare(b.dueAt) || a.table.localeCompare(b.table) || a.seq - b.seq,
    );

  const sendDue = async (running: () => boolean) => {
    const now = clock().toISOString();
    // A supplier's fix is done when it says so, whether or not the report reaches anyone.
    applyDueFixes(db, now);
    const heldBack = new Set<string>();
    for (const m of dueMessages(now)) {
      if (!running()) return;
      if (heldBack.has(m.subject)) continue;
      try {
        await deliver(m.workflowId, ...m.message);
        markSent(m);
      } catch (err) {
        // A workflow that has ended will never read it: drop it. Anything else (the server is
        // unreachable) leaves it due, to be sent again on the next pass.
        if ((err as Error).name === 'WorkflowNotFoundError') markSent(m);
        else heldBack.add(m.subject);
      }
    }
  };
  return startPolling(sendDue, opts.intervalMs ?? 200);
}
