import { taskQueueFor } from '../layers';
import type { Runtime } from '../runtime/embedded';
import { traceProcesses } from '../temporal/process-trace';
import type { DemoReporter } from './reporter';

/**
 * The smoke flow: a known customer contacts the operator on the web and asks for the details
 * the operator holds; Customer Interface Management records the contact, answers the request
 * at once and closes the contact. It proves the whole chain — CLI, server, worker, store.
 */
export async function runSmokeDemo(rt: Runtime, report: DemoReporter) {
  const workflowId = `smoke-${Date.now()}`;
  report.step(`starting customerInteraction ${workflowId} on ${taskQueueFor('crm', rt.taskQueuePrefix)}`);
  const result = await rt.client.workflow.execute('customerInteraction', {
    workflowId,
    taskQueue: taskQueueFor('crm', rt.taskQueuePrefix),
    args: [
      {
        customerId: 'CUST-1001',
        channel: 'web',
        reason: 'account information',
        request: { requestType: 'customerDetails' },
      },
    ],
  });
  const stored = (await rt.store.ports.customerManagement.getRequest(result.request.id))?.status;
  const processes = await traceProcesses(rt.client, workflowId);
  for (const p of processes) report.step(`${p.layer.padEnd(6)} ${p.etomId.padEnd(12)} ${p.nameEn}`);
  report.step(
    `contact ${result.contact.id} closed after ${result.contact.durationSeconds}s; request ${result.request.id} ${stored}`,
  );
  return {
    flow: 'smoke',
    workflowId,
    contactId: result.contact.id,
    requestId: result.request.id,
    requestStatusInStore: stored,
    processes: processes.map((p) => ({ etomId: p.etomId, layer: p.layer, activity: p.activity })),
  };
}
