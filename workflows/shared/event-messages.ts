import { defineSignal } from '@temporalio/workflow';

/** New events are stored for a subscription's API: its delivery looks for them now, not at its next timer. */
export const eventsPendingSignal = defineSignal('eventsPending');
