import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { isPeak, unitsOf } from '../../../src/domain/billing/rating';
import type { Ports } from '../../../src/ports';
import { mustBill } from './bill';

const Id = z.string().min(1);
const Money = z.number().int();

export const InquiryInput = z.object({
  customerId: Id,
  billId: Id,
  usageRecordId: z.number().int().positive(),
  claim: z.string().min(1),
});
export const InquiryOutput = z.object({
  inquiryId: z.string(),
  state: z.enum(['upheld', 'notUpheld']),
  finding: z.string(),
  adjustmentMinor: Money,
  /** The answer Support Billing & Collections (1.O.1.1.4) published to this question, given with the finding. */
  publishedAnswer: z.string().nullable().default(null),
});

/**
 * 1.B.1.8.1 — answer the customer's question about a charge from the rated record: a repeated
 * event is refunded, a charge the tariff does not give is corrected, and the customer is told —
 * with the answer 1.O.1.1.4 published to the question, when it is a common one.
 */
export function createManageCustomerBillingInquiries(ports: Pick<Ports, 'billing' | 'usage' | 'notifications'>) {
  const { billing } = ports;
  return defineProcess({ etomId: '1.B.1.8.1', input: InquiryInput, output: InquiryOutput }, async (input, call) => {
    const bill = await mustBill(billing, input.billId);
    const record = await ports.usage.record(input.usageRecordId);
    if (!record || record.billId !== bill.id || bill.customerId !== input.customerId)
      reject(
        BusinessErrorType.NotFound,
        `usage record ${input.usageRecordId} is not on ${input.customerId}'s bill ${input.billId}`,
      );
    const r = record!;
    // The rated record answers: is it a second charge for one event, and does today's tariff give the same charge?
    const twins = (await ports.usage.records({ customerId: input.customerId, state: 'billed' })).filter(
      (o) => o.correlationId === r.correlationId && o.id < r.id,
    );
    const tariff =
      r.productOfferingId && r.usageType ? await ports.usage.tariffFor(r.productOfferingId, r.usageType) : undefined;
    let finding: string;
    let adjustmentMinor = 0;
    if (twins.length) {
      adjustmentMinor = -(r.chargeMinor ?? 0);
      finding = `record ${r.id} repeats ${r.correlationId}, already billed as record ${twins[0]!.id}: charge refunded`;
    } else if (!tariff || !r.parts) {
      finding = `record ${r.id} has no tariff to check against`;
    } else {
      const peak = isPeak(tariff, Date.parse(r.startedAt!));
      const units = unitsOf(r.quantity!, tariff.unitSize);
      const expected = r.parts.reduce((s, p) => {
        const t = tariff.tiers[p.tier - 1] ?? tariff.tiers[tariff.tiers.length - 1]!;
        return s + p.units * (peak || t.offPeakPriceMinor === null ? t.priceMinor : t.offPeakPriceMinor);
      }, 0);
      const detail = `${r.usageType} ${r.correlationId} at ${r.startedAt}: ${r.quantity} ${r.usageType === 'voice' ? 's' : 'MB'} = ${units} ${tariff.unitLabel}, ${r.allowanceUnits} included, ${peak ? 'peak' : 'off-peak'}`;
      if (units === r.units && expected === r.chargeMinor)
        finding = `charge confirmed: ${detail}, ${r.chargeMinor} minor units`;
      else {
        adjustmentMinor = expected - (r.chargeMinor ?? 0);
        finding = `charge corrected: ${detail}; billed ${r.chargeMinor}, tariff ${tariff.id} gives ${expected}`;
      }
    }
    const published = await billing.publishedAnswer(input.claim);
    const inquiry = await billing.recordInquiry(call.idempotencyKey, {
      customerId: input.customerId,
      billId: bill.id,
      usageRecordId: r.id,
      claim: input.claim,
      state: adjustmentMinor < 0 ? 'upheld' : 'notUpheld',
      finding,
      adjustmentMinor: Math.min(0, adjustmentMinor),
      answeredFrom: published?.question ?? null,
    });
    await ports.notifications.send(`${call.idempotencyKey}/answer`, {
      recipient: input.customerId,
      channel: 'email',
      subject: `Your question about bill ${bill.id}`,
      body: published ? `${inquiry.finding}\n\n${published.answer}` : inquiry.finding,
      reference: inquiry.inquiryId,
    });
    return {
      inquiryId: inquiry.inquiryId,
      state: inquiry.state,
      finding: inquiry.finding,
      adjustmentMinor: inquiry.adjustmentMinor,
      publishedAnswer: published?.answer ?? null,
    };
  });
}
