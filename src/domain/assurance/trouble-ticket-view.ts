import { z } from 'zod';
import { LIMITS } from '../limits';
import { TroubleTicketState } from './states';

const Id = z.string().min(1).max(LIMITS.id);

/** A trouble ticket (TMF621) as Problem Handling (1.A.1.6) shows it to the trouble ticket workflow. */
export const TicketView = z.object({
  ticketId: Id,
  origin: z.enum(['customer', 'network']),
  customerId: Id,
  state: TroubleTicketState,
  serviceId: Id.nullable(),
  serviceProblemId: Id.nullable(),
  linkedTo: Id.nullable(),
  estimatedRestoration: z.iso.datetime().nullable(),
  escalated: z.boolean(),
  urgency: z.enum(['critical', 'high', 'medium', 'low']),
  reopened: z.number().int().nonnegative(),
  resolution: z.string().nullable(),
  slaMet: z.boolean().nullable(),
});
export type TicketView = z.infer<typeof TicketView>;
