/**
 * The enterprise's credit policy, applied by Authorize Credit (1.F.1.5.2) and, as a
 * pre-check, by Qualify & Educate Customer (1.F.1.4.2). A fraud flag or a debt more than 60
 * days late refuses outright; otherwise the exposure must fit the limit; a middling score asks
 * a deposit.
 */
export const CREDIT_POLICY = {
  maxDaysPastDue: 60,
  minScore: 450,
  depositBelowScore: 650,
  exposureMonths: 3,
} as const;
