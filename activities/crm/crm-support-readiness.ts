import { z } from 'zod';
import { defineProcess, type ProcessCall } from '../../src/contracts/activity';
import { readinessRun, round, total, windowStart } from '../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../src/domain/readiness/report';
import type { Ports } from '../../src/ports';

/**
 * CRM Support & Readiness (1.O.1.1): make sure the CRM processes of fulfilment, assurance and
 * billing have what they need. Each process studies its trend on stored history, holds the
 * figures against their objectives, raises readiness actions where they are crossed, and stores
 * its report; Support Order Handling also keeps the number pools stocked and Manage Campaign
 * plans campaigns where the figures say there is room to sell.
 */

const LAYER = 'CRM';
/** A block of telephone numbers, as a numbering plan would allocate it to the operator. */
const NUMBER_BLOCK_SIZE = 20;

const avg = (sum: number, n: number) => (n ? sum / n : 0);

export function createCrmSupportReadinessActivities(ports: Pick<Ports, 'readiness' | 'clock'>) {
  const start = (input: { runId: string; windowDays: number }, call: ProcessCall) =>
    readinessRun(ports.readiness, call, {
      runId: input.runId,
      layer: LAYER,
      since: windowStart(ports.clock(), input.windowDays),
    });

  /** 1.O.1.1.1 — contact trends (type, frequency, duration, outcome) and agent capacity per channel. */
  const supportCustomerInterfaceManagement = defineProcess(
    { etomId: '1.O.1.1.1', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('contacts');
      const channels = t.rows.filter((x) => x.group.startsWith('channel:'));
      r.figures['contacts'] = total(t, 'contacts', 'channel:');
      r.figures['openContacts'] = total(t, 'open', 'channel:');
      for (const c of channels)
        r.figures[`${c.group}.meanDurationSeconds`] = round(c.figures['meanDurationSeconds'] ?? 0);
      for (const x of t.rows.filter((y) => y.group.startsWith('reason:')))
        r.figures[`${x.group}.contacts`] = x.figures['contacts'] ?? 0;
      await r.hold(
        'contacts.meanDurationSeconds',
        channels.map((c) => ({
          subject: c.group,
          value: c.figures['meanDurationSeconds'] ?? 0,
          action: `Contacts on ${c.group.slice(8)} take too long: add agents to the channel and update the agents' scripts for the commonest reasons.`,
        })),
      );
      await r.hold(
        'contacts.openShare',
        channels.map((c) => ({
          subject: c.group,
          value: avg(c.figures['open'] ?? 0, c.figures['contacts'] ?? 0),
          action: `Contacts on ${c.group.slice(8)} are left open: add capacity to close them in time.`,
        })),
      );
      return r.finish({ channels: channels.map((c) => c.group) });
    },
  );

  /** 1.O.1.1.2 — order handling trends (cycle time, problems, cancellations) and the number blocks orders allocate from. */
  const supportOrderHandling = defineProcess(
    { etomId: '1.O.1.1.2', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('orders');
      const orders = total(t, 'orders');
      const completed = total(t, 'completed');
      r.figures['orders'] = orders;
      r.figures['completed'] = completed;
      r.figures['cancelled'] = total(t, 'cancelled');
      r.figures['jeopardies'] = total(t, 'jeopardies');
      r.figures['meanCycleHours'] = round(
        avg(
          t.rows.reduce((a, x) => a + (x.figures['meanCycleHours'] ?? 0) * (x.figures['completed'] ?? 0), 0),
          completed,
        ),
      );
      r.figures['cancellationRate'] = round(avg(r.figures['cancelled'], orders));
      await r.hold(
        'orders.meanCycleHours',
        t.rows
          .filter((x) => (x.figures['completed'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: x.figures['meanCycleHours'] ?? 0,
            action: `Orders through ${x.group.slice(8)} take too long to complete: add order handling resources.`,
          })),
      );
      await r.hold(
        'orders.cancellationRate',
        t.rows.map((x) => ({
          subject: x.group,
          value: avg(x.figures['cancelled'] ?? 0, x.figures['orders'] ?? 0),
          action: `Too many orders through ${x.group.slice(8)} are cancelled or fail: review how those orders are taken.`,
        })),
      );

      // Number blocks: a region whose free numbers fall below the objective gets a new block.
      const minFree = await r.objective('numbers.freeMin');
      const blocks = [];
      for (const pool of await ports.readiness.pools('RS-TEL-NUMBER')) {
        r.figures[`numbers.${pool.region}.free`] = pool.free;
        if (pool.free >= minFree.limit) continue;
        const block = await ports.readiness.addBlock(
          `${call.idempotencyKey}/block/${pool.region}`,
          'RS-TEL-NUMBER',
          pool.region,
          NUMBER_BLOCK_SIZE,
          `${pool.free} free numbers in ${pool.region}, objective ${minFree.limit}`,
        );
        blocks.push(block);
        r.findings.push(
          `${pool.region}: ${pool.free} free numbers, block ${block.id} added (${block.firstValue}–${block.lastValue})`,
        );
      }
      return r.finish({ numberBlocks: blocks });
    },
  );

  /** 1.O.1.1.3 — problem handling trends (type, frequency, time to resolve) and technician capacity per region. */
  const supportProblemHandling = defineProcess(
    { etomId: '1.O.1.1.3', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('troubleTickets');
      r.figures['tickets'] = total(t, 'tickets');
      r.figures['urgent'] = total(t, 'urgent');
      r.figures['resolved'] = total(t, 'resolved');
      for (const x of t.rows) {
        r.figures[`${x.group}.tickets`] = x.figures['tickets'] ?? 0;
        r.figures[`${x.group}.meanHoursToResolve`] = round(x.figures['meanHoursToResolve'] ?? 0);
      }
      const capacity = (x: (typeof t.rows)[number]) =>
        `More technician capacity for ${x.group.slice(7)}: ${x.figures['tickets']} tickets for ${x.figures['technicians']} technician(s) available.`;
      await r.hold(
        'problems.perRegion',
        t.rows.map((x) => ({ subject: x.group, value: x.figures['tickets'] ?? 0, action: capacity(x) })),
      );
      await r.hold(
        'problems.meanHoursToResolve',
        t.rows
          .filter((x) => (x.figures['resolved'] ?? 0) > 0)
          .map((x) => ({ subject: x.group, value: x.figures['meanHoursToResolve'] ?? 0, action: capacity(x) })),
      );
      return r.finish({ regions: t.rows.map((x) => x.group) });
    },
  );

  /** 1.O.1.1.4 — billing trends (inquiries, complaints) against the accounts billed, per region. */
  const supportBillingAndCollections = defineProcess(
    { etomId: '1.O.1.1.4', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('billingInquiries');
      r.figures['accounts'] = total(t, 'accounts');
      r.figures['inquiries'] = total(t, 'inquiries');
      r.figures['complaints'] = total(t, 'complaints');
      await r.hold(
        'billing.inquiryRate',
        t.rows
          .filter((x) => (x.figures['accounts'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['inquiries'] ?? 0, x.figures['accounts'] ?? 0),
            action: `Billing inquiries in ${x.group.slice(7)} are frequent (${x.figures['complaints']} complaints): add billing agents and publish answers to the common questions.`,
          })),
      );
      return r.finish({ sources: t.sources });
    },
  );

  /** 1.O.1.1.5 — retention trends: churn and acquisition per segment. */
  const supportRetentionAndLoyalty = defineProcess(
    { etomId: '1.O.1.1.5', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('retention');
      for (const f of ['active', 'lost', 'acquired', 'prospects', 'productsTerminated']) r.figures[f] = total(t, f);
      r.figures['churnRate'] = round(avg(r.figures['lost']!, r.figures['active']! + r.figures['lost']!));
      await r.hold(
        'retention.churnRate',
        t.rows.map((x) => ({
          subject: x.group,
          value: avg(x.figures['lost'] ?? 0, (x.figures['active'] ?? 0) + (x.figures['lost'] ?? 0)),
          action: `Churn in the ${x.group.slice(8)} segment is high: strengthen the loyalty programme and the retention desk.`,
        })),
      );
      return r.finish();
    },
  );

  /** 1.O.1.1.6 — marketing trends: problems and effectiveness of each offering's launch. */
  const supportMarketingFulfillment = defineProcess(
    { etomId: '1.O.1.1.6', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('offeringOrders');
      for (const x of t.rows) r.figures[`${x.group}.orders`] = x.figures['orders'] ?? 0;
      const idle = t.rows.filter((x) => (x.figures['orders'] ?? 0) === 0).map((x) => x.group.slice(9));
      if (idle.length) r.findings.push(`offerings without orders in the window: ${idle.join(', ')}`);
      await r.hold(
        'marketing.failureRate',
        t.rows
          .filter((x) => (x.figures['orders'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['failed'] ?? 0, x.figures['orders'] ?? 0),
            action: `Orders for ${x.group.slice(9)} often fail: review the offer's launch material and what sales promise.`,
          })),
      );
      return r.finish({ idleOfferings: idle });
    },
  );

  /** 1.O.1.1.7 — sales trends per channel and segment: successes, failures, revenue. */
  const supportSelling = defineProcess(
    { etomId: '1.O.1.1.7', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('salesChannels');
      r.figures['orders'] = total(t, 'orders');
      r.figures['completed'] = total(t, 'completed');
      r.figures['recurringRevenueMinor'] = total(t, 'recurringRevenueMinor');
      await r.hold(
        'sales.successRate',
        t.rows
          .filter((x) => (x.figures['orders'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['completed'] ?? 0, x.figures['orders'] ?? 0),
            action: `Few sales through ${x.group.slice(8)} complete: train that channel's staff or move the segment to another channel.`,
          })),
      );
      return r.finish();
    },
  );

  /** 1.O.1.1.8 — long-term quality delivered to each customer against the objectives (availability, SLA credits). */
  const supportCustomerQoSSLAManagement = defineProcess(
    { etomId: '1.O.1.1.8', input: ReadinessRunInput, output: ReadinessOutcome },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('customerQos');
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

  /**
   * 1.O.1.1.9 — follow campaign effectiveness, and plan the next campaign where the figures say
   * there is capacity to sell and few customers: Marketing Fulfilment Response runs it.
   */
  const manageCampaign = defineProcess(
    {
      etomId: '1.O.1.1.9',
      input: ReadinessRunInput,
      output: ReadinessOutcome.extend({ plannedCampaignId: z.string().nullable() }),
    },
    async (input, call) => {
      const r = start(input, call);
      const t = await r.trend('campaigns');
      const run = t.rows.filter((x) => x.group.startsWith('campaign:'));
      r.figures['campaignsPlanned'] = total(t, 'planned', 'plan:');
      r.figures['leads'] = total(t, 'leads', 'campaign:');
      r.figures['converted'] = total(t, 'converted', 'campaign:');
      await r.hold(
        'campaigns.conversionRate',
        run
          .filter((x) => (x.figures['leads'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['converted'] ?? 0, x.figures['leads'] ?? 0),
            action: `Campaign ${x.group.slice(9)} converts few leads: change its message or its channel, and brief the staff supporting it.`,
          })),
      );

      // Where to sell next: most spare access capacity per customer served.
      const market = await ports.readiness.marketFigures();
      const offers = [
        { productOfferingId: 'PO-FIBRE-BIZ', segment: 'business', resource: 'RS-ACCESS-PORT' },
        { productOfferingId: 'PO-VOICE-LINE', segment: 'residential', resource: 'RS-VOICE-PORT' },
      ];
      const candidates = market
        .flatMap((m) =>
          offers.map((o) => ({ ...o, region: m.region, spare: m.spare[o.resource] ?? 0, customers: m.customers })),
        )
        .filter((c) => c.spare > 0)
        .sort((a, b) => b.spare / (b.customers + 1) - a.spare / (a.customers + 1) || a.region.localeCompare(b.region));
      const best = candidates[0];
      let plannedCampaignId: string | null = null;
      if (best) {
        const plan = await ports.readiness.planCampaign(`${call.idempotencyKey}/plan`, {
          name: `${best.productOfferingId} in ${best.region}`,
          region: best.region,
          segment: best.segment,
          productOfferingId: best.productOfferingId,
          rationale: `${best.spare} free ${best.resource} for ${best.customers} active customer(s) in ${best.region}`,
          figures: { spare: best.spare, customers: best.customers },
          runId: input.runId,
        });
        plannedCampaignId = plan.id;
        r.findings.push(
          plan.created
            ? `campaign ${plan.id} planned: ${best.productOfferingId} to ${best.segment} customers in ${best.region}`
            : `campaign ${plan.id} for ${best.productOfferingId} in ${best.region} is already planned`,
        );
      }
      return { ...(await r.finish({ candidates: candidates.slice(0, 3) })), plannedCampaignId };
    },
  );

  return {
    supportCustomerInterfaceManagement,
    supportOrderHandling,
    supportProblemHandling,
    supportBillingAndCollections,
    supportRetentionAndLoyalty,
    supportMarketingFulfillment,
    supportSelling,
    supportCustomerQoSSLAManagement,
    manageCampaign,
  };
}
