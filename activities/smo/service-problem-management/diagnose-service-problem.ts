import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { RootCause, ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { TestResult } from '../../../src/ports/network-activation';
import type { ServiceElement, ServiceProblem } from '../../../src/ports/service-problems';
import { Id, Test, elementTests, problemOf, updateFor } from './service-problem';

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

/** Which element, and why: the first that fails its own test, in the order the service runs on them. */
function causeFrom(
  p: ServiceProblem,
  service: TestResult,
  tests: Array<{ element: ServiceElement; test: TestResult }>,
  /** The equipment above the first failing element, when it fails its self-test too. */
  above: { resourceId: string; test: TestResult } | null,
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
  if (above) {
    return {
      ...none,
      kind: 'resource',
      resourceId: above.resourceId,
      detail: `${above.resourceId}: ${above.test.detail}`,
    };
  }
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
 * 1.A.2.3.2 Diagnose Service Problem — isolate the root cause: the service test and each element's
 * test on the network; correlate with the open problems of the same cause, so that work is
 * not done twice.
 */
export function createDiagnoseServiceProblem(ports: Pick<Ports, 'serviceProblems' | 'networkActivation'>) {
  const { serviceProblems, networkActivation: network } = ports;

  return defineProcess({ etomId: '1.A.2.3.2', input: DiagnoseInput, output: DiagnoseOutput }, async (input, call) => {
    const key = call.idempotencyKey;
    const p = await problemOf(serviceProblems, input.serviceProblemId);
    const elements = await serviceProblems.elementsOf(p.serviceId);
    const serviceTest = await network.testService(p.serviceId);
    const tests = await elementTests(network, elements);
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
      const parentId = tests.find((t) => !t.test.passed)?.element.parentId ?? null;
      const parentTest = parentId ? await network.diagnose(parentId) : null;
      rootCause = causeFrom(
        p,
        serviceTest,
        tests,
        parentTest && !parentTest.passed ? { resourceId: parentId!, test: parentTest } : null,
      );
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
  });
}
