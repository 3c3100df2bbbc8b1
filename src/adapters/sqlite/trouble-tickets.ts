import type { Clock } from '../../ports/clock';
import type { TroubleTicketPort } from '../../ports/trouble-tickets';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on CRM Problem Handling (1.A.1.6): TMF621 trouble tickets. */
export function createSqliteTroubleTickets(_db: Db, _clock: Clock): TroubleTicketPort {
  return {};
}
