import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Duration } from '../../../src/domain/fulfilment/timings';
import type { Ports } from '../../../src/ports';
import type { WorkOrder } from '../../../src/ports/workforce';

/**
 * Manage Workforce (1.O.3.1.6): assign, dispatch and track the technicians' work, and report
 * on it. One process, several moments of one work order: one handler each.
 */

const Id = z.string().min(1);

/** Assign a technician with the skill in the region, available and least loaded. */
export const DispatchInput = z.object({
  reference: Id,
  kind: z.enum(['repair', 'replace', 'onSiteDiagnosis', 'install']),
  skill: Id,
  region: Id,
  description: z.string().min(1),
  /** How long the technician has before the task is escalated (parsed here for the workflow). */
  repairTarget: Duration.default(4 * 3_600_000),
});
/** The technician reports: fixed (the element is put right on the network) or not. */
export const CompleteInput = z.object({
  workOrderId: Id,
  outcome: z.enum(['fixed', 'notFixed']),
  notes: z.string().default(''),
  /** The element the work was on, repaired when the technician fixed it. */
  resourceId: Id.nullable().default(null),
});
/** Past the repair target: another technician, or the same one flagged. */
export const EscalateInput = z.object({ workOrderId: Id, reason: z.string().min(1) });
export const CancelInput = z.object({ workOrderId: Id, reason: z.string().min(1) });

const WorkOrderView = z.object({
  workOrderId: Id,
  reference: Id,
  technicianId: Id.nullable(),
  state: z.enum(['assigned', 'inProgress', 'completed', 'cancelled']),
  escalations: z.number().int().nonnegative(),
  notes: z.string().nullable(),
});
/** What every handler answers: the work order as it stands. */
export const ManageWorkforceOutput = z.object({
  workOrder: WorkOrderView,
  /** After a repair: the element's test on the network. */
  repair: z
    .object({
      target: z.string(),
      passed: z.boolean(),
      measurements: z.record(z.string(), z.number()),
      detail: z.string(),
    })
    .nullable(),
  /** With dispatch: the repair target in milliseconds. */
  repairTargetMs: z.number().int().nonnegative().nullable(),
});
export type ManageWorkforceOutput = z.output<typeof ManageWorkforceOutput>;

const view = (wo: WorkOrder): z.infer<typeof WorkOrderView> => ({
  workOrderId: wo.id,
  reference: wo.reference,
  technicianId: wo.technicianId,
  state: wo.state,
  escalations: wo.escalations ?? 0,
  notes: wo.notes,
});

/** 1.O.3.1.6 — assign, dispatch, track and close the work of the field technicians. */
export function createManageWorkforce(ports: Pick<Ports, 'workforce' | 'networkActivation'>) {
  const { workforce, networkActivation: network } = ports;
  const workOrderOf = async (id: string) =>
    (await workforce.get(id)) ?? reject(BusinessErrorType.NotFound, `no work order ${id}`);

  return defineProcessHandlers(
    {
      etomId: '1.O.3.1.6',
      handlers: {
        dispatch: { input: DispatchInput, output: ManageWorkforceOutput },
        complete: { input: CompleteInput, output: ManageWorkforceOutput },
        escalate: { input: EscalateInput, output: ManageWorkforceOutput },
        cancel: { input: CancelInput, output: ManageWorkforceOutput },
      },
    },
    {
      async dispatch(input, call) {
        const wo = await workforce.dispatch(`${call.idempotencyKey}/dispatch`, {
          reference: input.reference,
          kind: input.kind,
          skill: input.skill,
          region: input.region,
          notes: input.description,
        });
        return { workOrder: view(wo), repair: null, repairTargetMs: input.repairTarget };
      },
      async complete(input, call) {
        const key = call.idempotencyKey;
        const wo = await workOrderOf(input.workOrderId);
        if (wo.state === 'cancelled') {
          return reject(BusinessErrorType.InvalidStateTransition, `work order ${wo.id} was cancelled`);
        }
        const repair =
          input.outcome === 'fixed' && input.resourceId
            ? await network.repair(
                `${key}/repair`,
                input.resourceId,
                `${wo.id} by ${wo.technicianId ?? '?'}: ${input.notes}`,
              )
            : null;
        const notes = `${input.outcome}${input.notes ? `: ${input.notes}` : ''}${repair ? ` (${repair.target} test: ${repair.detail})` : ''}`;
        const done = await workforce.complete(`${key}/complete`, wo.id, notes);
        return { workOrder: view(done), repair, repairTargetMs: null };
      },
      async escalate(input, call) {
        return {
          workOrder: view(await workforce.escalate(`${call.idempotencyKey}/escalate`, input.workOrderId, input.reason)),
          repair: null,
          repairTargetMs: null,
        };
      },
      async cancel(input, call) {
        const wo = await workOrderOf(input.workOrderId);
        // A task already done stays done: nothing to call off.
        if (wo.state === 'completed') return { workOrder: view(wo), repair: null, repairTargetMs: null };
        return {
          workOrder: view(await workforce.cancel(`${call.idempotencyKey}/cancel`, wo.id, input.reason)),
          repair: null,
          repairTargetMs: null,
        };
      },
    },
  );
}
