import { avg, round } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { WATCHED_TYPES } from './watched-classes';

/**
 * 1.O.3.1.4 — availability and utilisation of resource groups over time: classes continually
 * in demand, and resources whose unavailability is above the acceptable level (sent to 1.O.3.1.3).
 */
export function createEnableResourceDataCollectionAndProcessing(
  ports: ReadinessPorts<'maintenanceJobs' | 'resourceClasses'>,
) {
  return defineReadinessProcess({ etomId: '1.O.3.1.4', layer: 'RM&O' }, ports, async (r, input, call) => {
    const history = await ports.resourceClasses.samples(r.since);
    const counts = (await ports.resourceClasses.classCounts()).filter(
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
    const unavailable = (await ports.resourceClasses.outagesByResource(r.since)).filter((o) => o.outages > limit.limit);
    for (const o of unavailable)
      await ports.maintenanceJobs.requestMaintenance(`${call.idempotencyKey}/focus/${o.resourceId}`, {
        resourceId: o.resourceId,
        kind: 'preventive',
        reason: `${o.outages} outages in the window: availability below the acceptable level`,
      });
    r.figures['unavailableResources'] = unavailable.length;
    if (unavailable.length) r.findings.push(`maintenance asked for ${unavailable.map((o) => o.resourceId).join(', ')}`);
    return r.finish();
  });
}
