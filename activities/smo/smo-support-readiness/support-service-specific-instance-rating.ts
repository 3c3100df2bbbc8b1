import { createHash } from 'node:crypto';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/**
 * 1.O.2.1.5 — keep the tariff data rating uses current for each service class: record a new
 * version whenever it changed; say so when rating has no tariffs of its own in this store. An
 * offering whose services meter a usage type no tariff prices is flagged (a readiness action)
 * before mediation rejects its records; records rejected so whose tariff has since been loaded
 * are counted as `recyclable`, which the SM&O readiness run hands back to mediation.
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
    // Flagged before mediation sees a record: an offering whose services meter a usage type no tariff prices.
    const gaps = await ports.ratingReferences.tariffGaps();
    for (const g of gaps) {
      r.findings.push(`${g.productOfferingId}: no ${g.usageType} tariff for ${g.serviceIds.length} metered service(s)`);
      r.actions.push(
        await ports.readinessReports.raiseAction(`${call.idempotencyKey}/gap/${g.productOfferingId}/${g.usageType}`, {
          etomId: call.etomId,
          runId: input.runId,
          metric: 'rating.tariff.missing',
          subject: `${g.productOfferingId}/${g.usageType}`,
          value: g.serviceIds.length,
          limit: 0,
          action: `Load a ${g.usageType} tariff for ${g.productOfferingId}: mediation rejects the records of ${g.serviceIds.join(', ')} until one exists.`,
        }),
      );
    }
    // Records rejected for want of a tariff that now has one: mediation (1.B.2.5.1) takes them again.
    const recyclable = await ports.ratingReferences.pricedSinceRejected();
    r.figures['tariffGaps'] = gaps.length;
    r.figures['recyclableForTariff'] = recyclable;
    r.figures['serviceClasses'] = ref.classes.length;
    r.figures['versionsChanged'] = changed;
    r.figures['tariffsPresent'] = ref.tariffSource ? 1 : 0;
    return r.finish({ versions, source: ref.tariffSource ?? 'catalog', tariffGaps: gaps, recyclable });
  });
}
