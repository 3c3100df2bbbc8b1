import { beforeEach, describe, expect, it } from 'vitest';
import { createCrmSupportReadinessActivities } from '../../../activities/crm/crm-support-readiness';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';
const RECENT = '2026-02-20T10:00:00.000Z';

const t = useTestStore(NOW, { installedBase: true });
let crm: ReturnType<typeof createCrmSupportReadinessActivities>;

beforeEach(() => {
  crm = createCrmSupportReadinessActivities(t.store.ports);
});

const { rows, count, run } = t;
const actions = (metric: string) =>
  rows('SELECT subject, state FROM readiness_actions WHERE metric = ? ORDER BY subject', metric);

function contact(
  id: string,
  customer: string,
  channel: string,
  reason: string,
  seconds: number | null,
  summary = 'call',
) {
  run(
    `INSERT INTO contacts (id, customer_id, channel, reason, summary, opened_at, closed_at, duration_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    customer,
    channel,
    reason,
    summary,
    RECENT,
    seconds === null ? null : RECENT,
    seconds,
  );
}

function order(
  id: string,
  customer: string,
  channel: string,
  state: string,
  hours: number | null,
  offering = 'PO-FIBRE-BIZ',
) {
  const completed = hours === null ? null : new Date(Date.parse(RECENT) + hours * 3_600_000).toISOString();
  run(
    `INSERT INTO product_orders (id, customer_id, channel, state, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    id,
    customer,
    channel,
    state,
    RECENT,
    RECENT,
    completed,
  );
  run(
    `INSERT INTO product_order_items (order_id, item_id, action, product_offering_id, region, characteristics, state) VALUES (?, '1', 'add', ?, 'PAR', '{}', ?)`,
    id,
    offering,
    state,
  );
}

describe('1.O.1.1.1 supportCustomerInterfaceManagement', () => {
  it('studies contacts by channel and reason and asks for agents where contacts take too long', async () => {
    contact('CT-A', 'CUST-1001', 'phone', 'order', 1500);
    contact('CT-B', 'CUST-1002', 'phone', 'fault', 1300);
    contact('CT-C', 'CUST-1003', 'web', 'order', 120);
    const out = await crm.supportCustomerInterfaceManagement({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({
      contacts: 3,
      'channel:phone.meanDurationSeconds': 1400,
      'reason:order.contacts': 2,
    });
    expect(actions('contacts.meanDurationSeconds')).toEqual([{ subject: 'channel:phone', state: 'open' }]);
    expect(count('SELECT COUNT(*) FROM readiness_reports WHERE etom_id = ?', '1.O.1.1.1')).toBe(1);

    // Quicker calls next time: the action is closed.
    run(`UPDATE contacts SET duration_seconds = 200`);
    await crm.supportCustomerInterfaceManagement({ runId: 'RUN-2' });
    expect(actions('contacts.meanDurationSeconds')).toEqual([{ subject: 'channel:phone', state: 'done' }]);
  });
});

describe('1.O.1.1.2 supportOrderHandling', () => {
  it('measures cycle times and cancellations and adds a number block where a region runs short of numbers', async () => {
    order('PO-A', 'CUST-1001', 'web', 'completed', 300);
    order('PO-B', 'CUST-1003', 'web', 'cancelled', null);
    run(
      `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-TEL-NUMBER' AND region = 'LYO' AND id > 'TN-33270000004'`,
    );
    const out = await crm.supportOrderHandling({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ cancelled: 1, 'numbers.LYO.free': 5 });
    expect(actions('orders.meanCycleHours').map((a) => a['subject'])).toContain('channel:web');
    expect(actions('orders.cancellationRate').map((a) => a['subject'])).toContain('channel:web');
    const block = rows('SELECT * FROM number_blocks')[0]!;
    expect(block).toMatchObject({
      region: 'LYO',
      resource_spec_id: 'RS-TEL-NUMBER',
      size: 20,
      first_value: '+33270000040',
    });
    expect(
      count(
        `SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-TEL-NUMBER' AND region = 'LYO' AND state = 'available'`,
      ),
    ).toBe(25);
    // Enough numbers now: the next run adds none.
    await crm.supportOrderHandling({ runId: 'RUN-2' });
    expect(count('SELECT COUNT(*) FROM number_blocks')).toBe(1);
  });
});

describe('1.O.1.1.3 supportProblemHandling', () => {
  it('counts tickets and time to resolve per region and asks for technician capacity where they exceed the objective', async () => {
    for (let i = 0; i < 6; i++)
      run(
        `INSERT INTO trouble_tickets (id, origin, customer_id, description, urgency, state, created_at, updated_at, resolved_at)
         VALUES (?, 'customer', 'CUST-1001', 'no sync', 'high', 'resolved', ?, ?, ?)`,
        `TT-${i}`,
        RECENT,
        RECENT,
        '2026-02-21T10:00:00.000Z',
      );
    const out = await crm.supportProblemHandling({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ tickets: 6, 'region:PAR.tickets': 6, 'region:PAR.meanHoursToResolve': 24 });
    const action = rows(`SELECT * FROM readiness_actions WHERE metric = 'problems.perRegion'`)[0]!;
    expect(action).toMatchObject({ subject: 'region:PAR', value: 6, limit_value: 5 });
    expect(String(action['action'])).toContain('More technician capacity for PAR');
  });
});

describe('1.O.1.1.4 supportBillingAndCollections', () => {
  it('counts billing inquiries and complaints against the accounts billed', async () => {
    contact('CT-B1', 'CUST-1001', 'phone', 'billing', 300, 'complaint about the invoice');
    contact('CT-B2', 'CUST-1006', 'web', 'billing', 100);
    const out = await crm.supportBillingAndCollections({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ inquiries: 2, complaints: 1 });
    expect(actions('billing.inquiryRate')).toEqual([{ subject: 'region:PAR', state: 'open' }]);
  });
});

describe('1.O.1.1.5 supportRetentionAndLoyalty', () => {
  it('computes churn and acquisition per segment', async () => {
    run(`UPDATE customers SET status = 'terminated' WHERE id = 'CUST-1003'`);
    const out = await crm.supportRetentionAndLoyalty({ runId: 'RUN-1' });

    expect(out.figures).toMatchObject({ lost: 1 });
    expect(actions('retention.churnRate')).toEqual([{ subject: 'segment:residential', state: 'open' }]);
  });
});

describe('1.O.1.1.6 supportMarketingFulfillment', () => {
  it("measures each offering's orders and failures since launch", async () => {
    order('PO-V1', 'CUST-1002', 'web', 'failed', null, 'PO-VPN-BIZ');
    order('PO-V2', 'CUST-1002', 'web', 'completed', 10, 'PO-VPN-BIZ');
    const out = await crm.supportMarketingFulfillment({ runId: 'RUN-1' });

    expect(out.figures['offering:PO-VPN-BIZ.orders']).toBe(3);
    expect(actions('marketing.failureRate')).toEqual([{ subject: 'offering:PO-VPN-BIZ', state: 'open' }]);
  });
});

describe('1.O.1.1.7 supportSelling', () => {
  it('measures success per channel and segment', async () => {
    const before = await crm.supportSelling({ runId: 'RUN-0' });
    order('PO-S1', 'CUST-1003', 'shop', 'failed', null);
    order('PO-S2', 'CUST-1003', 'shop', 'cancelled', null);
    const out = await crm.supportSelling({ runId: 'RUN-1' });

    expect(out.figures['orders']).toBe(before.figures['orders']! + 2);
    expect(out.figures['completed']).toBe(before.figures['completed']);
    expect(actions('sales.successRate')).toEqual([{ subject: 'channel:shop/residential', state: 'open' }]);
  });
});

describe('1.O.1.1.8 supportCustomerQoSSLAManagement', () => {
  it('holds the availability delivered to each customer and the SLA credits owed against the objectives', async () => {
    run(
      `INSERT INTO service_outages (id, service_id, customer_id, cause, started_at, restored_at) VALUES ('OUT-1', 'SVC-IB01-1', 'CUST-1001', 'card', '2026-02-10T00:00:00.000Z', '2026-02-10T10:00:00.000Z')`,
    );
    run(
      `INSERT INTO sla_credits (id, customer_id, sla_id, period_start, period_end, amount_minor, currency, reason, created_at)
       VALUES ('CR-1', 'CUST-1001', 'SLA-GOLD', '2026-02-01', '2026-02-28', 5000, 'EUR', 'outage', ?)`,
      RECENT,
    );
    const out = await crm.supportCustomerQoSSLAManagement({ runId: 'RUN-1' });

    expect(out.figures['outageMinutes']).toBe(600);
    expect(out.figures['customer:CUST-1001.availability']).toBeCloseTo(1 - 600 / (90 * 1440 * 2), 3);
    expect(actions('qos.availability')).toEqual([{ subject: 'customer:CUST-1001', state: 'open' }]);
    expect(actions('qos.slaCredits')).toEqual([{ subject: 'customer:CUST-1001', state: 'open' }]);
  });
});

describe('1.O.1.1.9 manageCampaign', () => {
  it('plans a campaign where spare capacity meets few customers, once, and follows campaign conversion', async () => {
    const out = await crm.manageCampaign({ runId: 'RUN-1' });
    expect(out.plannedCampaignId).toMatch(/^CP-/);
    const plan = rows('SELECT * FROM campaign_plans')[0]!;
    // Lille: sixteen free fibre ports and a single customer.
    expect(plan).toMatchObject({
      region: 'LIL',
      product_offering_id: 'PO-FIBRE-BIZ',
      segment: 'business',
      state: 'planned',
    });
    expect(String(plan['rationale'])).toContain('RS-ACCESS-PORT');

    const again = await crm.manageCampaign({ runId: 'RUN-2' });
    expect(again.plannedCampaignId).toBe(out.plannedCampaignId);
    expect(count('SELECT COUNT(*) FROM campaign_plans')).toBe(1);
  });

  it('raises an action for a campaign that converts few of its leads', async () => {
    run(
      `INSERT INTO campaigns (id, name, offering_id, segment, region, channel, message, created_at) VALUES ('CMP-1', 'Spring', 'PO-FIBRE-BIZ', 'business', 'LIL', 'email', 'hi', ?)`,
      RECENT,
    );
    const cols = (rows(`PRAGMA table_info(leads)`) as Array<{ name: string; notnull: number; dflt_value: unknown }>)
      .filter((c) => c.notnull && c.dflt_value === null)
      .map((c) => c.name);
    for (let i = 0; i < 4; i++) {
      const lead: Record<string, unknown> = {
        id: `LD-${i}`,
        campaign_id: 'CMP-1',
        name: 'x',
        email: 'x@example.org',
        segment: 'business',
        region: 'LIL',
        interest: 'PO-FIBRE-BIZ',
        score: 10,
        state: 'lost',
        created_at: RECENT,
        updated_at: RECENT,
      };
      const present = cols.filter((c) => !(c in lead));
      for (const c of present) lead[c] = 'x';
      const keys = Object.keys(lead).filter((k) => cols.includes(k) || ['campaign_id'].includes(k));
      run(
        `INSERT INTO leads (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
        ...keys.map((k) => lead[k]),
      );
    }
    const out = await crm.manageCampaign({ runId: 'RUN-1' });
    expect(out.figures).toMatchObject({ leads: 4, converted: 0 });
    expect(actions('campaigns.conversionRate')).toEqual([{ subject: 'campaign:CMP-1', state: 'open' }]);
  });
});
