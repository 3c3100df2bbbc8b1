import { defineProcess } from '../../../src/contracts/activity';
import { avg, readinessRun, round, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportCustomerQoSSLAManagementInput = ReadinessRunInput;
export const SupportCustomerQoSSLAManagementOutput = ReadinessOutcome;

/** 1.O.1.1.8 — long-term quality delivered to each customer against the objectives (availability, SLA credits). */
export function createSupportCustomerQoSSLAManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.1.1.8', input: SupportCustomerQoSSLAManagementInput, output: SupportCustomerQoSSLAManagementOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'CRM', input);
      const t = await ports.operationalTrends.trend('customerQos', r.since);
      const windowMinutes = input.windowDays * 1440;
      const availability = (x: (typeof t.rows)[number]) =>
        1 - avg(x.figures['outageMinutes'] ?? 0, windowMinutes * (x.figures['services'] ?? 0));
      r.figures['customers'] = t.rows.length;
      r.figures['outageMinutes'] = round(total(t, 'outageMinutes'));
      r.figures['slaCredits'] = total(t, 'slaCredits');
      r.figures['creditMinor'] = total(t, 'creditMinor');
      for (const x of t.rows) r.figures[`${x.group}.availability`] = round(availability(x));
      await r.hold(
        'qos.availability',
        t.rows.map((x) => ({
          subject: x.group,
          value: availability(x),
          action: `Quality delivered to ${x.group.slice(9)} is below objective: reassign capacity to its services and improve the product class.`,
        })),
      );
      await r.hold(
        'qos.slaCredits',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['slaCredits'] ?? 0,
          action: `SLA credits are owed to ${x.group.slice(9)}: review the agreement's objectives against what the network delivers.`,
        })),
      );
      return r.finish();
    },
  );
}
