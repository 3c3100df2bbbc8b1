import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ALARM_API, alarmEvent } from '../../../src/events/alarm-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { Id, mustTrouble, Recovery } from './trouble-records';

export const CloseResourceTroubleInput = z.object({ troubleId: Id });
export const CloseResourceTroubleOutput = z.object({
  troubleId: Id,
  state: z.literal('closed'),
  recovery: Recovery,
  resolution: z.string().nullable(),
  prevention: z.string(),
});

/**
 * 1.A.3.3.6 — close the resolved trouble, with what keeps it from coming back: a unit now
 * running on its mate is flagged for replacement; a repaired element is kept under test.
 */
export function createCloseResourceTrouble(
  ports: Pick<Ports, 'alarms' | 'resourceTroubles' | 'eventSubscriptions' | 'clock'>,
) {
  const { alarms, resourceTroubles: troubles, eventSubscriptions, clock } = ports;
  return defineProcess(
    { etomId: '1.A.3.3.6', input: CloseResourceTroubleInput, output: CloseResourceTroubleOutput },
    async (input, call) => {
      const trouble = await mustTrouble(troubles, input.troubleId);
      if (trouble.state === 'closed' && trouble.prevention) {
        return {
          troubleId: trouble.id,
          state: 'closed' as const,
          recovery: trouble.recovery ?? 'none',
          resolution: trouble.resolution,
          prevention: trouble.prevention,
        };
      }
      if (trouble.state !== 'resolved') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `resource trouble ${trouble.id} is ${trouble.state}, not resolved`,
        );
      }
      const faultId = trouble.faultResourceId ?? trouble.resourceId;
      let prevention: string;
      if (trouble.recovery === 'switchedToRedundant') {
        prevention = `${faultId} flagged for replacement: its mate carries the traffic unprotected until then`;
        await troubles.flagForReplacement(
          `${call.idempotencyKey}/flag`,
          faultId,
          `${trouble.id}: ${trouble.diagnosis ?? 'failed'}`,
        );
      } else if (trouble.recovery === 'replaced') {
        prevention = `${faultId} replaced; the failed unit returned to the supplier for analysis`;
      } else {
        prevention = `${faultId} repaired; kept under periodic test`;
      }
      await troubles.amend(`${call.idempotencyKey}/prevention`, trouble.id, { prevention }, '1.A.3.3.6', prevention);
      if (await alarms.rootCause(trouble.id)) {
        // The root cause's alarms cleared with it tell TMF642's listeners.
        await wakingDelivery(eventSubscriptions, ALARM_API, () =>
          alarms.closeRootCause(`${call.idempotencyKey}/alarms`, trouble.id, clock().toISOString(), alarmEvent),
        );
      }
      const closed = await troubles.setState(
        `${call.idempotencyKey}/closed`,
        trouble.id,
        'closed',
        '1.A.3.3.6',
        prevention,
      );
      return {
        troubleId: closed.id,
        state: 'closed' as const,
        recovery: closed.recovery ?? 'none',
        resolution: closed.resolution,
        prevention,
      };
    },
  );
}
