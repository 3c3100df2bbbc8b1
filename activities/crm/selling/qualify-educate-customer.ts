import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CREDIT_POLICY } from '../../../src/domain/credit-policy';
import { Prospect } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';
import { mustProspect } from './prospect';
import { STARTER_CREDIT, segmentFits } from './sales-policy';

export const QualifyInput = z.object({ prospectId: z.string().min(1) });
export const QualifyOutput = z.object({
  prospect: Prospect,
  qualified: z.boolean(),
  reasons: z.array(z.string()),
  items: z.array(
    z.object({
      productOfferingId: z.string(),
      region: z.string(),
      eligible: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  credit: z.object({
    source: z.enum(['creditProfile', 'starter']),
    creditScore: z.number().int(),
    exposureMinor: z.number().int(),
    creditLimitMinor: z.number().int(),
    passed: z.boolean(),
  }),
  /** Offerings of the prospect's segment served in the region, for a need that cannot be met. */
  alternatives: z.array(z.string()),
  notificationId: z.string().nullable(),
});
export type QualifyOutput = z.infer<typeof QualifyOutput>;

/**
 * 1.F.1.4.2 — make sure the sale rests on a shared understanding: each need is eligible (the
 * offering exists, suits the segment, is served in the region), the credit pre-check passes,
 * alternatives are offered where a need cannot be met, and the prospect is told what they buy.
 */
export function createQualifyAndEducateCustomer(
  ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'notifications' | 'clock'>,
) {
  const { sales, catalog, customerManagement: customers, notifications, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.F.1.4.2', input: QualifyInput, output: QualifyOutput },
    async ({ prospectId }, call) => {
      const p = await mustProspect(sales, prospectId);
      if (p.state !== 'open' && p.state !== 'qualified') {
        return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is ${p.state}`);
      }
      const offerings = await catalog.listOfferings();
      const items = [];
      const alternatives = new Set<string>();
      for (const n of p.needs) {
        const reasons: string[] = [];
        const o = offerings.find((x) => x.id === n.productOfferingId);
        if (!o) reasons.push(`unknown offering ${n.productOfferingId}`);
        else {
          if (!segmentFits(o, p.segment)) reasons.push(`${o.id} is for ${o.segment} customers`);
          if (!(await sales.regionsServed(o.id)).includes(n.region))
            reasons.push(`${o.id} is not served in ${n.region}`);
        }
        if (reasons.length) {
          for (const alt of offerings) {
            if (
              alt.id !== n.productOfferingId &&
              segmentFits(alt, p.segment) &&
              (await sales.regionsServed(alt.id)).includes(n.region)
            )
              alternatives.add(alt.id);
          }
        }
        items.push({
          productOfferingId: n.productOfferingId,
          region: n.region,
          eligible: reasons.length === 0,
          reasons,
        });
      }

      // Credit pre-check with the policy Order Handling will apply (1.F.1.5.2): outstanding
      // debt + one-time charges + three months of recurring ones must fit the limit.
      const profile = p.customerId ? await customers.getCreditProfile(p.customerId) : undefined;
      const base = profile ?? { ...STARTER_CREDIT[p.segment], outstandingMinor: 0, daysPastDue: 0, fraudFlag: false };
      const exposureMinor =
        base.outstandingMinor +
        p.needs.reduce((s, n) => {
          const o = offerings.find((x) => x.id === n.productOfferingId);
          return o ? s + (o.oneTimeMinor + CREDIT_POLICY.exposureMonths * o.recurringMinor) * n.quantity : s;
        }, 0);
      const creditReasons = [
        ...(base.fraudFlag ? ['fraud flag'] : []),
        ...(base.daysPastDue > CREDIT_POLICY.maxDaysPastDue ? [`${base.daysPastDue} days past due`] : []),
        ...(base.creditScore < CREDIT_POLICY.minScore
          ? [`credit score ${base.creditScore} below ${CREDIT_POLICY.minScore}`]
          : []),
        ...(exposureMinor > base.creditLimitMinor
          ? [`exposure ${exposureMinor} exceeds limit ${base.creditLimitMinor}`]
          : []),
      ];
      const credit = {
        source: profile ? ('creditProfile' as const) : ('starter' as const),
        creditScore: base.creditScore,
        exposureMinor,
        creditLimitMinor: base.creditLimitMinor,
        passed: creditReasons.length === 0,
      };
      const reasons = [...items.flatMap((i) => i.reasons), ...creditReasons];
      const qualified = reasons.length === 0;

      let notificationId: string | null = null;
      if (qualified) {
        const lines = p.needs.map((n) => {
          const o = offerings.find((x) => x.id === n.productOfferingId)!;
          return `- ${n.quantity} × ${o.name} in ${n.region}: ${o.description}; ready in about ${o.leadTimeDays} days`;
        });
        const sent = await notifications.send(`${call.idempotencyKey}/educate`, {
          recipient: p.email,
          channel: 'email',
          subject: 'What your solution includes',
          body: [`Dear ${p.name},`, 'here is what we propose to deliver:', ...lines].join('\n'),
          reference: p.id,
        });
        notificationId = sent.id;
      }
      const prospect = await sales.updateProspect(
        `${call.idempotencyKey}/qualify`,
        p.id,
        {
          state: qualified ? 'qualified' : 'disqualified',
          reason: qualified ? null : reasons.join('; '),
          qualification: { items, credit, alternatives: [...alternatives] },
        },
        now(),
      );
      return { prospect, qualified, reasons, items, credit, alternatives: [...alternatives], notificationId };
    },
  );
}
