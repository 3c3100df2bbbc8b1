import { z } from 'zod';

/**
 * The order states TM Forum's ordering APIs share: TMF622 (product), TMF641 (service) and,
 * without the two cancellation-assessment states, TMF652 (resource).
 */
export const TmfOrderState = z.enum([
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'cancelled',
  'completed',
  'failed',
  'partial',
  'assessingCancellation',
  'pendingCancellation',
]);
