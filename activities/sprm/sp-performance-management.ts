import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import type { Ports } from '../../src/ports';
import type { PartnerProblemRecord, SupplierPerformance } from '../../src/ports/partner-problems';

/**
 * S/P Performance Management (1.A.4.4): for one supplier and one period, measure the quality
 * of what it supplied against its SLA (1.A.4.4.1), have it restore its quality when it missed
 * the SLA (1.A.4.4.2), and keep its scorecard and rating (1.A.4.4.3), which S/P Requisition
 * Management reads when it chooses suppliers.
 */

const MINUTE_MS = 60_000;

/** Input of S/PRM `partnerPerformance`, one supplier and one period; workflow id e.g. `SPP-${supplierId}-${periodEnd}`. */
export const PartnerPerformanceRequest = z
  .object({
    supplierId: z.string().min(1),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
  })
  .refine((p) => p.periodStart < p.periodEnd, { message: 'the period must end after it starts' });
export type PartnerPerformanceRequest = z.input<typeof PartnerPerformanceRequest>;

export const SupplierScorecard = z.object({
  supplierId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  suppliedResources: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  escalations: z.number().int().nonnegative(),
  downtimeMinutes: z.number().int().nonnegative(),
  meanTimeToAcknowledgeMinutes: z.number().int().nonnegative().nullable(),
  meanTimeToResolveMinutes: z.number().int().nonnegative().nullable(),
  availabilityBp: z.number().int().min(0).max(10000),
  slaBp: z.number().int(),
  slaMet: z.boolean(),
  restorationReference: z.string().nullable(),
  restorationDetail: z.string().nullable(),
  restorationRequestedAt: z.string().nullable(),
  ratingBefore: z.number().int().nullable(),
  ratingAfter: z.number().int().nullable(),
  scoredAt: z.string().nullable(),
});
export type SupplierScorecard = z.infer<typeof SupplierScorecard>;

/** When a problem stopped hurting: the fix confirmed, else the supplier's word, else still open. */
const restoredAt = (p: PartnerProblemRecord): string | null =>
  p.state === 'closed' ? (p.closedAt ?? p.resolvedAt) : p.resolvedAt && p.state === 'resolved' ? p.resolvedAt : null;

/** Milliseconds the supplied resources were down within [from, to): overlapping problems on one resource count once. */
export function downtimeMs(problems: PartnerProblemRecord[], from: string, to: string): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const byResource = new Map<string, Array<[number, number]>>();
  for (const p of problems) {
    const a = Math.max(start, Date.parse(p.reportedAt));
    const restored = restoredAt(p);
    const b = Math.min(end, restored ? Date.parse(restored) : end);
    if (b > a) byResource.set(p.resourceId, [...(byResource.get(p.resourceId) ?? []), [a, b]]);
  }
  let total = 0;
  for (const spans of byResource.values()) {
    spans.sort((x, y) => x[0] - y[0]);
    let [curA, curB] = spans[0]!;
    for (const [a, b] of spans.slice(1)) {
      if (a <= curB) curB = Math.max(curB, b);
      else {
        total += curB - curA;
        [curA, curB] = [a, b];
      }
    }
    total += curB - curA;
  }
  return total;
}

const meanMinutes = (spans: number[]): number | null =>
  spans.length === 0 ? null : Math.round(spans.reduce((a, b) => a + b, 0) / spans.length / MINUTE_MS);

/**
 * The rating after a period: down one for a missed SLA, down one more when problems had to be
 * escalated; up one for a clean period (SLA met, nothing escalated); always within 1..5.
 */
export function nextRating(rating: number, s: Pick<SupplierPerformance, 'slaMet' | 'escalations'>): number {
  const change = s.slaMet ? (s.escalations === 0 ? 1 : 0) : s.escalations > 0 ? -2 : -1;
  return Math.min(5, Math.max(1, rating + change));
}

export function createSpPerformanceManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications'>,
) {
  const { partnerGateway: partners, partnerProblems, networkActivation: network, notifications } = ports;
  const supplierOf = async (supplierId: string) =>
    (await partnerProblems.supplier(supplierId)) ?? reject(BusinessErrorType.NotFound, `no supplier ${supplierId}`);
  const measured = async (req: z.output<typeof PartnerPerformanceRequest>) =>
    (await partnerProblems.performance(req)) ??
    reject(
      BusinessErrorType.InvalidStateTransition,
      `${req.supplierId}'s quality over ${req.periodStart}–${req.periodEnd} has not been measured`,
    );
  const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

  /**
   * 1.A.4.4.1 — measure the quality of what the supplier supplied over the period, from the
   * problems reported on it: availability of the supplied resources against the SLA, times to
   * acknowledge and to resolve, escalations; a violation is reported to the other processes.
   */
  const monitorAndControlSPServiceQuality = defineProcess(
    { etomId: '1.A.4.4.1', input: PartnerPerformanceRequest, output: SupplierScorecard },
    async (req, call) => {
      const supplier = await supplierOf(req.supplierId);
      const problems = (await partnerProblems.overlapping(req.supplierId, req.periodStart, req.periodEnd)).filter(
        (p) => p.state !== 'cancelled',
      );
      const resources = new Set([...supplier.suppliedResourceIds, ...problems.map((p) => p.resourceId)]);
      const periodMs = Date.parse(req.periodEnd) - Date.parse(req.periodStart);
      const down = downtimeMs(problems, req.periodStart, req.periodEnd);
      const availabilityBp =
        resources.size === 0 ? 10000 : Math.max(0, Math.floor(10000 * (1 - down / (resources.size * periodMs))));
      const resolvedOnes = problems.filter((p) => restoredAt(p) !== null);
      const performance = await partnerProblems.recordMeasurement(call.idempotencyKey, {
        supplierId: req.supplierId,
        periodStart: req.periodStart,
        periodEnd: req.periodEnd,
        suppliedResources: resources.size,
        problems: problems.length,
        resolved: resolvedOnes.length,
        escalations: problems.filter((p) => p.escalated).length,
        downtimeMinutes: Math.round(down / MINUTE_MS),
        meanTimeToAcknowledgeMinutes: meanMinutes(
          problems.filter((p) => p.acknowledgedAt).map((p) => Date.parse(p.acknowledgedAt!) - Date.parse(p.reportedAt)),
        ),
        meanTimeToResolveMinutes: meanMinutes(
          resolvedOnes.map((p) => Date.parse(restoredAt(p)!) - Date.parse(p.reportedAt)),
        ),
        availabilityBp,
        slaBp: supplier.slaBp,
        slaMet: availabilityBp >= supplier.slaBp,
      });
      if (!performance.slaMet) {
        await notifications.send(`${call.idempotencyKey}/violation`, {
          recipient: 'S/PRM 1.A.4.4.2 Restore S/P Service Quality',
          channel: 'process',
          subject: `SLA violation by ${supplier.name}`,
          body: `availability ${pct(performance.availabilityBp)} against ${pct(performance.slaBp)} over ${req.periodStart}–${req.periodEnd}, ${performance.problems} problem(s)`,
          reference: `${req.supplierId}/${req.periodEnd}`,
        });
      }
      return performance;
    },
  );

  /**
   * 1.A.4.4.2 — the supplier missed its SLA: test what it supplied that failed in the period,
   * ask it for a plan to restore its quality, and tell it so.
   */
  const restoreSPServiceQuality = defineProcess(
    { etomId: '1.A.4.4.2', input: PartnerPerformanceRequest, output: SupplierScorecard },
    async (req, call) => {
      const performance = await measured(req);
      if (performance.restorationReference) return performance;
      if (performance.slaMet) {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `${req.supplierId} met its SLA over the period: there is no quality to restore`,
        );
      }
      const supplier = await supplierOf(req.supplierId);
      const failed = [
        ...new Set(
          (await partnerProblems.overlapping(req.supplierId, req.periodStart, req.periodEnd)).map((p) => p.resourceId),
        ),
      ];
      const tests = [];
      for (const resourceId of failed) tests.push(await network.testResource(resourceId));
      const detail =
        `availability ${pct(performance.availabilityBp)} against the agreed ${pct(performance.slaBp)}, ` +
        `${performance.problems} problem(s), ${performance.escalations} escalated; ` +
        `tests now: ${tests.map((t) => `${t.target} ${t.passed ? 'ok' : t.detail}`).join(', ') || 'none'}`;
      const plan = await partners.requestServiceImprovement(`${call.idempotencyKey}/plan`, {
        supplierId: req.supplierId,
        periodStart: req.periodStart,
        periodEnd: req.periodEnd,
        detail,
      });
      await notifications.send(`${call.idempotencyKey}/notice`, {
        recipient: supplier.email,
        channel: 'email',
        subject: `Service improvement plan ${plan.reference} required`,
        body: `${detail}. You committed to be back within your SLA by ${plan.committedBy}.`,
        reference: `${req.supplierId}/${req.periodEnd}`,
      });
      return partnerProblems.recordRestoration(`${call.idempotencyKey}/record`, req, {
        reference: plan.reference,
        detail,
      });
    },
  );

  /** 1.A.4.4.3 — score the supplier's period against its contract and set its rating; report the scorecard. */
  const trackSPPerformance = defineProcess(
    { etomId: '1.A.4.4.3', input: PartnerPerformanceRequest, output: SupplierScorecard },
    async (req, call) => {
      const performance = await measured(req);
      if (performance.scoredAt) return performance;
      const supplier = await supplierOf(req.supplierId);
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

  return { monitorAndControlSPServiceQuality, restoreSPServiceQuality, trackSPPerformance };
}
