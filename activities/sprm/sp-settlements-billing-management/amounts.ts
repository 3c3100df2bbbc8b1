import { z } from 'zod';

/** An id of something S/P Settlements & Billing Management keeps: a supplier, a period, an invoice. */
export const Id = z.string().min(1);
/** An amount in minor units of the currency (cents), as the store and the supplier's invoice keep it. */
export const Money = z.number().int();
