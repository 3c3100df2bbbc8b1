import { z } from 'zod';
import { LIMITS } from '../limits';
import { AlarmType, PerceivedSeverity } from './states';

const Id = z.string().min(1).max(LIMITS.id);

/**
 * One notification from the network's element managers as alarm ingest takes it (the port's
 * AlarmEvent, checked): ingest refuses a batch with any event outside it before it stores
 * anything, so a malformed feed never leaves half a batch in the alarm list.
 */
export const AlarmEventInput = z.object({
  externalAlarmId: Id.optional(),
  alarmType: AlarmType,
  perceivedSeverity: PerceivedSeverity,
  probableCause: z.string().min(1).max(LIMITS.name),
  specificProblem: z.string().max(LIMITS.text).optional(),
  alarmedObject: Id,
  sourceSystemId: Id,
  state: z.enum(['raised', 'cleared']),
  eventTime: z.iso.datetime({ offset: true }),
  clearUserId: Id.optional(),
  clearSystemId: Id.optional(),
});
/** One submission: the TMF642 API's bounds on a list apply to the network's feed too. */
export const AlarmEventsInput = z.array(AlarmEventInput).max(100_000);
