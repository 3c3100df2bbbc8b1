import { PartnerProblemRequest } from '../../src/domain/assurance/messages';
import { type AssuranceTimingsInput, DEMO_ASSURANCE_TIMINGS } from '../../src/domain/assurance/timings';
import type { TestRuntime } from './runtime';

/**
 * A problem with Alpha's Marseille access circuit from the installed base (bought under
 * PO-IB06-AC), as SM&O would report it to S/PRM; its updates go to a workflow that is not
 * there unless `replyTo` names one.
 */
export const circuitProblem = (
  rt: TestRuntime,
  name: string,
  over: { replyTo?: string; timings?: AssuranceTimingsInput } = {},
): PartnerProblemRequest =>
  PartnerProblemRequest.parse({
    partnerProblemId: rt.id(name),
    serviceProblemId: rt.id(`SP-${name}`),
    serviceId: 'SVC-IB06-1',
    customerId: 'CUST-1002',
    supplierId: 'SUP-ALPHA',
    requisitionId: 'PO-IB06-AC',
    resourceId: 'AC-MRS-ALPHA-IB06',
    description: 'loss of signal on the Marseille access circuit',
    replyTo: { workflowId: over.replyTo ?? rt.id('no-such-service-problem') },
    timings: { ...DEMO_ASSURANCE_TIMINGS, ...over.timings },
  });
