import { type ApplicationFailure, log } from '@temporalio/workflow';
import { businessRejection } from '../../shared/failures';
import type { OrderSaga } from './provide';
import { type ServiceOrderRun, smo } from './run';

/** A failed end-to-end test goes back to implementation this many times, then to design once. */
export const IMPLEMENTATION_RETRIES = 2;
export const REDESIGNS = 1;

/**
 * 1.F.2.2.4 / 1.F.2.2.5 — implement and test; a failed test goes back to implementation,
 * then back to design, before the order fails.
 */
export async function implementAndTest(
  o: ServiceOrderRun,
  saga: OrderSaga,
  serviceId: string,
  resourceIds: string[],
  reported?: Array<{ resourceId: string; configuration: Record<string, unknown> }>,
): Promise<void> {
  let implemented = false;
  for (let revision = 0; ; revision++) {
    let lastFailure: ApplicationFailure | undefined;
    for (let attempt = 0; attempt <= IMPLEMENTATION_RETRIES; attempt++) {
      o.checkpoint();
      if (attempt > 0) log.info('end-to-end test failed: back to implementation', { ...o.logAttributes(), attempt });
      await implement();
      lastFailure = await testEndToEnd();
      if (!lastFailure) break;
    }
    if (!lastFailure) break;
    if (revision >= REDESIGNS) throw lastFailure;
    o.checkpoint();
    await redesign(lastFailure);
  }
  o.checkpoint();

  /** 1.F.2.2.4 — implement, configure and activate the service (once undone, if the order stops). */
  async function implement(): Promise<void> {
    o.at('1.F.2.2.4');
    await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId,
      resourceIds,
      ...(reported ? { reported } : {}),
    });
    if (!implemented) {
      implemented = true;
      saga.add('1.F.2.2.4 undo the implementation', (reason) =>
        smo.implementConfigureAndActivateService({ action: 'undo', serviceId, reason }),
      );
    }
    await o.done('1.F.2.2.4');
    o.checkpoint();
  }

  /** 1.F.2.2.5 — test end to end; resolves to the failure when the test fails. */
  async function testEndToEnd(): Promise<ApplicationFailure | undefined> {
    o.at('1.F.2.2.5');
    try {
      await smo.testServiceEndToEnd({ serviceOrderId: o.serviceOrderId, serviceId });
      await o.done('1.F.2.2.5', 'end-to-end test passed');
      return undefined;
    } catch (err) {
      const rejection = businessRejection(err);
      if (rejection?.type !== 'TestFailed') throw err;
      await o.done('1.F.2.2.5', rejection.message);
      return rejection;
    }
  }

  /** 1.F.2.2.1 — the tests keep failing: back to design for a new revision. */
  async function redesign(lastFailure: ApplicationFailure): Promise<void> {
    const reason = `end-to-end test failed ${IMPLEMENTATION_RETRIES + 1} times: ${lastFailure.message}`;
    log.info('end-to-end test keeps failing: redesign', o.logAttributes('1.F.2.2.1'));
    o.at('1.F.2.2.1');
    await smo.designSolution({ action: 'redesign', serviceOrderId: o.serviceOrderId, reason });
    // Not reported to Order Handling: it reads its last report to know the service is
    // installed (and amendments closed), and a redesign does not uninstall it.
  }
}
