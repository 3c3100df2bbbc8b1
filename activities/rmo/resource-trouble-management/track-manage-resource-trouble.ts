import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { ALARM_API, alarmEvent } from '../../../src/events/alarm-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import { ResourceTroubleRequest } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import { Id, mustTrouble, TroubleView, view } from './trouble-records';

/** Creates the trouble report, acknowledged, and acknowledges the alarms behind it. */
export const CreateTroubleReportInput = z.object({ request: ResourceTroubleRequest, workflowId: Id });
/** Cancels the report: the problem was a false alarm. */
export const CancelTroubleReportInput = z.object({ troubleId: Id, reason: z.string().min(1) });
export const TrackAndManageResourceTroubleOutput = TroubleView;

const handlers = {
  create: { input: CreateTroubleReportInput, output: TrackAndManageResourceTroubleOutput },
  cancel: { input: CancelTroubleReportInput, output: TrackAndManageResourceTroubleOutput },
};

/**
 * 1.A.3.3.4 — the trouble report: created with what is known, its state moved as the work
 * goes on (the other processes move it through the store), cancelled when it was a false alarm.
 */
export function createTrackAndManageResourceTrouble(
  ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'eventSubscriptions' | 'clock'>,
) {
  const { alarms, resourceTroubles: troubles, eventSubscriptions, clock } = ports;
  // The alarms acknowledged or cleared with the trouble tell TMF642's listeners.
  const waking = <T>(changes: () => Promise<T>) => wakingDelivery(eventSubscriptions, ALARM_API, changes);
  return defineProcessHandlers(
    { etomId: '1.A.3.3.4', handlers },
    {
      create: async (input, call) => {
        const r = input.request;
        const trouble = await troubles.create(`${call.idempotencyKey}/create`, {
          id: r.troubleId,
          origin: r.origin,
          resourceId: r.resourceId,
          description: r.description,
          alarmCount: r.alarmCount,
          alarmIds: r.alarmIds,
          serviceProblemId: r.serviceProblem?.serviceProblemId ?? null,
          workflowId: input.workflowId,
        });
        const rootCause = r.origin === 'alarm' ? await alarms.rootCause(r.troubleId) : undefined;
        const acked = rootCause
          ? await waking(() => alarms.acknowledgeRootCause(`${call.idempotencyKey}/ack`, rootCause.id, alarmEvent))
          : 0;
        return view(
          trouble,
          rootCause ? `trouble report created; ${acked} alarm(s) acknowledged` : 'trouble report created',
        );
      },

      cancel: async (input, call) => {
        const trouble = await mustTrouble(troubles, input.troubleId);
        const cancelled = await troubles.setState(
          `${call.idempotencyKey}/cancel`,
          trouble.id,
          'cancelled',
          '1.A.3.3.4',
          `false alarm: ${input.reason}`,
        );
        if (await alarms.rootCause(trouble.id)) {
          await waking(() =>
            alarms.closeRootCause(`${call.idempotencyKey}/alarms`, trouble.id, clock().toISOString(), alarmEvent),
          );
        }
        return view(cancelled, `cancelled: ${input.reason}`);
      },
    },
  );
}
