import type { SlaCredit } from '../domain/assurance/sla-credit';

export type { SlaCredit };

/**
 * Credits owed for SLA violations: written by assurance (1.A.1.7.2), applied by billing
 * (1.B.1.8.2) — the hand-off from the one to the other, kept as records.
 */
export interface SlaCreditPort {
  /** Records a credit once per idempotency key; amounts are integer minor units. */
  record(
    idempotencyKey: string,
    credit: Omit<SlaCredit, 'id' | 'state' | 'appliedToBillId' | 'createdAt'>,
  ): Promise<SlaCredit>;
  /** Credits not yet applied to a bill, oldest first. */
  pending(customerId: string): Promise<SlaCredit[]>;
  /** Marks credits applied to a bill; refuses (InvalidStateTransition) one that is not pending. */
  markApplied(idempotencyKey: string, creditIds: string[], billId: string): Promise<SlaCredit[]>;
  byCustomer(customerId: string): Promise<SlaCredit[]>;
  get(creditId: string): Promise<SlaCredit | undefined>;
}
