import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { PartnerPerformanceRequest, SupplierScorecard } from '../../../src/domain/assurance/supplier-performance';
import type { Ports } from '../../../src/ports';
import { measuredPeriod, pct, supplierOf } from './supplier-period';

export const RestoreSPServiceQualityInput = PartnerPerformanceRequest;
export const RestoreSPServiceQualityOutput = SupplierScorecard;

/**
 * 1.A.4.4.2 — the supplier missed its SLA: test what it supplied that failed in the period,
 * ask it for a plan to restore its quality, and tell it so.
 */
export function createRestoreSPServiceQuality(
  ports: Pick<Ports, 'partnerGateway' | 'partnerProblems' | 'networkActivation' | 'notifications'>,
) {
  const { partnerGateway: partners, partnerProblems, networkActivation: network, notifications } = ports;
  return defineProcess(
    { etomId: '1.A.4.4.2', input: RestoreSPServiceQualityInput, output: RestoreSPServiceQualityOutput },
    async (req, call) => {
      const performance = await measuredPeriod(partnerProblems, req);
      if (performance.restorationReference) return performance;
      if (performance.slaMet) {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `${req.supplierId} met its SLA over the period: there is no quality to restore`,
        );
      }
      const supplier = await supplierOf(partnerProblems, req.supplierId);
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
}
