import { z } from 'zod';

export const CustomerId = z
  .string()
  .max(64)
  .regex(/^CUST-[A-Z0-9-]+$/, 'a customer id such as CUST-1001');

export const Customer = z.object({
  id: CustomerId,
  name: z.string(),
  segment: z.enum(['residential', 'business', 'wholesale']),
  region: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  status: z.enum(['prospect', 'active', 'suspended', 'terminated']),
});
export type Customer = z.infer<typeof Customer>;

export const CreditProfile = z.object({
  customerId: CustomerId,
  creditScore: z.number().int().min(0).max(1000),
  creditLimitMinor: z.number().int().nonnegative(),
  outstandingMinor: z.number().int(),
  daysPastDue: z.number().int().nonnegative(),
  fraudFlag: z.boolean(),
});
export type CreditProfile = z.infer<typeof CreditProfile>;

export const ContactChannel = z.enum(['phone', 'email', 'web', 'shop', 'chat', 'partner']);

export const Contact = z.object({
  id: z.string(),
  customerId: CustomerId.nullable(),
  channel: ContactChannel,
  reason: z.string(),
  summary: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const RequestStatus = z.enum(['received', 'selfServed', 'routed', 'inProgress', 'closed', 'rejected']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const CustomerRequest = z.object({
  id: z.string(),
  contactId: z.string(),
  customerId: CustomerId.nullable(),
  requestType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: RequestStatus,
  routedTo: z.string().nullable(),
  reference: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerRequest = z.infer<typeof CustomerRequest>;
