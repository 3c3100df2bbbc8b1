import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CREDIT_POLICY } from '../../../src/domain/credit-policy';
import type { Ports } from '../../../src/ports';
import { mustOrder } from './order-record';

export const CreditInput = z.object({ orderId: z.string().min(1) });
export const CreditDecision = z.object({
  authorized: z.boolean(),
  reason: z.string(),
  creditScore: z.number().int(),
  /** What the customer would owe if the order went ahead: outstanding + one-time + 3 months. */
  exposureMinor: z.number().int(),
  creditLimitMinor: z.number().int(),
  depositMinor: z.number().int(),
});
export type CreditDecision = z.infer<typeof CreditDecision>;

/** 1.F.1.5.2 — is the customer creditworthy for this order? Real rules on real credit data. */
export function createAuthorizeCredit(ports: Pick<Ports, 'customerManagement' | 'productOrders' | 'clock'>) {
  const { customerManagement: customers, productOrders, clock } = ports;
  return defineProcess({ etomId: '1.F.1.5.2', input: CreditInput, output: CreditDecision }, async ({ orderId }) => {
    const order = await mustOrder(productOrders, orderId);
    const profile =
      (await customers.getCreditProfile(order.customerId)) ??
      reject(BusinessErrorType.NotFound, `no credit profile for ${order.customerId}`);
    const exposureMinor =
      profile.outstandingMinor + order.oneTimeMinor + CREDIT_POLICY.exposureMonths * order.recurringMinor;
    const base = { creditScore: profile.creditScore, exposureMinor, creditLimitMinor: profile.creditLimitMinor };
    let decision: CreditDecision;
    if (profile.fraudFlag)
      decision = { ...base, authorized: false, reason: 'account flagged for fraud', depositMinor: 0 };
    else if (profile.daysPastDue > CREDIT_POLICY.maxDaysPastDue)
      decision = { ...base, authorized: false, reason: `debt ${profile.daysPastDue} days past due`, depositMinor: 0 };
    else if (profile.creditScore < CREDIT_POLICY.minScore)
      decision = {
        ...base,
        authorized: false,
        reason: `credit score ${profile.creditScore} below ${CREDIT_POLICY.minScore}`,
        depositMinor: 0,
      };
    else if (exposureMinor > profile.creditLimitMinor)
      decision = {
        ...base,
        authorized: false,
        reason: `exposure ${exposureMinor} exceeds credit limit ${profile.creditLimitMinor}`,
        depositMinor: 0,
      };
    else {
      const deposit = profile.creditScore < CREDIT_POLICY.depositBelowScore ? order.recurringMinor : 0;
      decision = {
        ...base,
        authorized: true,
        reason: deposit ? 'authorized with a deposit' : 'authorized',
        depositMinor: deposit,
      };
    }
    await productOrders.update(orderId, { creditDecision: decision }, clock().toISOString());
    return decision;
  });
}
