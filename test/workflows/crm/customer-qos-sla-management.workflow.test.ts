import { describe, expect, it } from 'vitest';
import type { CustomerSlaRequestInput, ServiceKqi } from '../../../src/domain/assurance/messages';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { customerSla } from '../../../workflows/crm/customer-qos-sla-management';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const PERIOD = { periodStart: '2026-06-14T00:00:00.000Z', periodEnd: '2026-06-15T00:00:00.000Z' };
const kqi = (serviceId: string, customerId: string, over: Partial<ServiceKqi> = {}): ServiceKqi => ({
  serviceId,
  customerId,
  availabilityBp: 10_000,
  outageMinutes: 0,
  incidents: 0,
  mtbfMinutes: null,
  mttrMinutes: null,
  ...over,
});
const run = (rt: TestRuntime, name: string, req: CustomerSlaRequestInput) =>
  rt.client.workflow.execute<typeof customerSla>('customerSla', {
    taskQueue: rt.queue('crm'),
    workflowId: rt.id(name),
    args: [req],
  });
const ranIds = async (rt: TestRuntime, name: string) =>
  (await traceProcesses(rt.client, rt.id(name))).map((p) => p.etomId);

describe('customerSla (1.A.1.7 Customer QoS/SLA Management) on the CRM queue', () => {
  it('assesses, credits the violation for billing, notifies and reports', async () => {
    await withWorkers(
      async (rt) => {
        // The Marseille VPN site: 99.95 % promised, one hour down in the day (95.83 %).
        const result = await run(rt, 'sla-vpn', {
          customerId: 'CUST-1002',
          ...PERIOD,
          kqis: [
            kqi('SVC-IB06-1', 'CUST-1002', {
              availabilityBp: 9583,
              outageMinutes: 60,
              incidents: 1,
              mtbfMinutes: 1380,
              mttrMinutes: 60,
            }),
          ],
        });
        // PO-VPN-BIZ: 199.00 EUR a month, 663.33 cents for the day; 42 steps below → capped 50 % → 332 cents.
        expect(result).toMatchObject({ customerId: 'CUST-1002', assessed: 1, violated: 1 });
        expect(result.credits).toEqual([
          { serviceId: 'SVC-IB06-1', creditId: expect.stringMatching(/^CR-/), amountMinor: 332 },
        ]);
        const [credit] = await rt.store.ports.slaCredits.pending('CUST-1002');
        expect(credit).toMatchObject({ productId: 'PRD-IB06', amountMinor: 332, state: 'pending', ...PERIOD });
        const report = await rt.store.ports.customerSla.getReport('CUST-1002', PERIOD.periodStart, PERIOD.periodEnd);
        expect(report?.id).toBe(result.reportId);
        expect(await rt.store.ports.notifications.listByReference(result.reportId!)).toHaveLength(1);
        expect(await ranIds(rt, 'sla-vpn')).toEqual(['1.A.1.7.1', '1.A.1.7.2', '1.A.1.7.3']);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });

  it('skips violation management when the SLA was met, and still reports', async () => {
    await withWorkers(
      async (rt) => {
        const result = await run(rt, 'sla-met', {
          customerId: 'CUST-1006',
          ...PERIOD,
          kqis: [kqi('SVC-IB05-1', 'CUST-1006')],
        });
        expect(result).toMatchObject({ assessed: 1, violated: 0, credits: [] });
        expect(await rt.store.ports.slaCredits.byCustomer('CUST-1006')).toEqual([]);
        expect(await ranIds(rt, 'sla-met')).toEqual(['1.A.1.7.1', '1.A.1.7.3']);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
