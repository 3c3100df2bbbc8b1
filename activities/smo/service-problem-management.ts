import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import {
  RootCause,
  ServiceProblemRequest,
  ServiceProblemUpdate,
  WorkOrderRequest,
} from '../../src/domain/assurance/messages';
import { ServiceProblemState } from '../../src/domain/assurance/states';
import { AssuranceTimings } from '../../src/domain/assurance/timings';
import type { Ports } from '../../src/ports';
import type { TestResult } from '../../src/ports/network-activation';
import type { ServiceElement, ServiceProblem } from '../../src/ports/service-problems';

/**
 * Service Problem Management (1.A.2.3): SM&O reacts to a problem affecting a customer's
 * service, finds its root cause on the (simulated) network, has it put right by whoever owns
 * the failing part — a technician, RM&O, a supplier, or SM&O's own reconfiguration — then
 * certifies the service is back and reports to CRM.
 */

const Id = z.string().min(1);

const Test = z.object({
  target: z.string(),
  passed: z.boolean(),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});
const Impact = z.object({ services: z.array(Id), customers: z.array(Id) });

/** One task of the resolution plan (1.A.2.3.3), and who carries it out. */
export const PlanTask = z.discriminatedUnion('kind', [
  /** A fault at the customer's premises: a technician on site (RM&O 1.O.3.1.6). */
  z.object({
    kind: z.literal('workOrder'),
    workOrder: WorkOrderRequest.omit({ timings: true }),
    resourceId: Id,
  }),
  /** A fault on our network: restoration request to RM&O (1.A.3.3). */
  z.object({ kind: z.literal('resourceTrouble'), troubleId: Id, resourceId: Id, description: z.string() }),
  /** RM&O already works the trouble that raised this problem: wait for its word. */
  z.object({ kind: z.literal('awaitResourceTrouble'), troubleId: Id, resourceId: Id }),
  /** A supplier's product failed: report it to S/PRM (1.A.4.3). */
  z.object({
    kind: z.literal('partnerProblem'),
    partnerProblemId: Id,
    supplierId: Id,
    requisitionId: Id,
    resourceId: Id,
    description: z.string(),
  }),
  /** The service's configuration is wrong on the network: service activation applies it again. */
  z.object({ kind: z.literal('reconfigure') }),
  /** Nothing is broken: the customer is told how to use the service. */
  z.object({ kind: z.literal('advise'), advice: z.string() }),
]);
export type PlanTask = z.infer<typeof PlanTask>;

export const EvaluateInput = z.object({ request: ServiceProblemRequest, workflowId: Id });
export type EvaluateInput = z.input<typeof EvaluateInput>;
export const EvaluateOutput = z.object({
  serviceProblemId: Id,
  state: ServiceProblemState,
  serviceId: Id,
  customerId: Id,
  region: Id.nullable(),
  timings: AssuranceTimings,
  /** The end-to-end test passed on a customer's report: most likely a matter of usage. */
  customerUsage: z.boolean(),
  test: Test.nullable(),
  impact: Impact,
  estimatedRestoration: z.iso.datetime().nullable(),
  update: ServiceProblemUpdate,
});
export type EvaluateOutput = z.output<typeof EvaluateOutput>;

export const DiagnoseInput = z.object({
  serviceProblemId: Id,
  /** Origin resourceTrouble: the cause RM&O already found. */
  resourceTrouble: z.object({ troubleId: Id, resourceId: Id }).nullable().default(null),
});
export type DiagnoseInput = z.input<typeof DiagnoseInput>;
export const DiagnoseOutput = z.object({
  serviceProblemId: Id,
  rootCause: RootCause,
  /** An open problem of the same cause, being worked already (1.A.2.3.2 correlation). */
  correlatedWith: z.object({ serviceProblemId: Id, workflowId: Id.nullable() }).nullable(),
  tests: z.array(Test),
  update: ServiceProblemUpdate,
});
export type DiagnoseOutput = z.output<typeof DiagnoseOutput>;

export const PlanInput = z.object({
  serviceProblemId: Id,
  /** 1, then 2, 3… when certification failed and the problem is worked again. */
  round: z.number().int().positive().default(1),
  resourceTroubleId: Id.nullable().default(null),
});
export type PlanInput = z.input<typeof PlanInput>;
export const PlanOutput = z.object({ serviceProblemId: Id, tasks: z.array(PlanTask), update: ServiceProblemUpdate });
export type PlanOutput = z.output<typeof PlanOutput>;

export const TrackResolutionInput = z.discriminatedUnion('action', [
  /** Reconfiguration through service activation: the service's configuration applied again. */
  z.object({ action: z.literal('reconfigure'), serviceProblemId: Id }),
  /** A task moved on (technician, RM&O, supplier): recorded, and worded for CRM. */
  z.object({
    action: z.literal('progress'),
    serviceProblemId: Id,
    process: Id,
    detail: z.string().min(1),
    state: z.enum(['inProgress', 'pending', 'held']).default('inProgress'),
  }),
  /** The customer withdrew the ticket it was opened for, and no repair of the network is under way. */
  z.object({ action: z.literal('withdraw'), serviceProblemId: Id, ticketId: Id, reason: z.string().min(1) }),
]);
export type TrackResolutionInput = z.input<typeof TrackResolutionInput>;
export const TrackResolutionOutput = z.object({ serviceProblemId: Id, update: ServiceProblemUpdate });

export const CloseReportInput = z.object({ serviceProblemId: Id, resolution: z.string().min(1) });
export type CloseReportInput = z.input<typeof CloseReportInput>;
export const CloseReportOutput = z.object({
  serviceProblemId: Id,
  /** The service test passed: restoration certified. Not: the problem stays open, to work again. */
  certified: z.boolean(),
  test: Test,
  outage: z.object({ id: Id, from: z.iso.datetime(), to: z.iso.datetime() }).nullable(),
  update: ServiceProblemUpdate,
});
export type CloseReportOutput = z.output<typeof CloseReportOutput>;

/** A cause that leaves the service down (an outage to record) — not usage advice, not nothing. */
const outageCause = (c: RootCause | null) => c !== null && c.kind !== 'customerUsage' && c.kind !== 'none';

export function createServiceProblemManagementActivities(
  ports: Pick<Ports, 'serviceProblems' | 'serviceInventory' | 'networkActivation' | 'serviceOutages' | 'clock'>,
) {
  const {
    serviceProblems,
    serviceInventory: services,
    networkActivation: network,
    serviceOutages: outages,
    clock,
  } = ports;
  const now = () => clock().toISOString();

  const problemOf = async (id: string) =>
    (await serviceProblems.get(id)) ?? reject(BusinessErrorType.NotFound, `no service problem ${id}`);
  const updateFor = (
    p: ServiceProblem,
    process: string,
    detail: string,
    state = p.state,
  ): z.input<typeof ServiceProblemUpdate> => ({
    serviceProblemId: p.id,
    state,
    estimatedRestoration: p.estimatedRestoration,
    process,
    detail,
  });
  const elementTests = async (elements: ServiceElement[]) =>
    Promise.all(elements.map(async (e) => ({ element: e, test: await network.testResource(e.resourceId) })));

  /**
   * 1.A.2.3.1 — record the problem, test the service end to end (is the customer using it
   * correctly?), find who else is affected, and estimate the restoration for CRM: the SLA's
   * restore time, or the operator's restoration target when that is sooner.
   */
  const evaluateAndQualifyServiceProblem = defineProcess(
    { etomId: '1.A.2.3.1', input: EvaluateInput, output: EvaluateOutput },
    async ({ request: req, workflowId }, call) => {
      const key = call.idempotencyKey;
      const recorded = await serviceProblems.record(`${key}/record`, {
        id: req.serviceProblemId,
        origin: req.origin,
        serviceId: req.serviceId,
        customerId: req.customerId,
        description: req.description,
        urgency: req.urgency,
        troubleTicketId: req.troubleTicket?.ticketId ?? null,
        resourceTroubleId: req.resourceTrouble?.troubleId ?? null,
        workflowId,
      });
      const service = await services.getService(req.serviceId);
      const base = {
        serviceProblemId: recorded.id,
        serviceId: req.serviceId,
        customerId: req.customerId,
        region: service?.region ?? null,
        timings: req.timings,
      };
      if (!service || service.state !== 'active' || service.customerId !== req.customerId) {
        const detail = `${req.serviceId} is not an active service of ${req.customerId}`;
        const rejected = await serviceProblems.transition(
          `${key}/rejected`,
          recorded.id,
          'rejected',
          '1.A.2.3.1',
          detail,
        );
        return {
          ...base,
          state: rejected.state,
          customerUsage: false,
          test: null,
          impact: { services: [], customers: [] },
          estimatedRestoration: null,
          update: updateFor(rejected, '1.A.2.3.1', detail),
        };
      }

      const test = await network.testService(req.serviceId);
      const customerUsage = req.origin === 'customer' && test.passed;
      let failing: string[] = [];
      if (req.resourceTrouble) failing = [req.resourceTrouble.resourceId];
      else if (!test.passed) {
        const tests = await elementTests(await serviceProblems.elementsOf(req.serviceId));
        failing = tests.filter((t) => !t.test.passed).map((t) => t.element.resourceId);
      }
      const affected = await serviceProblems.servicesOn(failing);
      const impact = {
        services: [...new Set([req.serviceId, ...affected.map((a) => a.serviceId)])].sort(),
        customers: [...new Set([req.customerId, ...affected.map((a) => a.customerId)])].sort(),
      };
      const restoreHours = (service.assurance as { sla?: { restoreHours?: number } } | null)?.sla?.restoreHours;
      const within = Math.min(
        restoreHours === undefined ? Infinity : restoreHours * 3_600_000,
        req.timings.restorationTarget,
      );
      const estimatedRestoration = customerUsage
        ? null
        : new Date(Date.parse(recorded.startedAt) + within).toISOString();
      await serviceProblems.update(`${key}/qualified`, recorded.id, { impact, estimatedRestoration });
      const detail = customerUsage
        ? `the service works end to end (${test.detail}): checking how it is used`
        : `service test failed (${test.detail}); ${impact.services.length} service(s) of ${impact.customers.length} customer(s) affected`;
      const qualified = await serviceProblems.transition(
        `${key}/inProgress`,
        recorded.id,
        'inProgress',
        '1.A.2.3.1',
        detail,
      );
      return {
        ...base,
        state: qualified.state,
        customerUsage,
        test,
        impact,
        estimatedRestoration,
        update: updateFor(qualified, '1.A.2.3.1', detail),
      };
    },
  );

  /** Which element, and why: the first that fails its own test, in the order the service runs on them. */
  function causeFrom(
    p: ServiceProblem,
    service: TestResult,
    tests: Array<{ element: ServiceElement; test: TestResult }>,
  ): RootCause {
    const none = { resourceId: null, supplierId: null, requisitionId: null };
    if (service.passed) {
      return p.origin === 'customer'
        ? { ...none, kind: 'customerUsage', detail: `service test passes (${service.detail}): a matter of usage` }
        : { ...none, kind: 'none', detail: `service test passes (${service.detail})` };
    }
    const failed = tests.find((t) => !t.test.passed);
    if (!failed) return { ...none, kind: 'configuration', detail: `every element passes, yet: ${service.detail}` };
    const { element, test } = failed;
    if (/not configured|administratively down/.test(test.detail)) {
      return {
        ...none,
        kind: 'configuration',
        resourceId: element.resourceId,
        detail: `${element.resourceId}: ${test.detail}`,
      };
    }
    return element.supplierId
      ? {
          kind: 'supplier',
          resourceId: element.resourceId,
          supplierId: element.supplierId,
          requisitionId: element.requisitionId,
          detail: `${element.resourceId} (supplied by ${element.supplierId}): ${test.detail}`,
        }
      : { ...none, kind: 'resource', resourceId: element.resourceId, detail: `${element.resourceId}: ${test.detail}` };
  }

  /**
   * 1.A.2.3.2 — isolate the root cause: the service test and each element's test on the
   * network; correlate with the open problems of the same cause, so that work is not done twice.
   */
  const diagnoseServiceProblem = defineProcess(
    { etomId: '1.A.2.3.2', input: DiagnoseInput, output: DiagnoseOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const p = await problemOf(input.serviceProblemId);
      const elements = await serviceProblems.elementsOf(p.serviceId);
      const serviceTest = await network.testService(p.serviceId);
      const tests = await elementTests(elements);
      let rootCause: RootCause;
      if (input.resourceTrouble) {
        const e = elements.find((x) => x.resourceId === input.resourceTrouble!.resourceId);
        const by = `RM&O trouble ${input.resourceTrouble.troubleId} on ${input.resourceTrouble.resourceId}`;
        rootCause = e?.supplierId
          ? {
              kind: 'supplier',
              resourceId: e.resourceId,
              supplierId: e.supplierId,
              requisitionId: e.requisitionId,
              detail: by,
            }
          : {
              kind: 'resource',
              resourceId: input.resourceTrouble.resourceId,
              supplierId: null,
              requisitionId: null,
              detail: by,
            };
      } else {
        rootCause = causeFrom(p, serviceTest, tests);
      }
      const other = rootCause.resourceId
        ? (await serviceProblems.openWithRootResource(rootCause.resourceId)).find((o) => o.id !== p.id)
        : undefined;
      await serviceProblems.update(`${key}/cause`, p.id, { rootCause, correlatedWith: other?.id ?? null });
      const detail = `root cause (${rootCause.kind}): ${rootCause.detail}${other ? `; same cause as ${other.id}` : ''}`;
      await serviceProblems.note(`${key}/note`, p.id, '1.A.2.3.2', detail);
      return {
        serviceProblemId: p.id,
        rootCause,
        correlatedWith: other ? { serviceProblemId: other.id, workflowId: other.workflowId } : null,
        tests: [serviceTest, ...tests.map((t) => t.test)],
        update: updateFor(p, '1.A.2.3.2', detail),
      };
    },
  );

  /**
   * 1.A.2.3.3 — the resolution plan from the root cause: who is to act (a technician, RM&O,
   * a supplier through S/PRM, service activation) and on what.
   */
  const planAndAssignServiceProblemResolution = defineProcess(
    { etomId: '1.A.2.3.3', input: PlanInput, output: PlanOutput },
    async (input, call) => {
      const p = await problemOf(input.serviceProblemId);
      const cause = p.rootCause ?? reject(BusinessErrorType.InvalidStateTransition, `${p.id} has no diagnosis yet`);
      const service = await services.getService(p.serviceId);
      const suffix = input.round > 1 ? `-R${input.round}` : '';
      const elements = await serviceProblems.elementsOf(p.serviceId);
      const element = elements.find((e) => e.resourceId === cause.resourceId);
      let task: PlanTask;
      switch (cause.kind) {
        case 'customerUsage':
        case 'none':
          task = {
            kind: 'advise',
            advice: `Your service tests correctly end to end. Please restart your equipment and check its cabling; call us again if the trouble persists.`,
          };
          break;
        case 'configuration':
          task = { kind: 'reconfigure' };
          break;
        case 'supplier':
          task = {
            kind: 'partnerProblem',
            partnerProblemId: `PP-${p.id}${suffix}`,
            supplierId: cause.supplierId ?? reject(BusinessErrorType.InvalidInput, `${p.id}: supplier unknown`),
            requisitionId:
              cause.requisitionId ?? reject(BusinessErrorType.InvalidInput, `${p.id}: requisition unknown`),
            resourceId: cause.resourceId!,
            description: cause.detail,
          };
          break;
        case 'resource': {
          const resourceId = cause.resourceId!;
          if (input.resourceTroubleId && input.round === 1) {
            task = { kind: 'awaitResourceTrouble', troubleId: input.resourceTroubleId, resourceId };
          } else if (element?.resourceType === 'cpe') {
            // At the customer's premises: a technician goes there.
            task = {
              kind: 'workOrder',
              resourceId,
              workOrder: {
                reference: `${p.id}${suffix}`,
                kind: 'repair',
                skill: 'cpe',
                region: service?.region ?? reject(BusinessErrorType.NotFound, `no service ${p.serviceId}`),
                description: `repair ${resourceId} at ${p.customerId} (service ${p.serviceId}): ${cause.detail}`,
              },
            };
          } else {
            task = { kind: 'resourceTrouble', troubleId: `RT-${p.id}${suffix}`, resourceId, description: cause.detail };
          }
          break;
        }
      }
      const tasks = [task];
      await serviceProblems.update(`${call.idempotencyKey}/plan`, p.id, { plan: { round: input.round, tasks } });
      const detail = `plan: ${tasks.map(describeTask).join('; ')}`;
      await serviceProblems.note(`${call.idempotencyKey}/note`, p.id, '1.A.2.3.3', detail);
      return { serviceProblemId: p.id, tasks, update: updateFor(p, '1.A.2.3.3', detail) };
    },
  );

  /**
   * 1.A.2.3.4 — see the plan through: reconfiguration through service activation, and the
   * progress of the tasks handed to others, recorded and worded for CRM.
   */
  const trackAndManageServiceProblemResolution = defineProcess(
    { etomId: '1.A.2.3.4', input: TrackResolutionInput, output: TrackResolutionOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const p = await problemOf(input.serviceProblemId);
      if (input.action === 'reconfigure') {
        const elements = await network.configurationsOfService(p.serviceId);
        for (const e of elements) {
          await network.configure(`${key}/configure/${e.resourceId}`, e.resourceId, p.serviceId, e.config);
          await network.setAdminState(`${key}/up/${e.resourceId}`, e.resourceId, 'up');
        }
        const detail = `configuration of ${p.serviceId} applied again on ${elements.map((e) => e.resourceId).join(', ') || 'no element'}`;
        await serviceProblems.note(`${key}/note`, p.id, '1.A.2.3.4', detail);
        return { serviceProblemId: p.id, update: updateFor(p, '1.A.2.3.4', detail) };
      }
      if (input.action === 'withdraw') {
        const detail = `ticket ${input.ticketId} withdrawn by the customer (${input.reason}): problem cancelled`;
        const cancelled =
          p.state === 'cancelled'
            ? p
            : await serviceProblems.transition(`${key}/cancelled`, p.id, 'cancelled', '1.A.2.3.4', detail);
        return { serviceProblemId: p.id, update: updateFor(cancelled, '1.A.2.3.4', detail) };
      }
      const moved =
        p.state === input.state
          ? p
          : await serviceProblems.transition(`${key}/state`, p.id, input.state, input.process, input.detail);
      if (moved === p) await serviceProblems.note(`${key}/note`, p.id, input.process, input.detail);
      return { serviceProblemId: p.id, update: updateFor(moved, '1.A.2.3.4', input.detail) };
    },
  );

  /**
   * 1.A.2.3.5 — certify restoration by testing the service; then record the outage for
   * Service Quality (from the problem's start to the certified restoration), report to CRM
   * and close the problem.
   */
  const closeAndReportServiceProblem = defineProcess(
    { etomId: '1.A.2.3.5', input: CloseReportInput, output: CloseReportOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const p = await problemOf(input.serviceProblemId);
      if (p.state === 'closed') {
        const recorded = (await outages.overlapping(p.startedAt, p.closedAt ?? now(), p.serviceId)).find(
          (o) => o.serviceProblemId === p.id,
        );
        return {
          serviceProblemId: p.id,
          certified: true,
          test: { target: p.serviceId, passed: true, measurements: {}, detail: 'closed already' },
          outage: recorded ? { id: recorded.id, from: recorded.startedAt, to: recorded.restoredAt } : null,
          update: updateFor(p, '1.A.2.3.5', p.resolution ?? 'closed'),
        };
      }
      const test = await network.testService(p.serviceId);
      if (!test.passed) {
        const detail = `restoration not certified: ${test.detail}`;
        await serviceProblems.note(`${key}/notCertified`, p.id, '1.A.2.3.5', detail);
        return {
          serviceProblemId: p.id,
          certified: false,
          test,
          outage: null,
          update: updateFor(p, '1.A.2.3.5', detail),
        };
      }
      const restoredAt = now();
      await serviceProblems.update(`${key}/resolution`, p.id, { resolution: input.resolution, restoredAt });
      const resolved = await serviceProblems.transition(
        `${key}/resolved`,
        p.id,
        'resolved',
        '1.A.2.3.5',
        input.resolution,
      );
      const outage = outageCause(p.rootCause)
        ? await outages.record(`${key}/outage`, {
            serviceId: p.serviceId,
            customerId: p.customerId,
            serviceProblemId: p.id,
            cause: p.rootCause!.detail,
            startedAt: p.startedAt,
            restoredAt,
          })
        : null;
      const closed = await serviceProblems.transition(
        `${key}/closed`,
        p.id,
        'closed',
        '1.A.2.3.5',
        'restoration certified',
      );
      return {
        serviceProblemId: p.id,
        certified: true,
        test,
        outage: outage && { id: outage.id, from: outage.startedAt, to: outage.restoredAt },
        update: { ...updateFor(closed, '1.A.2.3.5', input.resolution), state: resolved.state },
      };
    },
  );

  return {
    evaluateAndQualifyServiceProblem,
    diagnoseServiceProblem,
    planAndAssignServiceProblemResolution,
    trackAndManageServiceProblemResolution,
    closeAndReportServiceProblem,
  };
}

function describeTask(t: PlanTask): string {
  switch (t.kind) {
    case 'workOrder':
      return `technician (${t.workOrder.skill}, ${t.workOrder.region}) to repair ${t.resourceId}`;
    case 'resourceTrouble':
      return `restoration of ${t.resourceId} requested from RM&O (${t.troubleId})`;
    case 'awaitResourceTrouble':
      return `RM&O restores ${t.resourceId} (${t.troubleId})`;
    case 'partnerProblem':
      return `report to ${t.supplierId} on ${t.resourceId} (requisition ${t.requisitionId})`;
    case 'reconfigure':
      return 'apply the service configuration again';
    case 'advise':
      return `advise the customer: ${t.advice}`;
  }
}
