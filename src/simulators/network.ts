import type { Db } from '../adapters/sqlite/database';
import { json, once } from '../adapters/sqlite/database';
import { BusinessErrorType, reject } from '../contracts/errors';
import type { Clock } from '../ports/clock';
import type { ElementConfiguration, NetworkActivationPort, TestResult } from '../ports/network-activation';

/**
 * A simulated network: what each element is configured with and whether it is up, kept in the
 * store, and tests that read that state. It fails only where a fault has been injected, so a
 * test or the demo decides exactly which activation fails.
 */

/** A fault that lasts until the element is repaired (`NetworkActivationPort.repair`). */
export const UNTIL_REPAIRED = 1_000_000;

/**
 * Makes the next `times` runs of `operation` on `target` (a resource or service id) fail.
 * 'endToEnd' is on an element: it passes its own test (1.F.3.2.3) but every service end-to-end
 * test across it fails, and a diagnosis finds it, until it is repaired (it is not used up).
 */
export function injectFault(
  db: Db,
  target: string,
  operation: 'configure' | 'unconfigure' | 'testResource' | 'testService' | 'endToEnd',
  times = 1,
): void {
  db.prepare(
    `INSERT INTO simulator_faults (target, operation, remaining) VALUES (?, ?, ?)
     ON CONFLICT (target, operation) DO UPDATE SET remaining = remaining + excluded.remaining`,
  ).run(target, operation, times);
}

/**
 * The sample operator's standing fault, for `etom dev`: CUST-1005's router in Lyon (CPE-LYO-1,
 * behind SVC-IB04-1) is dead until a technician repairs it, as in the assurance demo, so a
 * trouble ticket posted through TMF621 alone goes all the way to a field technician. It is
 * there again at each start once repaired (a demo to run again), and never added twice.
 */
export const STANDING_FAULT = { resourceId: 'CPE-LYO-1', serviceId: 'SVC-IB04-1', customerId: 'CUST-1005' } as const;

export function seedStandingFault(db: Db): void {
  db.prepare(
    `INSERT INTO simulator_faults (target, operation, remaining) VALUES (?, 'testResource', ?)
     ON CONFLICT (target, operation) DO NOTHING`,
  ).run(STANDING_FAULT.resourceId, UNTIL_REPAIRED);
}

/** Consumes one injected fault, if any: true when this run must fail. */
function faultFires(db: Db, target: string, operation: string): boolean {
  const r = db
    .prepare(
      'UPDATE simulator_faults SET remaining = remaining - 1 WHERE target = ? AND operation = ? AND remaining > 0',
    )
    .run(target, operation);
  return r.changes > 0;
}

/** A lasting fault on an element that only an end-to-end test sees (not consumed by a test). */
function endToEndFault(db: Db, resourceId: string): boolean {
  return (
    db
      .prepare("SELECT 1 FROM simulator_faults WHERE target = ? AND operation = 'endToEnd' AND remaining > 0")
      .get(resourceId) !== undefined
  );
}

const END_TO_END_DETAIL = 'frames lost across the element end to end';

interface Row {
  resource_id: string;
  service_id: string;
  config: string;
  admin_state: 'up' | 'down';
}

const toConfig = (r: Row): ElementConfiguration => ({
  resourceId: r.resource_id,
  serviceId: r.service_id,
  config: json.parse(r.config),
  adminState: r.admin_state,
});

/** Deterministic, plausible measurements from an element's identity (no randomness). */
function measure(resourceId: string, resourceType: string): Record<string, number> {
  const h = [...resourceId].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 1000, 7);
  if (resourceType === 'port' || resourceType === 'access-circuit')
    return { rxPowerDbm: -18 - (h % 60) / 10, latencyMs: 1 + (h % 40) / 10 };
  return { latencyMs: 1 + (h % 20) / 10, packetLossPct: 0 };
}

export function createNetworkSimulator(db: Db, clock: Clock): NetworkActivationPort {
  const now = () => clock().toISOString();
  const row = (resourceId: string) =>
    db.prepare('SELECT * FROM network_configuration WHERE resource_id = ?').get(resourceId) as Row | undefined;
  const typeOf = (resourceId: string) =>
    (db.prepare('SELECT resource_type FROM resources WHERE id = ?').pluck().get(resourceId) as string | undefined) ??
    'unknown';

  const testResource = async (resourceId: string): Promise<TestResult> => {
    const cfg = row(resourceId);
    const measurements = measure(resourceId, typeOf(resourceId));
    if (!cfg) return { target: resourceId, passed: false, measurements, detail: 'element not configured' };
    if (cfg.admin_state !== 'up')
      return { target: resourceId, passed: false, measurements, detail: 'element administratively down' };
    if (faultFires(db, resourceId, 'testResource')) {
      return {
        target: resourceId,
        passed: false,
        measurements: { ...measurements, rxPowerDbm: -40 },
        detail: 'no signal (loss of light)',
      };
    }
    return { target: resourceId, passed: true, measurements, detail: 'ok' };
  };

  return {
    async configure(key, resourceId, serviceId, config) {
      once(db, key, 'configureElement', () => {
        if (faultFires(db, resourceId, 'configure'))
          reject(BusinessErrorType.ActivationFailed, `element ${resourceId} refused the configuration`);
        const existing = row(resourceId);
        if (existing && existing.service_id !== serviceId) {
          reject(BusinessErrorType.ActivationFailed, `element ${resourceId} already carries ${existing.service_id}`);
        }
        // Configuring again for the same service amends what is there (a modify request).
        const merged = existing ? { ...json.parse<Record<string, unknown>>(existing.config), ...config } : config;
        db.prepare(
          `INSERT INTO network_configuration (resource_id, service_id, config, admin_state, updated_at) VALUES (?, ?, ?, 'down', ?)
           ON CONFLICT (resource_id) DO UPDATE SET service_id = excluded.service_id, config = excluded.config, updated_at = excluded.updated_at`,
        ).run(resourceId, serviceId, json.stringify(merged), now());
        return resourceId;
      });
      return toConfig(row(resourceId)!);
    },
    async setAdminState(key, resourceId, state) {
      once(db, key, `adminState:${state}`, () => {
        const r = db
          .prepare('UPDATE network_configuration SET admin_state = ?, updated_at = ? WHERE resource_id = ?')
          .run(state, now(), resourceId);
        if (r.changes === 0)
          reject(
            BusinessErrorType.InvalidStateTransition,
            `element ${resourceId} has no configuration to bring ${state}`,
          );
        return resourceId;
      });
      return toConfig(row(resourceId)!);
    },
    async unconfigure(key, resourceId) {
      once(db, key, 'unconfigureElement', () => {
        // A cease refused by the element (#12's failing cease): nothing is removed.
        if (faultFires(db, resourceId, 'unconfigure'))
          reject(BusinessErrorType.ActivationFailed, `element ${resourceId} refused to be unconfigured`);
        return db.prepare('DELETE FROM network_configuration WHERE resource_id = ?').run(resourceId).changes;
      });
    },
    testResource,
    async testService(serviceId): Promise<TestResult> {
      const elements = db
        .prepare('SELECT resource_id FROM network_configuration WHERE service_id = ? ORDER BY resource_id')
        .pluck()
        .all(serviceId) as string[];
      if (elements.length === 0)
        return { target: serviceId, passed: false, measurements: {}, detail: 'service not configured on any element' };
      const results = await Promise.all(elements.map(testResource));
      const failed = [
        ...results.filter((r) => !r.passed),
        ...elements
          .filter((id) => endToEndFault(db, id))
          .map((id) => ({ target: id, passed: false, measurements: {}, detail: END_TO_END_DETAIL })),
      ];
      const latencyMs = results.reduce((a, r) => a + (r.measurements['latencyMs'] ?? 0), 0);
      if (faultFires(db, serviceId, 'testService')) {
        return {
          target: serviceId,
          passed: false,
          measurements: { latencyMs, throughputPct: 12 },
          detail: 'end-to-end throughput far below the agreed rate',
        };
      }
      return {
        target: serviceId,
        passed: failed.length === 0,
        measurements: { latencyMs, elements: elements.length },
        detail: failed.length ? failed.map((f) => `${f.target}: ${f.detail}`).join('; ') : 'ok',
      };
    },
    async repair(key, resourceId, note) {
      once(db, key, 'repairElement', () => {
        // Whatever was wrong with the element is put right: its injected faults are gone.
        const cleared = db.prepare('DELETE FROM simulator_faults WHERE target = ?').run(resourceId).changes;
        db.prepare(
          `UPDATE network_configuration SET config = json_set(config, '$.lastRepair', json(?)), updated_at = ?
           WHERE resource_id = ?`,
        ).run(json.stringify({ at: now(), note }), now(), resourceId);
        return cleared;
      });
      return testResource(resourceId);
    },
    async diagnose(resourceId): Promise<TestResult> {
      const measurements = measure(resourceId, typeOf(resourceId));
      if (endToEndFault(db, resourceId))
        return { target: resourceId, passed: false, measurements, detail: END_TO_END_DETAIL };
      if (row(resourceId)) return testResource(resourceId);
      // Equipment without a service of its own: its self-test fails while a fault is on it.
      const faulty = db
        .prepare("SELECT 1 FROM simulator_faults WHERE target = ? AND operation = 'testResource' AND remaining > 0")
        .get(resourceId);
      return faulty
        ? { target: resourceId, passed: false, measurements, detail: 'hardware self-test failed' }
        : { target: resourceId, passed: true, measurements, detail: 'self-test ok' };
    },
    async protectionSwitch(key, workingId, protectingId) {
      return once(db, key, 'protectionSwitch', () => {
        const contained = db
          .prepare(
            `WITH RECURSIVE below(id) AS (SELECT id FROM resources WHERE parent_id = ?
               UNION ALL SELECT r.id FROM resources r JOIN below b ON r.parent_id = b.id)
             SELECT id FROM below ORDER BY id`,
          )
          .pluck()
          .all(workingId) as string[];
        // The mate now carries what the failed unit carried: the faults it caused below are gone.
        const clear = db.prepare('DELETE FROM simulator_faults WHERE target = ?');
        for (const id of contained) clear.run(id);
        const carried = contained.filter((id) => row(id) !== undefined);
        const note = db.prepare(
          `UPDATE network_configuration SET config = json_set(config, '$.protectedBy', ?), updated_at = ? WHERE resource_id = ?`,
        );
        for (const id of carried) note.run(protectingId, now(), id);
        return carried;
      });
    },
    async configurationOf(resourceId) {
      const r = row(resourceId);
      return r && toConfig(r);
    },
    async configurationsOfService(serviceId) {
      return (
        db
          .prepare('SELECT * FROM network_configuration WHERE service_id = ? ORDER BY resource_id')
          .all(serviceId) as Row[]
      ).map(toConfig);
    },
  };
}
