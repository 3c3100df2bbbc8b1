import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id, Money } from './amounts';

export const IssueSPSettlementNoticeAndPaymentInput = z.object({ supplierId: Id, period: Id });
export const IssueSPSettlementNoticeAndPaymentOutput = z.object({
  settlementId: z.string(),
  paidMinor: Money,
  revenueShareMinor: Money,
  notice: z.string(),
  notificationId: z.string(),
});

/**
 * 1.B.4.5.4 — when the enterprise starts a settlement cycle: pay the supplier what was
 * approved, with the revenue share its contract gives a partner, and send the settlement notice.
 */
export function createIssueSPSettlementNoticeAndPayment(ports: Pick<Ports, 'settlements' | 'notifications'>) {
  const { settlements, notifications } = ports;
  return defineProcess(
    {
      etomId: '1.B.4.5.4',
      input: IssueSPSettlementNoticeAndPaymentInput,
      output: IssueSPSettlementNoticeAndPaymentOutput,
    },
    async (input, call) => {
      const s = await settlements.settle(`${call.idempotencyKey}/settle`, input.supplierId, input.period);
      const note = await notifications.send(`${call.idempotencyKey}/notice`, {
        recipient: input.supplierId,
        channel: 'email',
        subject: `Settlement notice ${s.settlementId}`,
        body: s.notice,
        reference: s.settlementId,
      });
      return {
        settlementId: s.settlementId,
        paidMinor: s.paidMinor,
        revenueShareMinor: s.revenueShareMinor,
        notice: s.notice,
        notificationId: note.id,
      };
    },
  );
}
