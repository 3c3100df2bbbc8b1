import { z } from 'zod';
import { defineProcessHandlers, type ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { Id, mustTrouble, Recovery } from './trouble-records';

/** Automatic recovery where the inventory has a redundant unit; else what a technician must do. */
export const RecoverResourceInput = z.object({ troubleId: Id });
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
});
export type CorrectAndRecoverResourceTroubleOutput = z.infer<typeof CorrectAndRecoverResourceTroubleOutput>;

const handlers = {
  recover: { input: RecoverResourceInput, output: CorrectAndRecoverResourceTroubleOutput },
  verify: { input: VerifyRepairInput, output: CorrectAndRecoverResourceTroubleOutput },
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
      return { troubleId: trouble.id, recovered: true, recovery, workOrder: null, restored, detail: resolution };
    };
    /** The fix did not hold: the report goes back to localized, the fault still there. */
    const notRecovered = async (detail: string): Promise<CorrectAndRecoverResourceTroubleOutput> => {
      await troubles.setState(`${call.idempotencyKey}/back`, trouble.id, 'localized', '1.A.3.3.3', detail);
      return { troubleId: trouble.id, recovered: false, recovery: 'none', workOrder: null, restored: [], detail };
    };
    return { trouble, faultId, fault, resolve, notRecovered };
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
          const restored = await network.protectionSwitch(`${call.idempotencyKey}/switch`, fault.id, mate.id);
          const tests = [];
          for (const id of restored) tests.push(await network.testResource(id));
          const failing = tests.filter((t) => !t.passed);
          if (failing.length === 0) {
            await troubles.recordProtectionSwitch(
              `${call.idempotencyKey}/record`,
              trouble.id,
              fault.id,
              mate.id,
              restored,
            );
            return resolve(
              'switchedToRedundant',
              `traffic of ${fault.id} switched to its mate ${mate.id}; ${restored.length} element(s) restored`,
              restored,
            );
          }
        }
        const kind =
          fault.resourceType === 'card' || fault.resourceType === 'node' || fault.resourceType === 'cpe'
            ? 'replace'
            : 'repair';
        const detail = `${faultId} needs a technician (${kind})${mate ? `: its mate ${mate.id} cannot take over` : ': no redundant unit'}`;
        await troubles.amend(`${call.idempotencyKey}/support`, trouble.id, {}, '1.A.3.3.3', detail);
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
        };
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
