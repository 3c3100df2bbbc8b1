import { defineProcess, type ProcessCall } from '../../src/contracts/activity';
import { readinessRun, round, total, windowStart } from '../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../src/domain/readiness/report';
import type { Ports } from '../../src/ports';

/**
 * S/PRM Support & Readiness (1.O.4.1): every facility for dealing with suppliers and partners
 * available and working — requisition, problem, performance, settlement and interface trends
 * per supplier, held against objectives, with readiness actions where they are crossed.
 */

const LAYER = 'S/PRM';

const avg = (sum: number, n: number) => (n ? sum / n : 0);

export function createSprmSupportReadinessActivities(ports: Pick<Ports, 'readiness' | 'clock'>) {
  const start = (input: { runId: string; windowDays: number }, call: ProcessCall) =>
    readinessRun(ports.readiness, call, {
      runId: input.runId,
      layer: LAYER,
      since: windowStart(ports.clock(), input.windowDays),
    });

  /**
   * 1.O.4.1.1 — requisition trends per supplier (answers, response time, delays), and contract
   * details kept current (contracts about to end).
   */
  const supportSPRequisitionManagement = defineProcess(
    { etomId: '1.O.4.1.1', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('requisitions');
      r.figures['partnerOrders'] = total(t, 'orders');
      r.figures['refused'] = total(t, 'refused');
      r.figures['late'] = total(t, 'late');
      for (const x of t.rows) r.figures[`${x.group}.meanResponseHours`] = round(x.figures['meanResponseHours'] ?? 0);
      await r.hold(
        'suppliers.meanResponseHours',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['meanResponseHours'] ?? 0,
          action: `${x.group.slice(9)} answers requisitions slowly: agree a response time and escalate through the account manager.`,
        })),
      );
      await r.hold(
        'suppliers.lateOrders',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['late'] ?? 0,
          action: `${x.group.slice(9)} is late on deliveries: chase the orders and plan an alternative supplier.`,
        })),
      );
      // Contract details: what ends within the objective's horizon must be renewed in time.
      const contracts = await r.trend('partnerContacts');
      r.figures['validContracts'] = total(contracts, 'validContracts');
      await r.hold(
        'suppliers.contractDaysLeft',
        contracts.rows.map((x) => ({
          subject: x.group,
          value: Math.max(0, x.figures['minContractDaysLeft'] ?? 0),
          action: `A contract with ${x.group.slice(9)} ends soon or has ended: renegotiate it before ordering under it again.`,
        })),
      );
      return r.finish();
    },
  );

  /** 1.O.4.1.2 — problems reported to suppliers: type, frequency, time to resolve. */
  const supportSPProblemReportingAndManagement = defineProcess(
    { etomId: '1.O.4.1.2', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('partnerProblems');
      r.figures['problems'] = total(t, 'problems');
      r.figures['escalated'] = total(t, 'escalated');
      r.figures['reopened'] = total(t, 'reopened');
      for (const x of t.rows) r.figures[`${x.group}.meanHoursToResolve`] = round(x.figures['meanHoursToResolve'] ?? 0);
      await r.hold(
        'suppliers.problems',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['problems'] ?? 0,
          action: `Problems with ${x.group.slice(9)} are frequent: review the supplier's fault handling with them and staff the S/P problem desk.`,
        })),
      );
      return r.finish();
    },
  );

  /** 1.O.4.1.3 — supplier quality against objectives: SLA breaches, their nature and frequency. */
  const supportSPPerformanceManagement = defineProcess(
    { etomId: '1.O.4.1.3', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('supplierPerformance');
      r.figures['periods'] = total(t, 'periods');
      r.figures['slaBreaches'] = total(t, 'slaBreaches');
      for (const x of t.rows) r.figures[`${x.group}.meanAvailabilityBp`] = round(x.figures['meanAvailabilityBp'] ?? 0);
      await r.hold(
        'suppliers.slaBreaches',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['slaBreaches'] ?? 0,
          action: `${x.group.slice(9)} breached its SLA: agree short-term corrective measures and an improvement plan.`,
        })),
      );
      return r.finish();
    },
  );

  /** 1.O.4.1.4 — settlement trends per supplier: what we owe, revenue shares, disputes. */
  const supportSPSettlementsAndBillingManagement = defineProcess(
    { etomId: '1.O.4.1.4', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('settlements');
      r.figures['payableMinor'] = total(t, 'payableMinor');
      r.figures['revenueShareContracts'] = total(t, 'revenueShareContracts');
      r.figures['settlements'] = total(t, 'settlements');
      r.figures['disputes'] = total(t, 'disputes');
      await r.hold(
        'suppliers.disputes',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['disputes'] ?? 0,
          action: `Settlements with ${x.group.slice(9)} are disputed: settle the common issues and add settlement staff.`,
        })),
      );
      return r.finish({ sources: t.sources });
    },
  );

  /** 1.O.4.1.5 — supplier contacts (type, frequency, outcome) and supplier information kept current. */
  const supportSPInterfaceManagement = defineProcess(
    { etomId: '1.O.4.1.5', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('partnerContacts');
      r.figures['orderExchanges'] = total(t, 'orderExchanges');
      r.figures['notifications'] = total(t, 'notifications');
      const noContact = t.rows.filter((x) => !x.figures['hasContact']).map((x) => x.group.slice(9));
      if (noContact.length) r.findings.push(`no contact address for ${noContact.join(', ')}`);
      await r.hold(
        'suppliers.unansweredContacts',
        t.rows.map((x) => ({
          subject: x.group,
          value: (x.figures['unansweredOrders'] ?? 0) + (x.figures['unansweredProblems'] ?? 0),
          action: `${x.group.slice(9)} leaves our requests unanswered: check the interface with them and escalate.`,
        })),
      );
      r.figures['meanExchangesPerSupplier'] = round(avg(r.figures['orderExchanges'], t.rows.length));
      return r.finish({ suppliersWithoutContact: noContact });
    },
  );

  return {
    supportSPRequisitionManagement,
    supportSPProblemReportingAndManagement,
    supportSPPerformanceManagement,
    supportSPSettlementsAndBillingManagement,
    supportSPInterfaceManagement,
  };
}
