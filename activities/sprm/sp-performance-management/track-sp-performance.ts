import { defineProcess } from '../../../src/contracts/activity';
import { PartnerPerformanceRequest, SupplierScorecard } from '../../../src/domain/assurance/supplier-performance';
import type { Ports } from '../../../src/ports';
import type { SupplierPerformance } from '../../../src/ports/partner-problems';
import { measuredPeriod, pct, supplierOf } from './supplier-period';

export const TrackSPPerformanceInput = PartnerPerformanceRequest;
export const TrackSPPerformanceOutput = SupplierScorecard;

/**
 * The rating after a period: down one for a missed SLA, down one more when problems had to be
 * escalated; up one for a clean period (SLA met, nothing escalated); always within 1..5.
 */
export function nextRating(rating: number, s: Pick<SupplierPerformance, 'slaMet' | 'escalations'>): number {
  const change = s.slaMet ? (s.escalations === 0 ? 1 : 0) : s.escalations > 0 ? -2 : -1;
  return Math.min(5, Math.max(1, rating + change));
}

/** 1.A.4.4.3 — score the supplier's period against its contract and set its rating; report the scorecard. */
export function createTrackSPPerformance(ports: Pick<Ports, 'partnerProblems' | 'notifications'>) {
  const { partnerProblems, notifications } = ports;
  return defineProcess(
    { etomId: '1.A.4.4.3', input: TrackSPPerformanceInput, output: TrackSPPerformanceOutput },
    async (req, call) => {
      const performance = await measuredPeriod(partnerProblems, req);
      if (performance.scoredAt) return performance;
      const supplier = await supplierOf(partnerProblems, req.supplierId);
      const scored = await partnerProblems.recordScore(
        `${call.idempotencyKey}/score`,
        req,
        nextRating(supplier.rating, performance),
      );
      await notifications.send(`${call.idempotencyKey}/report`, {
        recipient: 'S/PRM 1.F.4.2 S/P Requisition Management',
        channel: 'process',
        subject: `Scorecard of ${supplier.name}, ${req.periodStart}–${req.periodEnd}`,
        body:
          `availability ${pct(scored.availabilityBp)} (SLA ${pct(scored.slaBp)}, ${scored.slaMet ? 'met' : 'missed'}), ` +
          `${scored.problems} problem(s), mean time to resolve ${scored.meanTimeToResolveMinutes ?? '-'} min, ` +
          `${scored.escalations} escalated; rating ${scored.ratingBefore} → ${scored.ratingAfter}`,
        reference: `${req.supplierId}/${req.periodEnd}`,
      });
      return scored;
    },
  );
}
