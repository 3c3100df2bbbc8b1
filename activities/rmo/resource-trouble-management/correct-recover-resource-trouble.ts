import { z } from 'zod';
import { defineProcessHandlers, type ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { Id, mustTrouble, Recovery } from './trouble-records';

/**
 * Automatic recovery where the inventory has a redundant unit; else what a technician must do.
 * With `viaProvisioning`, the switch is not made here: the answer names it, and Resource
 * Provisioning (1.F.3.2.2) makes it — the text has this process "communicate" with the
 * processes that change resources. Without it (runs started before), it switches itself.
 */
export const RecoverResourceInput = z.object({ troubleId: Id, viaProvisioning: z.boolean().default(false) });
/** Resource Provisioning switched the traffic onto the mate: test what it restored, and record it. */
export const SwitchedInput = z.object({
  troubleId: Id,
  workingId: Id,
  protectingId: Id,
  restored: z.array(Id).max(1_000),
});
/** After the technician's work order: check the fix, and record it. */
export const VerifyRepairInput = z.object({
  troubleId: Id,
  workOrderId: Id,
  kind: z.enum(['repair', 'replace']),
  outcome: z.enum(['fixed', 'notFixed', 'cancelled']),
  notes: z.string().default(''),
});
export const CorrectAndRecoverResourceTroubleOutput = z.object({
  troubleId: Id,
  recovered: z.boolean(),
  recovery: Recovery,
  /** When not recovered: the work order the support processes must carry out. */
  workOrder: z
    .object({ kind: z.enum(['repair', 'replace']), skill: Id, region: Id, description: z.string().min(1) })
    .nullable(),
  restored: z.array(Id),
  detail: z.string(),
  /** When a healthy mate can take over: the switch Resource Provisioning (1.F.3.2.2) is to make. */
  switchover: z.object({ workingId: Id, protectingId: Id }).nullable().default(null),
});
export type CorrectAndRecoverResourceTroubleOutput = z.infer<typeof CorrectAndRecoverResourceTroubleOutput>;

const handlers = {
  recover: { input: RecoverResourceInput, output: CorrectAndRecoverResourceTroubleOutput },
  verify: { input: VerifyRepairInput, output: CorrectAndRecoverResourceTroubleOutput },
  switched: { input: SwitchedInput, output: CorrectAndRecoverResourceTroubleOutput },
};

const skillFor = (resourceType: string) =>
  resourceType === 'cpe' ? 'cpe' : resourceType === 'port' ? 'fibre' : 'fibre';

/**
 * 1.A.3.3.3 — put the resource right: switch automatically to the redundant unit where
 * there is one (the services on it come back at once), otherwise say what repair or
 * replacement the support processes must carry out, and check their work when it is done.
 */
export function createCorrectAndRecoverResourceTrouble(ports: Pick<Ports, 'resourceTroubles' | 'networkActivation'>) {
  const { resourceTroubles: troubles, networkActivation: network } = ports;

  /** Either kind of work starts here: the trouble, its faulty unit, and the report moved to recovering. */
  async function beginCorrection(troubleId: string, call: ProcessCall) {
    const trouble = await mustTrouble(troubles, troubleId);
    const faultId = trouble.faultResourceId ?? trouble.resourceId;
    const fault = (await troubles.resource(faultId)) ?? reject(BusinessErrorType.NotFound, `no resource ${faultId}`);
    if (trouble.state === 'localized') {
      await troubles.setState(
        `${call.idempotencyKey}/recovering`,
        trouble.id,
        'recovering',
        '1.A.3.3.3',
        `recovering ${faultId}`,
      );
    } else if (trouble.state !== 'recovering') {
      return reject(BusinessErrorType.InvalidStateTransition, `resource trouble ${trouble.id} is ${trouble.state}`);
    }
    const resolve = async (
      recovery: 'switchedToRedundant' | 'repaired' | 'replaced',
      resolution: string,
      restored: string[],
    ): Promise<CorrectAndRecoverResourceTroubleOutput> => {
      await troubles.amend(
        `${call.idempotencyKey}/resolution`,
        trouble.id,
        { recovery, resolution },
        '1.A.3.3.3',
        resolution,
      );
      await troubles.setState(`${call.idempotencyKey}/resolved`, trouble.id, 'resolved', '1.A.3.3.3', resolution);
      return {
        troubleId: trouble.id,
        recovered: true,
        recovery,
        workOrder: null,
        restored,
        detail: resolution,
        switchover: null,
      };
    };
    /** The fix did not hold: the report goes back to localized, the fault still there. */
    const notRecovered = async (detail: string): Promise<CorrectAndRecoverResourceTroubleOutput> => {
      await troubles.setState(`${call.idempotencyKey}/back`, trouble.id, 'localized', '1.A.3.3.3', detail);
      return {
        troubleId: trouble.id,
        recovered: false,
        recovery: 'none',
        workOrder: null,
        restored: [],
        detail,
        switchover: null,
      };
    };
    return { trouble, faultId, fault, resolve, notRecovered };
  }

  type Resolve = Awaited<ReturnType<typeof beginCorrection>>['resolve'];
  type Troubled = Awaited<ReturnType<typeof beginCorrection>>['fault'];

  /** The mate carries the traffic: resolved when every element it restored passes its test. */
  async function afterSwitch(
    key: string,
    troubleId: string,
    workingId: string,
    protectingId: string,
    restored: string[],
    resolve: Resolve,
  ): Promise<CorrectAndRecoverResourceTroubleOutput | undefined> {
    const tests = [];
    for (const id of restored) tests.push(await network.testResource(id));
    if (tests.some((t) => !t.passed)) return undefined;
    await troubles.recordProtectionSwitch(`${key}/record`, troubleId, workingId, protectingId, restored);
    return resolve(
      'switchedToRedundant',
      `traffic of ${workingId} switched to its mate ${protectingId}; ${restored.length} element(s) restored`,
      restored,
    );
  }

  /** No mate took over: what the support processes (a technician) must repair or replace. */
  async function technicianNeeded(
    key: string,
    trouble: { id: string; diagnosis: string | null; description: string },
    faultId: string,
    fault: Troubled,
    mate: Troubled | undefined,
  ): Promise<CorrectAndRecoverResourceTroubleOutput> {
    const kind =
      fault.resourceType === 'card' || fault.resourceType === 'node' || fault.resourceType === 'cpe'
        ? 'replace'
        : 'repair';
    const detail = `${faultId} needs a technician (${kind})${mate ? `: its mate ${mate.id} cannot take over` : ': no redundant unit'}`;
    await troubles.amend(`${key}/support`, trouble.id, {}, '1.A.3.3.3', detail);
    return {
      troubleId: trouble.id,
      recovered: false,
      recovery: 'none',
      workOrder: {
        kind,
        skill: skillFor(fault.resourceType),
        region: fault.region,
        description: `${kind} ${faultId} (${trouble.diagnosis ?? trouble.description})`,
      },
      restored: [],
      detail,
      switchover: null,
    };
  }

  return defineProcessHandlers(
    { etomId: '1.A.3.3.3', handlers },
    {
      recover: async (input, call): Promise<CorrectAndRecoverResourceTroubleOutput> => {
        const { trouble, faultId, fault, resolve } = await beginCorrection(input.troubleId, call);
        const mate = fault.mateId ? await troubles.resource(fault.mateId) : undefined;
        if (
          mate &&
          mate.state !== 'outOfService' &&
          mate.state !== 'retired' &&
          (await network.diagnose(mate.id)).passed
        ) {
          if (input.viaProvisioning) {
            const detail = `${fault.id} has a healthy mate ${mate.id}: its traffic to be switched over`;
            await troubles.amend(`${call.idempotencyKey}/switchover`, trouble.id, {}, '1.A.3.3.3', detail);
            return {
              troubleId: trouble.id,
              recovered: false,
              recovery: 'none',
              workOrder: null,
              restored: [],
              detail,
              switchover: { workingId: fault.id, protectingId: mate.id },
            };
          }
          const restored = await network.protectionSwitch(`${call.idempotencyKey}/switch`, fault.id, mate.id);
          const switched = await afterSwitch(call.idempotencyKey, trouble.id, fault.id, mate.id, restored, resolve);
          if (switched) return switched;
        }
        return technicianNeeded(call.idempotencyKey, trouble, faultId, fault, mate);
      },

      switched: async (input, call): Promise<CorrectAndRecoverResourceTroubleOutput> => {
        const { trouble, faultId, fault, resolve } = await beginCorrection(input.troubleId, call);
        const { workingId, protectingId, restored } = input;
        const switched = await afterSwitch(call.idempotencyKey, trouble.id, workingId, protectingId, restored, resolve);
        if (switched) return switched;
        return technicianNeeded(call.idempotencyKey, trouble, faultId, fault, await troubles.resource(protectingId));
      },

      verify: async (input, call): Promise<CorrectAndRecoverResourceTroubleOutput> => {
        const { faultId, resolve, notRecovered } = await beginCorrection(input.troubleId, call);
        if (input.outcome !== 'fixed') {
          return notRecovered(`work order ${input.workOrderId} ${input.outcome}: ${faultId} still at fault`);
        }
        let test = await network.diagnose(faultId);
        // The technician says fixed: what they did is recorded on the element, then tested again.
        if (!test.passed) {
          test = await network.repair(
            `${call.idempotencyKey}/repair`,
            faultId,
            `${input.workOrderId}: ${input.notes || input.kind}`,
          );
        }
        if (!test.passed) {
          return notRecovered(
            `work order ${input.workOrderId} reported fixed but ${faultId} still fails: ${test.detail}`,
          );
        }
        const recovery = input.kind === 'replace' ? 'replaced' : 'repaired';
        return resolve(recovery, `${faultId} ${recovery} (work order ${input.workOrderId}); tests pass`, [faultId]);
      },
    },
  );
}
