/**
 * S/P Problem Reporting & Management (1.A.4.3) and S/P Performance Management (1.A.4.4): the
 * problems S/PRM reported to suppliers with everything that happened on them, each supplier's
 * measured performance per period (its scorecard) and, for the supplier simulator, the
 * problems the suppliers received and the reports they will send back.
 */
export const sql = `
CREATE TABLE partner_problems (
  id TEXT PRIMARY KEY,
  service_problem_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  requisition_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('reported', 'acknowledged', 'inProgress', 'resolved', 'closed', 'escalated', 'cancelled')),
  supplier_reference TEXT,
  escalated INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  reported_at TEXT NOT NULL,
  acknowledged_at TEXT,
  escalated_at TEXT,
  resolved_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX partner_problems_supplier ON partner_problems (supplier_id, reported_at);

CREATE TABLE partner_problem_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  partner_problem_id TEXT NOT NULL REFERENCES partner_problems(id),
  kind TEXT NOT NULL,
  detail TEXT,
  event_key TEXT,
  at TEXT NOT NULL,
  UNIQUE (partner_problem_id, event_key)
);

-- One row per supplier and period: measured (1.A.4.4.1), restoration asked (1.A.4.4.2), scored (1.A.4.4.3).
CREATE TABLE supplier_performance (
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  supplied_resources INTEGER NOT NULL,
  problems INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  escalations INTEGER NOT NULL,
  downtime_minutes INTEGER NOT NULL,
  mean_time_to_acknowledge_minutes INTEGER,
  mean_time_to_resolve_minutes INTEGER,
  availability_bp INTEGER NOT NULL CHECK (availability_bp BETWEEN 0 AND 10000),
  sla_bp INTEGER NOT NULL,
  sla_met INTEGER NOT NULL,
  restoration_reference TEXT,
  restoration_detail TEXT,
  restoration_requested_at TEXT,
  rating_before INTEGER,
  rating_after INTEGER,
  scored_at TEXT,
  measured_at TEXT NOT NULL,
  PRIMARY KEY (supplier_id, period_start, period_end)
);

-- The supplier side of the simulator: the problems each supplier received, what it will report.
CREATE TABLE supplier_problems (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  requisition_id TEXT NOT NULL REFERENCES supplier_requisitions(id),
  resource_id TEXT NOT NULL,
  supplier_reference TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  escalations INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  reply_to_workflow_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE supplier_problem_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  problem_id TEXT NOT NULL REFERENCES supplier_problems(id),
  report TEXT NOT NULL,
  due_at TEXT NOT NULL,
  sent_at TEXT,
  -- A 'resolved' report is the supplier's fix: it takes effect once, when it falls due.
  applied_at TEXT
);
CREATE INDEX supplier_problem_outbox_due ON supplier_problem_outbox (sent_at, due_at);

-- What S/PRM asked of suppliers that missed their SLA (1.A.4.4.2), as the suppliers received it.
CREATE TABLE supplier_improvement_plans (
  reference TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  detail TEXT NOT NULL,
  committed_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
