import { beforeEach, describe, expect, it } from 'vitest';
import { createMarketingFulfilmentResponseActivities } from '../../../activities/crm/marketing-fulfilment-response';
import type { IssueCollateralInput } from '../../../activities/crm/marketing-fulfilment-response/issue-distribute-marketing-collaterals';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';
const t = useTestStore(NOW, { installedBase: true });
let mfr: ReturnType<typeof createMarketingFulfilmentResponseActivities>;

beforeEach(() => {
  mfr = createMarketingFulfilmentResponseActivities(t.store.ports);
});

const { rows } = t;
const campaign = (offeringId = 'PO-FIBRE-BIZ'): IssueCollateralInput['campaign'] => ({
  id: 'CAMP-SPRING',
  name: 'Spring fibre',
  offeringId,
  segment: 'business',
  region: 'PAR',
  channel: 'email',
  message: 'Fibre for your shop, installed in ten days.',
});
const onTarget = {
  name: 'Café Lumière',
  email: 'patron@cafe-lumiere.example',
  segment: 'business',
  region: 'PAR',
} as const;
const offTarget = { name: 'Jean Dumas', email: 'jean@example.org', segment: 'residential', region: 'LYO' } as const;

describe('1.F.1.3.1 issueAndDistributeMarketingCollaterals', () => {
  it('records the campaign, sends adapted collateral to every target without the offer, and leaves the others out', async () => {
    const out = await mfr.issueAndDistributeMarketingCollaterals(
      { campaign: campaign(), prospects: [onTarget, offTarget] },
      { idempotencyKey: 'k1' },
    );
    // Business customers in PAR: CUST-1001, 2001, 2002 all hold the fibre already.
    expect(out.excluded.map((e) => e.recipient).sort()).toEqual(
      [
        'compta@dupont.example',
        'contact@pharmacie-lambert.example',
        'jean@example.org',
        'studio@noir-graphique.example',
      ].sort(),
    );
    expect(out.collaterals.map((c) => c.recipient)).toEqual(['patron@cafe-lumiere.example']);
    expect(out.collaterals[0]!.document).toMatch(
      /Dear Café Lumière,[\s\S]*129\.00 EUR a month, 250\.00 EUR to connect — for business customers in PAR/,
    );
    expect(rows('SELECT id, offering_id, region FROM campaigns')).toEqual([
      { id: 'CAMP-SPRING', offering_id: 'PO-FIBRE-BIZ', region: 'PAR' },
    ]);
    const sent = await t.store.ports.notifications.listByReference('CAMP-SPRING');
    expect(sent.map((n) => [n.recipient, n.channel, n.id])).toEqual([
      ['patron@cafe-lumiere.example', 'email', out.collaterals[0]!.notificationId],
    ]);

    // A retry of the same call writes nothing again.
    await mfr.issueAndDistributeMarketingCollaterals(
      { campaign: campaign(), prospects: [onTarget, offTarget] },
      { idempotencyKey: 'k1' },
    );
    expect(rows('SELECT id FROM collaterals')).toHaveLength(1);
    expect(await t.store.ports.notifications.listByReference('CAMP-SPRING')).toHaveLength(1);
  });

  it('targets the customers of the segment and region who lack the offer', async () => {
    const out = await mfr.issueAndDistributeMarketingCollaterals({ campaign: campaign('PO-VPN-BIZ') });
    expect(out.collaterals.map((c) => c.customerId)).toEqual(['CUST-1001', 'CUST-2001', 'CUST-2002']);
  });

  it('refuses a campaign on an unknown offering', async () => {
    await expect(mfr.issueAndDistributeMarketingCollaterals({ campaign: campaign('PO-NOPE') })).rejects.toMatchObject({
      type: 'InvalidInput',
    });
  });
});

describe('1.F.1.3.2 trackLeads', () => {
  beforeEach(() => mfr.issueAndDistributeMarketingCollaterals({ campaign: campaign() }));

  it('records a response as a lead of its campaign, scores it, hands a good one to Selling and records its fate', async () => {
    const { lead, handOff } = await mfr.trackLeads({
      action: 'record',
      campaignId: 'CAMP-SPRING',
      response: { contact: onTarget, interest: [{ productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR' }], termMonths: 24 },
    });
    // 40 (campaign offer) + 30 (on target) + 30 (served in PAR).
    expect({
      handOff,
      score: lead.score,
      state: lead.state,
      campaignId: lead.campaignId,
      termMonths: lead.termMonths,
    }).toEqual({
      handOff: true,
      score: 100,
      state: 'handedOff',
      campaignId: 'CAMP-SPRING',
      termMonths: 24,
    });
    const closed = await mfr.trackLeads({ action: 'close', leadId: lead.id, outcome: 'won', reason: 'ORD-1' });
    expect(rows('SELECT state, reason FROM leads WHERE id = ?', lead.id)).toEqual([{ state: 'won', reason: 'ORD-1' }]);
    expect(closed.lead.state).toBe('won');
    await expect(mfr.trackLeads({ action: 'close', leadId: lead.id, outcome: 'lost' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('knows a customer by e-mail, and disqualifies a lead off target in a region not served', async () => {
    const { lead, handOff } = await mfr.trackLeads({
      action: 'record',
      campaignId: 'CAMP-SPRING',
      response: {
        contact: {
          name: 'Transports Martin',
          email: 'IT@martin-transports.example',
          segment: 'business',
          region: 'MRS',
        },
        interest: [{ productOfferingId: 'PO-VOICE-LINE', region: 'MRS' }],
      },
    });
    // 20 (not the campaign offer) + 0 (MRS is off target) + 0 (no voice in MRS).
    expect({ handOff, score: lead.score, state: lead.state, customerId: lead.customerId }).toEqual({
      handOff: false,
      score: 20,
      state: 'disqualified',
      customerId: 'CUST-1002',
    });
    expect(lead.reason).toContain('PO-VOICE-LINE not served in MRS');
  });
});
