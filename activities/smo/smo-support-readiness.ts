import { createHash } from 'node:crypto';
import { defineProcess, type ProcessCall } from '../../src/contracts/activity';
import { readinessRun, round, total, windowStart } from '../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../src/domain/readiness/report';
import type { Ports } from '../../src/ports';

/**
 * SM&O Support & Readiness (1.O.2.1): manage service classes so capacity is there and services
 * can be instantiated and managed — the service inventory kept true to the network, service
 * capacity ready for orders, service problem and quality trends, and rating reference data.
 */

const LAYER = 'SM&O';
/** Address ranges added to a region's pool at a time. */
const IDENTIFIER_BLOCK_SIZE = 8;

const avg = (sum: number, n: number) => (n ? sum / n : 0);

export function createSmoSupportReadinessActivities(ports: Pick<Ports, 'readiness' | 'clock'>) {
  const start = (input: { runId: string; windowDays: number }, call: ProcessCall) =>
    readinessRun(ports.readiness, call, {
      runId: input.runId,
      layer: LAYER,
      since: windowStart(ports.clock(), input.windowDays),
    });

  /**
   * 1.O.2.1.1 — keep the service inventory true to the services actually running: compare each
   * active service with what discovery says its elements carry, and record every discrepancy.
   */
  const manageServiceInventory = defineProcess(
    { etomId: '1.O.2.1.1', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const services = await ports.readiness.activeServices();
      const network = await ports.readiness.discover();
      const carrying = new Map<string, string[]>();
      for (const e of network)
        if (e.carries) carrying.set(e.carries, [...(carrying.get(e.carries) ?? []), e.resourceId]);
      const active = new Set(services.map((s) => s.serviceId));
      const record = (kind: string, subject: string, detail: string, resolution: string) =>
        ports.readiness.recordDiscrepancy(`${call.idempotencyKey}/${kind}/${subject}`, {
          runId: input.runId,
          etomId: call.etomId,
          kind,
          subject,
          detail,
          resolution,
        });
      const found: string[] = [];
      for (const s of services) {
        const onNetwork = carrying.get(s.serviceId) ?? [];
        if (s.elementIds.length > 0 && onNetwork.length === 0) {
          found.push(
            await record(
              'serviceNotOnNetwork',
              s.serviceId,
              `none of ${s.elementIds.join(', ')} carries it`,
              'referred to service problem management',
            ),
          );
        }
        for (const e of onNetwork.filter((id) => !s.elementIds.includes(id))) {
          found.push(
            await record(
              'unrecordedAssociation',
              `${s.serviceId}@${e}`,
              `${e} carries ${s.serviceId} but the inventory does not link them`,
              'association to be checked with resource inventory',
            ),
          );
        }
      }
      for (const [serviceId, elements] of carrying) {
        if (active.has(serviceId) || serviceId.startsWith('ACCEPTANCE')) continue;
        found.push(
          await record(
            'orphanConfiguration',
            serviceId,
            `${elements.join(', ')} carry ${serviceId}, not an active service`,
            'configuration to be removed',
          ),
        );
      }
      r.figures['activeServices'] = services.length;
      r.figures['servicesOnNetwork'] = services.filter((s) => (carrying.get(s.serviceId) ?? []).length > 0).length;
      r.figures['discrepancies'] = found.length;
      if (found.length) r.findings.push(`${found.length} discrepancies between the service inventory and the network`);
      return r.finish({ discrepancies: found });
    },
  );

  /**
   * 1.O.2.1.2 — service capacity ready for orders: per service class and region, how many more
   * instances the pools allow; identifier pools (address ranges) are topped up here, resource
   * shortages are referred to RM&O.
   */
  const enableServiceConfigurationAndActivation = defineProcess(
    { etomId: '1.O.2.1.2', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const needs = await ports.readiness.serviceClassNeeds();
      const counts = await ports.readiness.classCounts();
      const free = (spec: string, region: string) =>
        counts.find((c) => c.resourceSpecId === spec && c.region === region)?.available ?? 0;
      const regions = [...new Set(counts.map((c) => c.region))];
      const minIds = await r.objective('identifiers.freeMin');
      const blocks = [];
      for (const pool of await ports.readiness.pools('RS-IPV4-29')) {
        r.figures[`identifiers.${pool.region}.free`] = pool.free;
        if (pool.free >= minIds.limit) continue;
        const block = await ports.readiness.addBlock(
          `${call.idempotencyKey}/block/${pool.region}`,
          'RS-IPV4-29',
          pool.region,
          IDENTIFIER_BLOCK_SIZE,
          `${pool.free} free address ranges in ${pool.region}, objective ${minIds.limit}`,
        );
        blocks.push(block);
        r.findings.push(`${pool.region}: address block ${block.id} added (${block.firstValue}–${block.lastValue})`);
      }
      const measured = [];
      for (const cfs of [...new Set(needs.map((n) => n.cfsSpecId))]) {
        for (const region of regions) {
          const own = needs.filter(
            (n) => n.cfsSpecId === cfs && n.role === 'resource' && !n.suppliedIn.includes(region),
          );
          if (own.length === 0) continue;
          // Identifiers were topped up above: count them as there.
          const capacity = Math.min(...own.map((n) => Math.floor(free(n.resourceSpecId, region) / n.quantity)));
          r.figures[`${cfs}.${region}.capacity`] = capacity;
          const short = own.filter((n) => free(n.resourceSpecId, region) < n.quantity).map((n) => n.resourceSpecId);
          measured.push({
            subject: `${cfs}@${region}`,
            value: capacity,
            action: `No capacity left for ${cfs} in ${region} (${short.join(', ') || 'resources'}): RM&O to add resources or reconfigure unused ones.`,
          });
        }
      }
      await r.hold('services.capacityMin', measured);
      return r.finish({ identifierBlocks: blocks });
    },
  );

  /** 1.O.2.1.3 — statistical analysis of service problems per class, chronic failures, corrective action. */
  const supportServiceProblemManagement = defineProcess(
    { etomId: '1.O.2.1.3', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('serviceProblems');
      r.figures['problems'] = total(t, 'problems', 'class:');
      r.figures['open'] = total(t, 'open', 'class:');
      for (const x of t.rows.filter((y) => y.group.startsWith('class:'))) {
        r.figures[`${x.group}.problems`] = x.figures['problems'] ?? 0;
        r.figures[`${x.group}.meanHoursToRestore`] = round(x.figures['meanHoursToRestore'] ?? 0);
      }
      const chronic = await r.hold(
        'services.chronicProblems',
        t.rows
          .filter((x) => x.group.startsWith('service:'))
          .map((x) => ({
            subject: x.group,
            value: x.figures['problems'] ?? 0,
            action: `${x.group.slice(8)} fails again and again: schedule maintenance of the resources behind it and analyse the chronic failure.`,
          })),
      );
      return r.finish({ chronic: chronic.map((c) => c.subject) });
    },
  );

  /** 1.O.2.1.4 — long-term quality of each service class: availability and test results. */
  const enableServiceQualityManagement = defineProcess(
    { etomId: '1.O.2.1.4', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('serviceQuality');
      const windowMinutes = input.windowDays * 1440;
      const availability = (x: (typeof t.rows)[number]) =>
        1 - avg(x.figures['outageMinutes'] ?? 0, windowMinutes * (x.figures['services'] ?? 0));
      for (const x of t.rows) {
        r.figures[`${x.group}.availability`] = round(availability(x));
        r.figures[`${x.group}.failedTests`] = x.figures['failedTests'] ?? 0;
      }
      await r.hold(
        'services.availability',
        t.rows.map((x) => ({
          subject: x.group,
          value: availability(x),
          action: `${x.group.slice(6)} is below its quality objective: balance demand on its resources and start improvement of the class.`,
        })),
      );
      return r.finish();
    },
  );

  /**
   * 1.O.2.1.5 — keep the tariff data rating uses current for each service class: record a new
   * version whenever it changed; say so when rating has no tariffs of its own in this store.
   */
  const supportServiceAndSpecificInstanceRating = defineProcess(
    { etomId: '1.O.2.1.5', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const ref = await ports.readiness.ratingReference();
      if (!ref.tariffSource) {
        r.findings.push('rating tariffs are missing from this store: reference data kept from catalog prices');
        r.actions.push(
          await ports.readiness.raiseAction(`${call.idempotencyKey}/missing`, {
            etomId: call.etomId,
            runId: input.runId,
            metric: 'rating.tariffs',
            subject: 'rating',
            value: 0,
            limit: 1,
            action: 'Rating has no tariff table: load the tariffs of each service class before rating usage.',
          }),
        );
      }
      const versions: Record<string, number> = {};
      let changed = 0;
      for (const c of ref.classes) {
        const checksum = createHash('sha256').update(JSON.stringify(c.content)).digest('hex').slice(0, 16);
        const before = await ports.readiness.latestRatingVersion(c.cfsSpecId);
        const version = await ports.readiness.recordRatingVersion(`${call.idempotencyKey}/${c.cfsSpecId}`, {
          cfsSpecId: c.cfsSpecId,
          checksum,
          source: ref.tariffSource ?? 'catalog',
          content: c.content,
        });
        versions[c.cfsSpecId] = version;
        if (before?.version !== version) {
          changed++;
          r.findings.push(`${c.cfsSpecId}: rating reference data version ${version}`);
        }
      }
      r.figures['serviceClasses'] = ref.classes.length;
      r.figures['versionsChanged'] = changed;
      r.figures['tariffsPresent'] = ref.tariffSource ? 1 : 0;
      return r.finish({ versions, source: ref.tariffSource ?? 'catalog' });
    },
  );

  return {
    manageServiceInventory,
    enableServiceConfigurationAndActivation,
    supportServiceProblemManagement,
    enableServiceQualityManagement,
    supportServiceAndSpecificInstanceRating,
  };
}
