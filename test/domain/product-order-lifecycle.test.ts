import { describe, expect, it } from 'vitest';
import {
  canTransitionItem,
  canTransitionOrder,
  finalOrderState,
  isTerminalOrderState,
} from '../../src/domain/fulfilment/product-order-lifecycle';
import { ProductOrderState } from '../../src/domain/fulfilment/product-order';

describe('the TMF622 product order state machine', () => {
  it('takes the happy path and the cancellation path', () => {
    expect(canTransitionOrder('acknowledged', 'inProgress')).toBe(true);
    expect(canTransitionOrder('inProgress', 'completed')).toBe(true);
    expect(canTransitionOrder('inProgress', 'assessingCancellation')).toBe(true);
    expect(canTransitionOrder('assessingCancellation', 'pendingCancellation')).toBe(true);
    expect(canTransitionOrder('pendingCancellation', 'cancelled')).toBe(true);
  });

  it('forbids skipping steps and leaving a terminal state', () => {
    expect(canTransitionOrder('acknowledged', 'completed')).toBe(false);
    expect(canTransitionOrder('inProgress', 'cancelled')).toBe(false);
    for (const terminal of ['rejected', 'completed', 'partial', 'failed', 'cancelled'] as const) {
      expect(isTerminalOrderState(terminal)).toBe(true);
      for (const to of ProductOrderState.options)
        expect(canTransitionOrder(terminal, to), `${terminal}→${to}`).toBe(false);
    }
  });

  it('lets an open item follow its order into cancelled or failed', () => {
    expect(canTransitionItem('acknowledged', 'cancelled')).toBe(true);
    expect(canTransitionItem('inProgress', 'failed')).toBe(true);
    expect(canTransitionItem('completed', 'cancelled')).toBe(false);
  });

  it('derives the final state from the items', () => {
    expect(finalOrderState(['completed', 'completed'])).toBe('completed');
    expect(finalOrderState(['completed', 'failed'])).toBe('partial');
    expect(finalOrderState(['failed', 'cancelled'])).toBe('failed');
    expect(finalOrderState(['cancelled'])).toBe('cancelled');
  });
});
