import { z } from 'zod';

/** S/P Interface Management (1.FAB.4.6): what suppliers ask, and what we make of it. */

export const SupplierRequestTopic = z.enum(['order', 'problem', 'payment', 'other']);
export type SupplierRequestTopic = z.infer<typeof SupplierRequestTopic>;

/** A supplier's request, as it arrives through the partner gateway or its self-service portal. */
/** A supplier's word on a requisition (1.F.4.2.3 records it) or on a problem (1.A.4.3.2 does). */
export const SupplierProgress = z.discriminatedUnion('about', [
  z.object({
    about: z.literal('requisition'),
    kind: z.enum(['acknowledged', 'deliveryDateChanged', 'delivered', 'rejected', 'cancelled']),
    deliveryDate: z.iso.datetime().optional(),
    detail: z.string().min(1).optional(),
  }),
  z.object({
    about: z.literal('problem'),
    status: z.enum(['acknowledged', 'inProgress', 'resolved', 'rejected']),
    detail: z.string().min(1),
  }),
]);
export type SupplierProgress = z.infer<typeof SupplierProgress>;

export const SupplierRequestInput = z.object({
  supplierId: z.string().regex(/^SUP-[A-Z0-9-]+$/, 'a supplier id such as SUP-ALPHA'),
  topic: SupplierRequestTopic,
  /** Our id or the supplier's own for what it asks about (requisition, problem, contract). */
  reference: z.string().min(1).nullable().default(null),
  question: z.string().min(1),
  channel: z.enum(['portal', 'email', 'api']).default('portal'),
  /**
   * What the supplier reports through the interface about the requisition or problem it names
   * (its progress, a new date, its fix): 1.FAB.4.6.1 passes it on to the process following it.
   */
  report: SupplierProgress.optional(),
});
export type SupplierRequestInput = z.input<typeof SupplierRequestInput>;

export const SupplierRequest = z.object({
  id: z.string(),
  supplierId: z.string(),
  topic: SupplierRequestTopic,
  reference: z.string().nullable(),
  question: z.string(),
  channel: z.string(),
  status: z.enum(['answered', 'routed']),
  /** The process the request was handed to when the store could not answer it. */
  routedTo: z.string().nullable(),
  answer: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type SupplierRequest = z.infer<typeof SupplierRequest>;

/**
 * The running process 1.FAB.4.6.1 hands a supplier's report to: its workflow, and the signal
 * that process already takes from the supplier (the report as that signal carries it).
 */
export const SupplierHandOff = z.object({
  workflowId: z.string(),
  signal: z.enum(['supplierReport', 'supplierProblemReport']),
  report: z.record(z.string(), z.unknown()),
});
export type SupplierHandOff = z.infer<typeof SupplierHandOff>;

/**
 * A supplier's question about a payment that the store could not answer, routed by 1.FAB.4.6.1
 * to S/P Settlements & Billing Management (1.B.4.5), whose account (1.B.4.5.1) answers it.
 */
export const SupplierPaymentQuestion = z.object({
  requestId: z.string().min(1),
  supplierId: z.string().min(1),
  /** What the supplier named (its invoice, a period…), or null. */
  reference: z.string().nullable(),
});
export type SupplierPaymentQuestion = z.infer<typeof SupplierPaymentQuestion>;

export const InteractionReport = z.object({
  id: z.string(),
  supplierId: z.string().nullable(),
  requests: z.number().int(),
  byTopic: z.record(z.string(), z.number().int()),
  byChannel: z.record(z.string(), z.number().int()),
  selfServed: z.number().int(),
  routed: z.number().int(),
  /** Share answered at once, in basis points (10000 = all). */
  selfServiceRateBp: z.number().int(),
  /** References asked about more than once: where our own reporting to the supplier falls short. */
  repeatedReferences: z.array(z.string()),
  createdAt: z.string(),
});
export type InteractionReport = z.infer<typeof InteractionReport>;
