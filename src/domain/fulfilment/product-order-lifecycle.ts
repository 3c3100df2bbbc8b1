import type { ProductOrderItemState, ProductOrderState } from './product-order';

/**
 * The TMF622 product order state machine. The order is acknowledged on receipt, rejected if
 * it fails validation, feasibility or credit, and otherwise moves through inProgress (with
 * pending/held pauses) to completed, partial (some items done) or failed. Cancellation is a
 * two-step assessment (assessingCancellation → pendingCancellation → cancelled); an assessment
 * that refuses goes back to where the order was.
 */
const ORDER_TRANSITIONS: Record<ProductOrderState, readonly ProductOrderState[]> = {
  acknowledged: ['inProgress', 'rejected', 'pending', 'held', 'assessingCancellation'],
  inProgress: ['pending', 'held', 'completed', 'partial', 'failed', 'assessingCancellation'],
  pending: ['inProgress', 'held', 'rejected', 'assessingCancellation'],
  held: ['inProgress', 'pending', 'assessingCancellation'],
  assessingCancellation: ['pendingCancellation', 'acknowledged', 'inProgress', 'pending', 'held'],
  pendingCancellation: ['cancelled', 'failed'],
  rejected: [],
  completed: [],
  partial: [],
  failed: [],
  cancelled: [],
};

export const TERMINAL_ORDER_STATES: readonly ProductOrderState[] = [
  'rejected',
  'completed',
  'partial',
  'failed',
  'cancelled',
];

export function canTransitionOrder(from: ProductOrderState, to: ProductOrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function isTerminalOrderState(state: ProductOrderState): boolean {
  return TERMINAL_ORDER_STATES.includes(state);
}

/**
 * Items follow the same machine, except that the order's cancellation or failure carries each
 * open item straight to cancelled or failed (the assessment happens at order level).
 */
export function canTransitionItem(from: ProductOrderItemState, to: ProductOrderItemState): boolean {
  if ((to === 'cancelled' || to === 'failed') && !isTerminalOrderState(from)) return true;
  return canTransitionOrder(from, to);
}

/** The order's final state from its items' final states (TMF622: some done, some not → partial). */
export function finalOrderState(items: readonly ProductOrderItemState[]): ProductOrderState {
  const done = items.filter((s) => s === 'completed').length;
  if (done === items.length) return 'completed';
  if (items.every((s) => s === 'cancelled')) return 'cancelled';
  return done > 0 ? 'partial' : 'failed';
}
