import type { ServiceOrderState, ServiceState } from './service-order';

/**
 * The TMF641 service order state machine: the order is acknowledged, worked (inProgress, with
 * pending/held pauses) and ends completed or failed. A cancellation is assessed first
 * (assessingCancellation → pendingCancellation → cancelled), as for product orders.
 */
const ORDER_TRANSITIONS: Record<ServiceOrderState, readonly ServiceOrderState[]> = {
  acknowledged: ['inProgress', 'rejected', 'pending', 'held', 'assessingCancellation'],
  inProgress: ['pending', 'held', 'completed', 'partial', 'failed', 'assessingCancellation'],
  pending: ['inProgress', 'held', 'failed', 'assessingCancellation'],
  held: ['inProgress', 'pending', 'failed', 'assessingCancellation'],
  assessingCancellation: ['pendingCancellation', 'acknowledged', 'inProgress', 'pending', 'held'],
  pendingCancellation: ['cancelled', 'failed'],
  rejected: [],
  completed: [],
  partial: [],
  failed: [],
  cancelled: [],
};

/**
 * The TMF638 service life: designed (1.F.2.2.1), reserved once its identifiers are allotted
 * (1.F.2.2.2), inactive once installed and configured (1.F.2.2.4), active (1.F.2.2.6).
 * Undoing an installation takes it back to reserved; it can be terminated from anywhere.
 */
const SERVICE_TRANSITIONS: Record<ServiceState, readonly ServiceState[]> = {
  feasibilityChecked: ['designed', 'terminated'],
  designed: ['reserved', 'terminated'],
  reserved: ['inactive', 'terminated'],
  inactive: ['active', 'reserved', 'terminated'],
  active: ['inactive', 'terminated'],
  terminated: [],
};

export const TERMINAL_SERVICE_ORDER_STATES: readonly ServiceOrderState[] = [
  'rejected',
  'completed',
  'partial',
  'failed',
  'cancelled',
];

export function canTransitionServiceOrder(from: ServiceOrderState, to: ServiceOrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function canTransitionService(from: ServiceState, to: ServiceState): boolean {
  return SERVICE_TRANSITIONS[from].includes(to);
}
