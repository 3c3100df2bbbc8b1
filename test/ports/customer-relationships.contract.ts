import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { ContactReport, CustomerInsight } from '../../src/domain/lifecycle/relationship';
import type { CustomerRelationshipPort } from '../../src/ports/customer-relationships';
import { rejection } from './harness';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * Retention & Loyalty's contract (1.FAB.2.2 with 1.FAB.1.9), for every adapter
 * (docs/ADAPTERS.md): one relationship per customer, established once, ended once and
 * re-established; one identity across customers; the facts other processes recorded; insight,
 * risk and offers once per key, the latest first; surveys answered or expired once — also when
 * two workers answer one survey at once; contacts and their report. The clock reads `NOW`.
 */

export const NOW = '2026-07-01T09:00:00.000Z';
const DAY = (d: number) => `2026-06-${String(d).padStart(2, '0')}T12:00:00.000Z`;

export type CustomerRelationshipHarness = StoreHarness<CustomerRelationshipPort>;

const customer = (id: string, email: string): Fixture => [
  'customers',
  { id, name: id, segment: 'business', region: 'PAR', email, status: 'active', created_at: DAY(1) },
];
const ticket = (id: string, state: string, createdAt: string, slaMet: number | null): Fixture => [
  'trouble_tickets',
  {
    id,
    origin: 'customer',
    customer_id: 'CUST-1',
    description: 'slow',
    urgency: 'medium',
    state,
    sla_met: slaMet,
    created_at: createdAt,
    updated_at: createdAt,
  },
];
const contact = (id: string, customerId: string | null, openedAt: string, duration: number | null): Fixture => [
  'contacts',
  {
    id,
    customer_id: customerId,
    channel: 'phone',
    reason: 'billing question',
    summary: 's',
    opened_at: openedAt,
    closed_at: duration === null ? null : openedAt,
    duration_seconds: duration,
  },
];

const FIXTURES: readonly Fixture[] = [
  customer('CUST-1', 'ada@example.test'),
  customer('CUST-2', ' Ada@Example.test '),
  customer('CUST-3', 'bob@example.test'),
  [
    'credit_profiles',
    {
      customer_id: 'CUST-1',
      credit_score: 640,
      credit_limit_minor: 50_000,
      outstanding_minor: 12_345,
      days_past_due: 12,
      fraud_flag: 0,
      updated_at: DAY(1),
    },
  ],
  ticket('TT-1', 'closed', DAY(2), 0),
  ticket('TT-2', 'resolved', DAY(20), 1),
  ticket('TT-3', 'cancelled', DAY(21), null),
  ticket('TT-4', 'closed', '2026-01-05T00:00:00.000Z', 0),
  contact('CT-2', 'CUST-1', DAY(5), 120),
  contact('CT-1', 'CUST-1', DAY(3), null),
  contact('CT-3', null, DAY(4), 60),
  [
    'sla_credits',
    {
      id: 'CR-9',
      customer_id: 'CUST-1',
      sla_id: 'SLA-1',
      period_start: DAY(1),
      period_end: NOW,
      amount_minor: 500,
      currency: 'EUR',
      reason: 'availability',
      created_at: DAY(3),
    },
  ],
];

const insight = (customerId: string, builtAt: string): Omit<CustomerInsight, 'id'> => ({
  customerId,
  segment: 'business',
  region: 'PAR',
  activeProducts: 2,
  ceasedProducts: 0,
  recurringMinor: 9_000,
  orders: { completed: 2, failed: 0, open: 1 },
  contacts: 2,
  troubleTickets: 1,
  slaBreaches: 3,
  payment: { outstandingMinor: 12_345, creditLimitMinor: 50_000, daysPastDue: 12, fraudFlag: false },
  billing: { overdueBills: 0, overdueMinor: 0 },
  usageRecords: 0,
  lastSatisfactionScore: null,
  builtAt,
});

export function customerRelationshipsContract(adapter: string, make: () => Promise<CustomerRelationshipHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`customer relationships port on ${adapter}`, () => {
    it(
      'a relationship established once, ended once, re-established; its identity shared by customers of one e-mail',
      withStore(async (h) => {
        const est = await h.port.establish('k/est', 'CUST-1', 'ada@example.test', DAY(1));
        expect(est).toEqual({
          customerId: 'CUST-1',
          state: 'established',
          identityKey: 'ada@example.test',
          establishedAt: DAY(1),
          terminatedAt: null,
          reason: null,
        });
        // Established again under another key: the first relationship stands.
        expect(await h.port.establish('k/est2', 'CUST-1', 'ada@example.test', DAY(9))).toEqual(est);
        expect(await h.port.customersWithIdentity('ada@example.test')).toEqual(['CUST-1', 'CUST-2']);
        const ended = await h.port.terminate('k/end', 'CUST-1', 'moved abroad', { products: 2 }, DAY(10));
        expect(ended).toMatchObject({ state: 'terminated', terminatedAt: DAY(10), reason: 'moved abroad' });
        expect(await h.port.terminate('k/end2', 'CUST-1', 'other', null, DAY(11))).toEqual(ended);
        expect(await h.port.establish('k/back', 'CUST-1', 'ada@example.test', DAY(12))).toEqual({
          ...est,
          establishedAt: DAY(12),
        });
        // The identity it was established under stays its own when the e-mail changes (#13).
        await h.port.establish('k/bob', 'CUST-3', 'robert@example.test', DAY(1));
        expect(await h.port.customersWithIdentity('robert@example.test')).toEqual(['CUST-3']);
        expect((await rejection(h.port.terminate('k/none', 'CUST-2', 'x', null, DAY(2)))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.port.getRelationship('CUST-2')).toBeUndefined();
        expect(await h.count('customer_relationships')).toBe(2);
      }),
    );

    it(
      'the facts other processes recorded: tickets since a date, SLA breaches, payment, contacts, the last score',
      withStore(async (h) => {
        const survey = await h.port.sendSurvey('k/sv', {
          customerId: 'CUST-1',
          trigger: 'fulfilment',
          reference: 'ORD-1',
          delivered: true,
          sentAt: DAY(6),
        });
        await h.port.closeSurvey('k/ans', survey.id, { state: 'answered', score: 2, comment: 'slow' }, DAY(7));
        expect(await h.port.facts('CUST-1', DAY(15))).toEqual({
          products: [],
          orders: [],
          contacts: 2,
          troubleTickets: 1,
          slaBreaches: 3,
          payment: { outstandingMinor: 12_345, creditLimitMinor: 50_000, daysPastDue: 12, fraudFlag: false },
          lastSatisfactionScore: 2,
          overdueBills: 0,
          overdueMinor: 0,
          usageRecords: 0,
        });
        expect(await h.port.facts('CUST-3', DAY(1))).toMatchObject({
          contacts: 0,
          troubleTickets: 0,
          slaBreaches: 0,
          payment: null,
          lastSatisfactionScore: null,
        });
      }),
    );

    it(
      'insight, risk and offers recorded once per key, each customer read latest first',
      withStore(async (h) => {
        const first = await h.port.recordInsight('k/i1', insight('CUST-1', DAY(1)));
        expect(first).toEqual({ ...insight('CUST-1', DAY(1)), id: 'CI-000001' });
        expect(await h.port.recordInsight('k/i1', insight('CUST-1', DAY(1)))).toEqual(first);
        const second = await h.port.recordInsight('k/i2', insight('CUST-1', DAY(8)));
        expect(await h.port.latestInsight('CUST-1')).toEqual(second);
        expect(await h.port.latestInsight('CUST-3')).toBeUndefined();

        const risk = {
          customerId: 'CUST-1',
          insightId: second.id,
          score: 61,
          factors: { payment: 0.4, troubles: 0.2 },
          mainFactor: 'payment',
          fraud: false,
          atRisk: true,
          assessedAt: DAY(8),
        };
        const r = await h.port.recordRisk('k/r', risk);
        expect(r).toEqual({ ...risk, id: 'RA-000001' });
        expect(await h.port.recordRisk('k/r', risk)).toEqual(r);
        expect(await h.port.latestRisk('CUST-1')).toEqual(r);
        const offer = {
          customerId: 'CUST-1',
          riskAssessmentId: r.id,
          kind: 'paymentPlan' as const,
          detail: { instalments: 3, note: 'interest free' },
          notificationId: 'NT-1',
        };
        const o = await h.port.recordOffer('k/o', offer, DAY(8));
        expect(o).toEqual({ ...offer, id: 'RTO-000001' });
        expect(await h.port.recordOffer('k/o', offer, DAY(8))).toEqual(o);
        expect(await h.port.offersOf('CUST-1')).toEqual([o]);
        expect(await h.count('customer_insights')).toBe(2);
      }),
    );

    it(
      'a survey answered or expired once; a second close refused, an unknown survey NotFound; contacts and their report',
      withStore(async (h) => {
        const s = { customerId: 'CUST-1', trigger: 'problemClosure' as const, reference: 'TT-1', delivered: false };
        const sent = await h.port.sendSurvey('k/s1', { ...s, sentAt: DAY(6) });
        expect(sent).toEqual({
          ...s,
          id: 'SV-000001',
          state: 'sent',
          score: null,
          comment: null,
          sentAt: DAY(6),
          answeredAt: null,
        });
        expect(await h.port.sendSurvey('k/s1', { ...s, sentAt: DAY(6) })).toEqual(sent);
        const answered = await h.port.closeSurvey(
          'k/a',
          sent.id,
          { state: 'answered', score: 5, comment: null },
          DAY(7),
        );
        expect(answered).toMatchObject({ state: 'answered', score: 5, answeredAt: DAY(7) });
        expect(await h.port.closeSurvey('k/a', sent.id, { state: 'expired' }, DAY(9))).toEqual(answered);
        const again = await rejection(h.port.closeSurvey('k/x', sent.id, { state: 'expired' }, DAY(9)));
        expect(again.type).toBe(BusinessErrorType.InvalidStateTransition);
        const other = await h.port.sendSurvey('k/s2', { ...s, sentAt: DAY(6) });
        expect(await h.port.closeSurvey('k/x', other.id, { state: 'expired' }, DAY(9))).toMatchObject({
          state: 'expired',
          score: null,
          answeredAt: null,
        });
        expect((await rejection(h.port.closeSurvey('k/n', 'SV-NONE', { state: 'expired' }, DAY(9)))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.port.getSurvey('SV-NONE')).toBeUndefined();

        const { contacts, requests } = await h.port.contactsOf('CUST-1');
        expect(contacts).toEqual([
          {
            id: 'CT-1',
            customerId: 'CUST-1',
            channel: 'phone',
            reason: 'billing question',
            openedAt: DAY(3),
            closedAt: null,
            durationSeconds: null,
          },
          {
            id: 'CT-2',
            customerId: 'CUST-1',
            channel: 'phone',
            reason: 'billing question',
            openedAt: DAY(5),
            closedAt: DAY(5),
            durationSeconds: 120,
          },
        ]);
        expect(requests).toEqual([]);
        expect((await h.port.contactsOf(null)).contacts.map((c) => c.id)).toEqual(['CT-1', 'CT-3', 'CT-2']);
        const report: Omit<ContactReport, 'id'> = {
          customerId: null,
          contacts: 3,
          open: 1,
          byChannel: { phone: 3 },
          byReason: { 'billing question': 3 },
          averageDurationSeconds: 90,
          longestDurationSeconds: 120,
          repeatContacts: 1,
          requests: { total: 0, byType: {}, satisfied: 0, unsatisfied: 0, selfServed: 0 },
          createdAt: NOW,
        };
        const recorded = await h.port.recordContactReport('k/rep', report);
        expect(recorded).toEqual({ ...report, id: 'CR-000001' });
        expect(await h.port.recordContactReport('k/rep', report)).toEqual(recorded);
      }),
    );

    it(
      'concurrent workers: five answering one survey at once answer it once, the others refused',
      withStore(async (h) => {
        const sent = await h.port.sendSurvey('k/s', {
          customerId: 'CUST-1',
          trigger: 'fulfilment',
          reference: 'ORD-1',
          delivered: true,
          sentAt: DAY(6),
        });
        // The workers are connected already (a pool's connections are opened as reads overlap), so they race.
        await Promise.all([1, 2, 3, 4, 5].map(() => h.port.getSurvey(sent.id)));
        const results = await Promise.allSettled(
          [1, 2, 3, 4, 5].map((score) =>
            h.port.closeSurvey(`k/answer/${score}`, sent.id, { state: 'answered', score, comment: null }, DAY(7)),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect(r.reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });
        const kept = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ score: number }>).value;
        expect((await h.port.getSurvey(sent.id))?.score).toBe(kept.score);
      }),
    );
  });
}
