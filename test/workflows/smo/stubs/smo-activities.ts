import { ApplicationFailure } from '@temporalio/common';
import type { Call } from '../../shared/stubs/stub-worker';

/** What the stub SM&O processes do in one test. */
export interface Script {
  /** How many end-to-end tests fail before one passes. */
  testFailures?: number;
  /** Components bought from suppliers (resource spec ids). */
  supplierComponents?: string[];
  /** 1.F.2.2.3 refuses to complete the work orders: the order fails after its resources are in. */
  workOrdersRefused?: boolean;
  /** 1.F.2.2.2 refuses to release the identifiers: an undo in the middle of the compensation fails. */
  releaseRefused?: boolean;
}

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * SM&O's six Level-3 processes as plain functions that record each call ("name:action") and
 * answer as the script says: the service order's branching is tested without a store.
 */
export function stubSmoActivities(script: Script = {}) {
  const calls: Call[] = [];
  const record = (name: string, input: Record<string, unknown>) => {
    calls.push({ name: typeof input['action'] === 'string' ? `${name}:${input['action']}` : name, input });
  };
  let testsFailed = 0;
  const design = (serviceOrderId: string, resourceOrderId: string, revision: number) => ({
    serviceOrderId,
    serviceId: 'SVC-STUB',
    design: {
      revision,
      reason: null,
      cfsSpecId: 'CFS-FIBRE-ACCESS',
      serviceType: 'fibreAccess',
      region: 'PAR',
      characteristics: {},
      resourceOrderId,
      resourceNeeds: [{ resourceSpecId: 'RS-OLT-PORT', quantity: 1 }],
      identifierNeeds: [],
      supplierComponents: (script.supplierComponents ?? []).map((resourceSpecId) => ({
        resourceSpecId,
        quantity: 1,
        supplierContracts: ['SUP-STUB'],
      })),
      onsiteWork: null,
      qos: {},
      sla: { availabilityPct: 99.9, restoreHours: 4 },
    },
  });
  const activities = {
    async designSolution(input: Record<string, unknown>) {
      record('designSolution', input);
      switch (input['action']) {
        case 'plan':
          return {
            action: 'plan',
            cfsSpecId: input['cfsSpecId'],
            resourceNeeds: [{ resourceSpecId: 'RS-OLT-PORT', quantity: 1 }],
          };
        case 'design': {
          const order = input['order'] as { serviceOrderId: string };
          return { action: 'design', ...design(order.serviceOrderId, input['resourceOrderId'] as string, 1) };
        }
        case 'redesign':
          return { action: 'redesign', ...design(input['serviceOrderId'] as string, 'unused', 2) };
        default:
          throw new Error(`stub designSolution: no ${String(input['action'])}`);
      }
    },
    async allocateSpecificServiceParameters(input: Record<string, unknown>) {
      record('allocateSpecificServiceParameters', input);
      if (input['action'] === 'release' && script.releaseRefused) throw refuse('PoolUnavailable', 'pool offline');
      return { action: input['action'], serviceId: 'SVC-STUB', parameters: { vlan: '101' } };
    },
    async trackAndManageWorkOrders(input: Record<string, unknown>) {
      record('trackAndManageWorkOrders', input);
      if (input['action'] === 'complete' && script.workOrdersRefused)
        throw refuse('WorkOrderFailed', 'the technician found no access');
      return { action: input['action'] };
    },
    async implementConfigureAndActivateService(input: Record<string, unknown>) {
      record('implementConfigureAndActivateService', input);
      return { action: input['action'] };
    },
    async testServiceEndToEnd(input: Record<string, unknown>) {
      record('testServiceEndToEnd', input);
      if (testsFailed < (script.testFailures ?? 0)) {
        testsFailed++;
        throw refuse('TestFailed', `no light on the line (${testsFailed})`);
      }
      return { passed: true };
    },
    async activateService(input: Record<string, unknown>) {
      record('activateService', input);
      return { action: input['action'] };
    },
  };
  return { calls, activities, names: () => calls.map((c) => c.name) };
}
