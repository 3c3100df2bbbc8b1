import { defineProcess } from '../../../src/contracts/activity';
import { PartnerPerformanceRequest, SupplierScorecard } from '../../../src/domain/assurance/supplier-performance';
import type { Ports } from '../../../src/ports';
import { downtimeMs, MINUTE_MS, restoredAt } from './downtime';
import { pct, supplierOf } from './supplier-period';

export const MonitorAndControlSPServiceQualityInput = PartnerPerformanceRequest;
export const MonitorAndControlSPServiceQualityOutput = SupplierScorecard;

const meanMinutes = (spans: number[]): number | null =>
  spans.length === 0 ? null : Math.round(spans.reduce((a, b) => a + b, 0) / spans.length / MINUTE_MS);

/**
 * 1.A.4.4.1 — measure the quality of what the supplier supplied over the period, from the
 * problems reported on it: availability of the supplied resources against the SLA, times to
 * acknowledge and to resolve, escalations; a violation is reported to the other processes.
 */
export function createMonitorAndControlSPServiceQuality(ports: Pick<Ports, 'partnerProblems' | 'notifications'>) {
  const { partnerProblems, notifications } = ports;
  return defineProcess(
    {
      etomId: '1.A.4.4.1',
      input: MonitorAndControlSPServiceQualityInput,
      output: MonitorAndControlSPServiceQualityOutput,
    },
    async (req, call) => {
      const supplier = await supplierOf(partnerProblems, req.supplierId);
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
}
