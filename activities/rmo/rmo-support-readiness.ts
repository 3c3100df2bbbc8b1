import { z } from 'zod';
import { defineProcess, type ProcessCall } from '../../src/contracts/activity';
import { readinessRun, round, total, windowStart } from '../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../src/domain/readiness/report';
import type { Ports } from '../../src/ports';
import type { ClassSample } from '../../src/ports/readiness';

/**
 * RM&O Support & Readiness (1.O.3.1, Manage Workforce 1.O.3.1.6 apart): resource classes kept
 * ready — the inventory synchronised with what the network reports and watched for capacity,
 * new and repaired resources tested and accepted into the pools, preventive maintenance and
 * repairs, long-term performance and availability analyses, and the logistics of CPE and spares.
 */

const LAYER = 'RM&O';
/** Resource classes whose availability is watched (identifiers are SM&O's and CRM's pools). */
const WATCHED_TYPES = ['port', 'cpe', 'access-circuit', 'vlan'];
/** Network elements 1.O.3.1.3 repairs in place (CPE go back to their supplier, 1.O.3.1.7). */
const REPAIRABLE_IN_PLACE = ['node', 'card', 'port', 'access-circuit'];

const avg = (sum: number, n: number) => (n ? sum / n : 0);

export function createRmoSupportReadinessActivities(
  ports: Pick<Ports, 'readiness' | 'logistics' | 'networkActivation' | 'clock'>,
) {
  const start = (input: { runId: string; windowDays: number }, call: ProcessCall) =>
    readinessRun(ports.readiness, call, {
      runId: input.runId,
      layer: LAYER,
      since: windowStart(ports.clock(), input.windowDays),
    });

  /**
   * An acceptance test of an element nobody uses: give it a test configuration, bring it up,
   * test it, take the configuration off again. An element the network does not report fails.
   */
  const acceptanceTest = async (key: string, resourceId: string) => {
    const discovered = (await ports.readiness.discover()).some((e) => e.resourceId === resourceId);
    if (!discovered) return { passed: false, detail: 'not reported by the network' };
    const existing = await ports.networkActivation.configurationOf(resourceId);
    if (existing) {
      const t = await ports.networkActivation.testResource(resourceId);
      return { passed: t.passed, detail: t.detail };
    }
    const testService = `ACCEPTANCE-${resourceId}`;
    await ports.networkActivation.configure(`${key}/configure`, resourceId, testService, { acceptanceTest: true });
    await ports.networkActivation.setAdminState(`${key}/up`, resourceId, 'up');
    const t = await ports.networkActivation.testResource(resourceId);
    await ports.networkActivation.unconfigure(`${key}/unconfigure`, resourceId);
    return { passed: t.passed, detail: t.detail };
  };

  /**
   * 1.O.3.1.1 — test and accept the resources handed over to operations (new capacity, repaired
   * or discovered elements): those that pass are recorded available for service instances.
   */
  const enableResourceProvisioning = defineProcess(
    {
      etomId: '1.O.3.1.1',
      input: ReadinessRunInput,
      output: ReadinessOutcome.extend({ accepted: z.array(z.string()), failed: z.array(z.string()) }),
    },
    async (input, call) => {
      const r = start(input, call);
      const accepted: string[] = [];
      const failed: string[] = [];
      for (const item of await ports.readiness.pendingAcceptance()) {
        const key = `${call.idempotencyKey}/accept/${item.resourceId}`;
        const test = await acceptanceTest(key, item.resourceId);
        await ports.readiness.recordAcceptance(`${key}/record`, item.resourceId, test.passed, test.detail);
        (test.passed ? accepted : failed).push(item.resourceId);
        if (!test.passed) r.findings.push(`${item.resourceId} (${item.reason}) failed acceptance: ${test.detail}`);
        call.heartbeat(item.resourceId);
      }
      for (const resourceId of failed) {
        // A resource that fails acceptance goes to repair (1.O.3.1.3) rather than into the pool.
        await ports.readiness.requestMaintenance(`${call.idempotencyKey}/repair/${resourceId}`, {
          resourceId,
          kind: 'repair',
          reason: 'failed acceptance test',
        });
      }
      r.figures['accepted'] = accepted.length;
      r.figures['failed'] = failed.length;
      r.figures['shortfallsResolved'] = (await ports.readiness.shortfalls('resolved')).length;
      if (accepted.length) r.findings.push(`${accepted.length} resource(s) accepted into the available pools`);
      return { ...(await r.finish({ accepted, failed })), accepted, failed };
    },
  );

  /** 1.O.3.1.2 — sample the performance of each resource class and analyse it over time. */
  const enableResourcePerformanceManagement = defineProcess(
    { etomId: '1.O.3.1.2', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const counts = await ports.readiness.classCounts();
      const tested = new Map<string, { tests: number; failed: number; latency: number }>();
      for (const e of await ports.readiness.configuredElements()) {
        const t = await ports.networkActivation.testResource(e.resourceId);
        const k = `${e.resourceSpecId}@${e.region}`;
        const m = tested.get(k) ?? { tests: 0, failed: 0, latency: 0 };
        tested.set(k, {
          tests: m.tests + 1,
          failed: m.failed + (t.passed ? 0 : 1),
          latency: m.latency + (t.measurements['latencyMs'] ?? 0),
        });
      }
      const samples: ClassSample[] = counts
        .filter((c) => WATCHED_TYPES.includes(c.resourceType))
        .map((c) => {
          const m = tested.get(`${c.resourceSpecId}@${c.region}`);
          return {
            resourceSpecId: c.resourceSpecId,
            region: c.region,
            total: c.total,
            inService: c.inService,
            available: c.available,
            outOfService: c.outOfService,
            tests: m?.tests ?? 0,
            failedTests: m?.failed ?? 0,
            meanLatencyMs: m ? round(m.latency / m.tests) : null,
          };
        });
      await ports.readiness.recordSamples(`${call.idempotencyKey}/samples`, input.runId, samples);
      // The long view: every sample of the window, not just this run's.
      const history = await ports.readiness.samples(r.since);
      const byClass = new Map<string, { tests: number; failed: number }>();
      for (const s of history) {
        const k = `${s.resourceSpecId}@${s.region}`;
        const m = byClass.get(k) ?? { tests: 0, failed: 0 };
        byClass.set(k, { tests: m.tests + s.tests, failed: m.failed + s.failedTests });
      }
      r.figures['classes'] = samples.length;
      r.figures['tests'] = samples.reduce((a, s) => a + s.tests, 0);
      r.figures['failedTests'] = samples.reduce((a, s) => a + s.failedTests, 0);
      await r.hold(
        'resources.testFailureRate',
        [...byClass]
          .filter(([, m]) => m.tests > 0)
          .map(([k, m]) => ({
            subject: k,
            value: m.failed / m.tests,
            action: `${k} degrades: balance demand onto healthier groups and refer the class to resource trouble management.`,
          })),
      );
      return r.finish({ samples: samples.length, windowSamples: history.length });
    },
  );

  /**
   * 1.O.3.1.3 — preventive maintenance triggered by the trends (resources with repeated
   * troubles or outages: test them, repair those that fail) and the repair of idle faulty elements;
   * what is repaired is handed back for acceptance (1.O.3.1.1).
   */
  const supportResourceTroubleManagement = defineProcess(
    { etomId: '1.O.3.1.3', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const troubles = await r.trend('resourceTroubles');
      const limit = await r.objective('resources.troubles');
      const outages = await ports.readiness.outagesByResource(r.since);
      const prone = new Set([
        ...troubles.rows.filter((x) => (x.figures['troubles'] ?? 0) > limit.limit).map((x) => x.group.slice(9)),
        ...outages.filter((o) => o.outages > limit.limit).map((o) => o.resourceId),
      ]);
      for (const resourceId of prone)
        await ports.readiness.requestMaintenance(`${call.idempotencyKey}/preventive/${resourceId}`, {
          resourceId,
          kind: 'preventive',
          reason: 'trouble-prone: more troubles or outages than acceptable in the window',
        });
      for (const resourceId of await ports.readiness.idleOutOfService(REPAIRABLE_IN_PLACE))
        await ports.readiness.requestMaintenance(`${call.idempotencyKey}/repair/${resourceId}`, {
          resourceId,
          kind: 'repair',
          reason: 'out of service and idle',
        });
      const done = { passed: 0, repaired: 0, failed: 0 };
      for (const j of await ports.readiness.openMaintenance()) {
        const key = `${call.idempotencyKey}/job/${j.id}`;
        if (j.kind === 'preventive') {
          const configured = await ports.networkActivation.configurationOf(j.resourceId);
          const t = configured ? await ports.networkActivation.testResource(j.resourceId) : undefined;
          if (!t || t.passed) {
            await ports.readiness.completeMaintenance(
              key,
              j.id,
              'passed',
              t ? t.detail : 'not configured: nothing to test',
            );
            done.passed++;
            continue;
          }
          r.findings.push(`preventive test of ${j.resourceId} failed: ${t.detail}`);
        }
        const fixed = await ports.networkActivation.repair(`${key}/repair`, j.resourceId, `${j.kind}: ${j.reason}`);
        const idle = (await ports.readiness.idleOutOfService(REPAIRABLE_IN_PLACE)).includes(j.resourceId);
        if (fixed.passed || idle) {
          await ports.readiness.completeMaintenance(key, j.id, 'repaired', fixed.detail);
          // An element out of the pools comes back only through acceptance.
          if (idle) await ports.readiness.handOver(`${key}/handover`, j.resourceId, 'repaired', j.id);
          done.repaired++;
        } else {
          await ports.readiness.completeMaintenance(key, j.id, 'failed', fixed.detail);
          r.findings.push(`${j.resourceId} could not be repaired: ${fixed.detail}`);
          done.failed++;
        }
      }
      r.figures['troubleProne'] = prone.size;
      r.figures['preventivePassed'] = done.passed;
      r.figures['repaired'] = done.repaired;
      r.figures['repairFailed'] = done.failed;
      r.figures['troubles'] = total(troubles, 'troubles');
      return r.finish({ troubleProne: [...prone] });
    },
  );

  /**
   * 1.O.3.1.4 — availability and utilisation of resource groups over time: classes continually
   * in demand, and resources whose unavailability is above the acceptable level (sent to 1.O.3.1.3).
   */
  const enableResourceDataCollectionAndProcessing = defineProcess(
    { etomId: '1.O.3.1.4', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const history = await ports.readiness.samples(r.since);
      const counts = (await ports.readiness.classCounts()).filter(
        (c) => WATCHED_TYPES.includes(c.resourceType) && c.suppliedBy === 'own',
      );
      const own = new Set(counts.map((c) => `${c.resourceSpecId}@${c.region}`));
      // Utilisation over the window: this run's figures joined to every sample already kept.
      const byClass = new Map<string, number[]>();
      for (const s of history) {
        const k = `${s.resourceSpecId}@${s.region}`;
        if (!own.has(k)) continue;
        byClass.set(k, [...(byClass.get(k) ?? []), avg(s.total - s.available - s.outOfService, s.total)]);
      }
      for (const c of counts) {
        const k = `${c.resourceSpecId}@${c.region}`;
        if (!byClass.has(k)) byClass.set(k, [avg(c.total - c.available - c.outOfService, c.total)]);
      }
      const utilisation = [...byClass].map(([k, u]) => ({ k, value: Math.min(...u) }));
      for (const u of utilisation) r.figures[`${u.k}.utilisation`] = round(u.value);
      await r.hold(
        'resources.utilisation',
        utilisation.map((u) => ({
          subject: u.k,
          value: u.value,
          action: `${u.k} is continually in demand: plan capacity with resource development and balance new demand elsewhere.`,
        })),
      );
      const limit = await r.objective('resources.troubles');
      const unavailable = (await ports.readiness.outagesByResource(r.since)).filter((o) => o.outages > limit.limit);
      for (const o of unavailable)
        await ports.readiness.requestMaintenance(`${call.idempotencyKey}/focus/${o.resourceId}`, {
          resourceId: o.resourceId,
          kind: 'preventive',
          reason: `${o.outages} outages in the window: availability below the acceptable level`,
        });
      r.figures['unavailableResources'] = unavailable.length;
      if (unavailable.length)
        r.findings.push(`maintenance asked for ${unavailable.map((o) => o.resourceId).join(', ')}`);
      return r.finish();
    },
  );

  /**
   * 1.O.3.1.5 — synchronise the resource inventory with the installed base reported by
   * discovery, and watch availability: a class past its threshold is marked short of capacity,
   * which calls for new resources (installed, then accepted by 1.O.3.1.1).
   */
  const manageResourceInventory = defineProcess(
    {
      etomId: '1.O.3.1.5',
      input: ReadinessRunInput,
      output: ReadinessOutcome.extend({ shortfalls: z.array(z.string()), discrepancies: z.array(z.string()) }),
    },
    async (input, call) => {
      const r = start(input, call);
      const network = await ports.readiness.discover();
      const inventory = await ports.readiness.inventoryElements();
      const seen = new Map(network.map((e) => [e.resourceId, e]));
      const known = new Set(inventory.map((e) => e.resourceId));
      const discrepancies: string[] = [];
      const record = async (kind: string, subject: string, detail: string, resolution: string) =>
        discrepancies.push(
          await ports.readiness.recordDiscrepancy(`${call.idempotencyKey}/${kind}/${subject}`, {
            runId: input.runId,
            etomId: call.etomId,
            kind,
            subject,
            detail,
            resolution,
          }),
        );
      for (const e of inventory) {
        const d = seen.get(e.resourceId);
        if (!d) {
          const withdrawn =
            e.state === 'available' &&
            (await ports.readiness.takeOutOfService(
              `${call.idempotencyKey}/withdraw/${e.resourceId}`,
              e.resourceId,
              'not reported by the network',
            ));
          await record(
            'notDiscovered',
            e.resourceId,
            `${e.resourceType} ${e.state} in inventory, not reported by the network`,
            withdrawn ? 'taken out of the available pool' : 'to be checked on site',
          );
        } else if (d.carries !== e.configuredFor) {
          await record(
            'configurationMismatch',
            e.resourceId,
            `network says it carries ${d.carries ?? 'nothing'}, inventory ${e.configuredFor ?? 'nothing'}`,
            'to be checked with activation',
          );
        }
      }
      for (const d of network.filter((e) => !known.has(e.resourceId))) {
        await ports.readiness.registerDiscovered(`${call.idempotencyKey}/register/${d.resourceId}`, d);
        await record(
          'undocumented',
          d.resourceId,
          `${d.resourceType} ${d.resourceSpecId} in ${d.region} unknown to the inventory`,
          'recorded, pending acceptance',
        );
      }

      const threshold = await r.objective('resources.availableRatio');
      const classes = (await ports.readiness.classCounts()).filter(
        (c) => WATCHED_TYPES.includes(c.resourceType) && c.suppliedBy === 'own',
      );
      const short = await r.hold(
        'resources.availableRatio',
        classes.map((c) => ({
          subject: `${c.resourceSpecId}@${c.region}`,
          value: avg(c.available, c.total),
          action: `${c.resourceSpecId} in ${c.region} is short of capacity (${c.available}/${c.total} available): capacity ordered from resource development.`,
        })),
      );
      const shortfalls: string[] = [];
      for (const s of short) {
        const c = classes.find((x) => `${x.resourceSpecId}@${x.region}` === s.subject)!;
        const opened = await ports.readiness.openShortfall(`${call.idempotencyKey}/short/${s.subject}`, {
          resourceSpecId: c.resourceSpecId,
          region: c.region,
          available: c.available,
          total: c.total,
        });
        const delivered = await ports.readiness.deliverCapacity(
          `${call.idempotencyKey}/capacity/${opened.id}`,
          opened.id,
        );
        shortfalls.push(delivered.id);
        r.findings.push(
          `${delivered.id}: ${delivered.addedResourceIds.length} resource(s) installed for ${s.subject}, pending acceptance`,
        );
      }
      r.figures['elementsInInventory'] = inventory.length;
      r.figures['elementsDiscovered'] = network.length;
      r.figures['discrepancies'] = discrepancies.length;
      r.figures['classesShort'] = short.length;
      r.figures['availableRatioObjective'] = threshold.limit;
      return { ...(await r.finish({ shortfalls, discrepancies })), shortfalls, discrepancies };
    },
  );

  /**
   * 1.O.3.1.7 — warehouses: replenish stock below its reorder level, ship goods taken for a
   * service to the customer's site, return faulty goods to their supplier for repair and take
   * back what comes repaired (to be accepted again by 1.O.3.1.1).
   */
  const manageLogistics = defineProcess(
    { etomId: '1.O.3.1.7', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const k = call.idempotencyKey;
      const shipped: string[] = [];
      for (const ret of await ports.logistics.shipments('returnForRepair', 'inTransit')) {
        // The supplier has had it since the last run: it comes back repaired.
        for (const rid of ret.resourceIds)
          await ports.networkActivation.repair(`${k}/supplier-repair/${rid}`, rid, `repaired by ${ret.supplierId}`);
        shipped.push((await ports.logistics.receiveRepaired(`${k}/receive/${ret.id}`, ret.id)).id);
      }
      for (const f of await ports.logistics.faultyInStock())
        shipped.push(
          (await ports.logistics.returnForRepair(`${k}/return/${f.resourceId}`, f.resourceId, f.supplierId)).id,
        );
      for (const d of await ports.logistics.awaitingDispatch())
        shipped.push(
          (await ports.logistics.shipToSite(`${k}/ship/${d.resourceId}`, d.resourceId, `site of ${d.customerId}`)).id,
        );
      const stock = await ports.logistics.stock();
      await r.hold(
        'stock.cpeMin',
        stock.map((s) => ({
          subject: s.warehouse,
          value: s.inStock,
          action: `${s.warehouse} is low on ${s.resourceSpecId} (${s.inStock} in stock): replenishment ordered from ${s.supplierId}.`,
        })),
      );
      for (const s of stock.filter((x) => x.inStock + x.incoming < x.reorderLevel))
        shipped.push(
          (
            await ports.logistics.replenish(
              `${k}/replenish/${s.warehouse}`,
              s.warehouse,
              s.resourceSpecId,
              s.reorderQuantity,
            )
          ).id,
        );
      for (const s of stock) r.figures[`${s.warehouse}.${s.resourceSpecId}.inStock`] = s.inStock;
      r.figures['shipments'] = shipped.length;
      return r.finish({ shipments: shipped });
    },
  );

  return {
    enableResourceProvisioning,
    enableResourcePerformanceManagement,
    supportResourceTroubleManagement,
    enableResourceDataCollectionAndProcessing,
    manageResourceInventory,
    manageLogistics,
  };
}
