import { BusinessErrorType, reject } from '../../contracts/errors';
import { canMove, RESOURCE_TROUBLE_TRANSITIONS, type ResourceTroubleState } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type {
  ReportedService,
  ResourceTroublePort,
  ResourceTroubleRecord,
  TroubledResource,
  TroubleEvent,
} from '../../ports/resource-troubles';
import { type Db, json, once } from './database';

/** The rows of this store's shape; the PostgreSQL adapter maps its rows with these mappers too. */
export interface TroubleRow {
  id: string;
  origin: ResourceTroubleRecord['origin'];
  resource_id: string;
  description: string;
  state: ResourceTroubleState;
  alarm_count: number;
  alarm_ids: string;
  service_problem_id: string | null;
  workflow_id: string | null;
  fault_resource_id: string | null;
  diagnosis: string | null;
  recovery: ResourceTroubleRecord['recovery'];
  resolution: string | null;
  prevention: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export const toTrouble = (r: TroubleRow): ResourceTroubleRecord => ({
  id: r.id,
  origin: r.origin,
  resourceId: r.resource_id,
  description: r.description,
  state: r.state,
  alarmCount: r.alarm_count,
  alarmIds: json.parse<string[]>(r.alarm_ids),
  serviceProblemId: r.service_problem_id,
  workflowId: r.workflow_id,
  faultResourceId: r.fault_resource_id,
  diagnosis: r.diagnosis,
  recovery: r.recovery,
  resolution: r.resolution,
  prevention: r.prevention,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
});

export interface TroubleEventRow {
  process: string;
  from_state: ResourceTroubleState | null;
  to_state: ResourceTroubleState;
  detail: string;
  at: string;
}

export const toTroubleEvent = (e: TroubleEventRow): TroubleEvent => ({
  process: e.process,
  fromState: e.from_state,
  toState: e.to_state,
  detail: e.detail,
  at: e.at,
});

export interface ResourceRow {
  id: string;
  resource_type: string;
  region: string;
  parent_id: string | null;
  mate_id: string | null;
  state: string;
  service_id: string | null;
}

export const toResource = (r: ResourceRow): TroubledResource => ({
  id: r.id,
  resourceType: r.resource_type,
  region: r.region,
  parentId: r.parent_id,
  mateId: r.mate_id,
  state: r.state,
  serviceId: r.service_id,
});

// The pair link is recorded on one card or on both: either direction names the mate.
export const RESOURCE_COLUMNS = `r.id, r.resource_type, r.region, r.parent_id, r.state, r.service_id,
  COALESCE(r.redundant_with, (SELECT m.id FROM resources m WHERE m.redundant_with = r.id LIMIT 1)) AS mate_id`;

export function createSqliteResourceTroubles(db: Db, clock: Clock): ResourceTroublePort {
  const now = () => clock().toISOString();
  const row = (id: string) =>
    db.prepare('SELECT * FROM resource_troubles WHERE id = ?').get(id) as TroubleRow | undefined;
  const must = (id: string): TroubleRow => row(id) ?? reject(BusinessErrorType.NotFound, `no resource trouble ${id}`);
  const logEvent = (
    id: string,
    process: string,
    from: ResourceTroubleState | null,
    to: ResourceTroubleState,
    detail: string,
  ) =>
    db
      .prepare(
        'INSERT INTO resource_trouble_events (trouble_id, process, from_state, to_state, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, process, from, to, detail, now());

  return {
    async create(key, t) {
      once(db, key, 'createResourceTrouble', () => {
        if (row(t.id)) return t.id;
        const at = now();
        db.prepare(
          `INSERT INTO resource_troubles (id, origin, resource_id, description, state, alarm_count, alarm_ids,
             service_problem_id, workflow_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'acknowledged', ?, ?, ?, ?, ?, ?)`,
        ).run(
          t.id,
          t.origin,
          t.resourceId,
          t.description,
          t.alarmCount,
          json.stringify(t.alarmIds),
          t.serviceProblemId,
          t.workflowId,
          at,
          at,
        );
        logEvent(t.id, '1.A.3.3.4', null, 'acknowledged', t.description);
        return t.id;
      });
      return toTrouble(must(t.id));
    },

    async get(id) {
      const r = row(id);
      return r && toTrouble(r);
    },

    async amend(key, id, patch, process, detail) {
      once(db, key, 'amendResourceTrouble', () => {
        const r = must(id);
        const next = {
          fault_resource_id: patch.faultResourceId ?? r.fault_resource_id,
          diagnosis: patch.diagnosis ?? r.diagnosis,
          recovery: patch.recovery ?? r.recovery,
          resolution: patch.resolution ?? r.resolution,
          prevention: patch.prevention ?? r.prevention,
        };
        db.prepare(
          `UPDATE resource_troubles SET fault_resource_id = ?, diagnosis = ?, recovery = ?, resolution = ?, prevention = ?,
             updated_at = ? WHERE id = ?`,
        ).run(next.fault_resource_id, next.diagnosis, next.recovery, next.resolution, next.prevention, now(), id);
        logEvent(id, process, r.state, r.state, detail);
        return id;
      });
      return toTrouble(must(id));
    },

    async setState(key, id, to, process, detail) {
      once(db, key, `resourceTroubleState:${to}`, () => {
        const r = must(id);
        if (!canMove(RESOURCE_TROUBLE_TRANSITIONS, r.state, to)) {
          reject(
            BusinessErrorType.InvalidStateTransition,
            `resource trouble ${id} is ${r.state}: it cannot become ${to}`,
          );
        }
        const at = now();
        const closing = to === 'closed' || to === 'cancelled';
        db.prepare('UPDATE resource_troubles SET state = ?, updated_at = ?, closed_at = ? WHERE id = ?').run(
          to,
          at,
          closing ? at : null,
          id,
        );
        logEvent(id, process, r.state, to, detail);
        return id;
      });
      return toTrouble(must(id));
    },

    async events(id) {
      return (
        db
          .prepare(
            'SELECT process, from_state, to_state, detail, at FROM resource_trouble_events WHERE trouble_id = ? ORDER BY seq',
          )
          .all(id) as TroubleEventRow[]
      ).map(toTroubleEvent);
    },

    async resource(id) {
      const r = db.prepare(`SELECT ${RESOURCE_COLUMNS} FROM resources r WHERE r.id = ?`).get(id) as
        ResourceRow | undefined;
      return r && toResource(r);
    },

    async ancestors(ids) {
      const parentOf = new Map<string, string | null>();
      const lookup = db.prepare('SELECT parent_id FROM resources WHERE id = ?').pluck();
      const parent = (id: string): string | null => {
        if (!parentOf.has(id)) parentOf.set(id, (lookup.get(id) as string | null | undefined) ?? null);
        return parentOf.get(id)!;
      };
      const out: Record<string, string[]> = {};
      for (const id of new Set(ids)) {
        const chain: string[] = [];
        // Containment is a tree a few levels deep; the bound guards against a loop in bad data.
        for (let p = parent(id); p && chain.length < 16; p = parent(p)) chain.push(p);
        out[id] = chain;
      }
      return out;
    },

    async descendants(id) {
      return (
        db
          .prepare(
            `WITH RECURSIVE below(id, depth) AS (SELECT id, 1 FROM resources WHERE parent_id = ?
               UNION ALL SELECT c.id, b.depth + 1 FROM resources c JOIN below b ON c.parent_id = b.id)
             SELECT ${RESOURCE_COLUMNS} FROM below b JOIN resources r ON r.id = b.id ORDER BY b.depth, r.id`,
          )
          .all(id) as ResourceRow[]
      ).map(toResource);
    },

    async activeServicesOn(resourceId) {
      // A service runs on an element the inventory assigns it, or that the network carries it on.
      return db
        .prepare(
          `WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT c.id FROM resources c JOIN tree t ON c.parent_id = t.id),
           links(service_id, resource_id) AS (
             SELECT r.service_id, r.id FROM resources r JOIN tree t ON r.id = t.id WHERE r.service_id IS NOT NULL
             UNION SELECT n.service_id, n.resource_id FROM network_configuration n JOIN tree t ON n.resource_id = t.id)
           SELECT s.id AS serviceId, s.customer_id AS customerId, MIN(l.resource_id) AS resourceId
           FROM links l JOIN services s ON s.id = l.service_id
           WHERE s.state = 'active' GROUP BY s.id ORDER BY s.id`,
        )
        .all(resourceId) as Array<{ serviceId: string; customerId: string; resourceId: string }>;
    },

    async recordReportedServices(key, troubleId, services) {
      once(db, key, 'recordReportedServices', () => {
        must(troubleId);
        const upsert = db.prepare(
          `INSERT INTO resource_trouble_services (trouble_id, service_id, customer_id, service_problem_id,
             service_problem_workflow_id, last_reported_state)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (trouble_id, service_id) DO UPDATE SET
             service_problem_id = COALESCE(excluded.service_problem_id, service_problem_id),
             service_problem_workflow_id = COALESCE(excluded.service_problem_workflow_id, service_problem_workflow_id),
             last_reported_state = excluded.last_reported_state`,
        );
        for (const s of services) {
          upsert.run(
            troubleId,
            s.serviceId,
            s.customerId,
            s.serviceProblemId,
            s.serviceProblemWorkflowId,
            s.lastReportedState,
          );
        }
        return services.length;
      });
    },

    async reportedServices(troubleId) {
      return db
        .prepare(
          `SELECT service_id AS serviceId, customer_id AS customerId, service_problem_id AS serviceProblemId,
             service_problem_workflow_id AS serviceProblemWorkflowId, last_reported_state AS lastReportedState
           FROM resource_trouble_services WHERE trouble_id = ? ORDER BY service_id`,
        )
        .all(troubleId) as ReportedService[];
    },

    async recordProtectionSwitch(key, troubleId, workingId, protectingId, restored) {
      once(db, key, 'recordProtectionSwitch', () => {
        must(troubleId);
        const at = now();
        db.prepare(
          'INSERT INTO protection_switches (trouble_id, working_id, protecting_id, restored, at) VALUES (?, ?, ?, ?, ?)',
        ).run(troubleId, workingId, protectingId, json.stringify(restored), at);
        const unit = db.prepare('SELECT state FROM resources WHERE id = ?').pluck().get(workingId) as
          string | undefined;
        if (!unit) reject(BusinessErrorType.NotFound, `no resource ${workingId}`);
        if (unit !== 'outOfService') {
          // The failed unit stops carrying traffic: its mate does, until it is replaced.
          db.prepare("UPDATE resources SET state = 'outOfService', updated_at = ? WHERE id = ?").run(at, workingId);
          db.prepare(
            `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES (?, ?, 'outOfService', ?, ?)`,
          ).run(workingId, unit, `failed (${troubleId}): traffic switched to ${protectingId}`, at);
        }
        return restored.length;
      });
    },

    async flagForReplacement(key, resourceId, reason) {
      once(
        db,
        key,
        'flagForReplacement',
        () =>
          db
            .prepare(
              `UPDATE resources SET attributes = json_set(attributes, '$.replacement', json(?)), updated_at = ? WHERE id = ?`,
            )
            .run(json.stringify({ reason, flaggedAt: now() }), now(), resourceId).changes,
      );
    },
  };
}
