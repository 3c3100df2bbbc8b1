import { SERVICE_PROBLEM_SPEC } from '../api/service-problem';
import { fromRecord } from '../api/service-problem/representation';
import { absolute } from '../api/inventory/absolute-hrefs';
import { ASSURANCE_APIS } from '../api/trouble-ticket/representation';
import type { Resource } from '../api/representation';
import type { ServiceProblemEvent } from '../ports/service-problems';
import { proactiveTroubleTicketId } from '../../workflows/crm/problem-handling';
import { apiAddress, apiOrigin, resourceEvent } from './address';

/** The API whose listeners hear of service problems, by its name in the base path. */
export const SERVICE_PROBLEM_API = ASSURANCE_APIS.serviceProblem;

const TMF656 = apiAddress(SERVICE_PROBLEM_SPEC, SERVICE_PROBLEM_API);

/** TMF656's service problem events (its /listener paths): a new problem, and every move of its status. */
export type ServiceProblemEventType = 'ServiceProblemCreateEvent' | 'ServiceProblemStateChangeEvent';

/**
 * The event a change of the problem publishes, to be stored with the change: the problem with
 * the tickets it serves (the customer's, and the notice SM&O opened for a network fault), its
 * hrefs absolute as TMF656 declares them (`format: uri`) and as its GET answers.
 */
export const serviceProblemEvent =
  (eventType: ServiceProblemEventType): ServiceProblemEvent =>
  (problem, detail) => {
    const notice = proactiveTroubleTicketId(problem.id);
    const tickets = [problem.troubleTicketId, detail.ticketRecorded(notice) ? notice : null].filter(
      (t): t is string => !!t,
    );
    const shown = absolute(fromRecord(TMF656, problem, tickets, detail.changedAt), apiOrigin()) as Resource;
    return resourceEvent(SERVICE_PROBLEM_API, 'serviceProblem', eventType, shown);
  };
