import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineSignal,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlarmEvent } from '../../src/ports/alarms';

/**
 * The bare baseline of the alarms benchmark: the naive design, one signal per alarm (the
 * alarm as its payload) to one long-lived workflow that only counts them, continuing as new
 * to keep its history under Temporal's limits. No store, no correlation.
 */
export const bareAlarmSignal = defineSignal<[AlarmEvent]>('bareAlarm');

export interface BareAlarmsInput {
  expected: number;
  counted: number;
  /** Signals one run takes before it continues as new. */
  perRun: number;
}

export async function bareAlarms(input: BareAlarmsInput): Promise<number> {
  let counted = input.counted;
  let thisRun = 0;
  setHandler(bareAlarmSignal, () => {
    counted++;
    thisRun++;
  });
  await condition(() => counted >= input.expected || thisRun >= input.perRun || workflowInfo().continueAsNewSuggested);
  if (counted >= input.expected) return counted;
  await condition(allHandlersFinished);
  return continueAsNew<typeof bareAlarms>({ ...input, counted });
}
