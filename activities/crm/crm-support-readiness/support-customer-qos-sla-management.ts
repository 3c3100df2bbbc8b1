import { avg, round, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** 1.O.1.1.8 — long-term quality delivered to each customer against the objectives (availability, SLA credits). */
export function createSupportCustomerQoSSLAManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.1.1.8', layer: 'CRM' }, ports, async (r, input) => {
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
  });
}
