import { createHash } from 'node:crypto';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/**
 * 1.O.2.1.5 — keep the tariff data rating uses current for each service class: record a new
 * version whenever it changed; say so when rating has no tariffs of its own in this store.
 */
export function createSupportServiceAndSpecificInstanceRating(ports: ReadinessPorts<'ratingReferences'>) {
  return defineReadinessProcess({ etomId: '1.O.2.1.5', layer: 'SM&O' }, ports, async (r, input, call) => {
    const ref = await ports.ratingReferences.ratingReference();
    if (!ref.tariffSource) {
      r.findings.push('rating tariffs are missing from this store: reference data kept from catalog prices');
      r.actions.push(
        await ports.readinessReports.raiseAction(`${call.idempotencyKey}/missing`, {
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
      const before = await ports.ratingReferences.latestRatingVersion(c.cfsSpecId);
      const version = await ports.ratingReferences.recordRatingVersion(`${call.idempotencyKey}/${c.cfsSpecId}`, {
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
  });
}
