import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { Duration } from '../../src/domain/fulfilment/timings';
import type { Ports } from '../../src/ports';
import type { WorkOrder } from '../../src/ports/workforce';

/**
 * Manage Workforce (1.O.3.1.6): assign, dispatch and track the technicians' work, and report
 * on it. One process, several moments of one work order (the `action`).
 */

const Id = z.string().min(1);

export const WorkforceInput = z.discriminatedUnion('action', [
  /** Assign a technician with the skill in the region, available and least loaded. */
  z.object({
    action: z.literal('dispatch'),
    reference: Id,
    kind: z.enum(['repair', 'replace', 'onSiteDiagnosis', 'install']),
    skill: Id,
    region: Id,
    description: z.string().min(1),
    /** How long the technician has before the task is escalated (parsed here for the workflow). */
    repairTarget: Duration.default(4 * 3_600_000),
  }),
  /** The technician reports: fixed (the element is put right on the network) or not. */
  z.object({
    action: z.literal('complete'),
    workOrderId: Id,
    outcome: z.enum(['fixed', 'notFixed']),
    notes: z.string().default(''),
    /** The element the work was on, repaired when the technician fixed it. */
    resourceId: Id.nullable().default(null),
  }),
  /** Past the repair target: another technician, or the same one flagged. */
  z.object({ action: z.literal('escalate'), workOrderId: Id, reason: z.string().min(1) }),
  z.object({ action: z.literal('cancel'), workOrderId: Id, reason: z.string().min(1) }),
]);
export type WorkforceInput = z.input<typeof WorkforceInput>;

const WorkOrderView = z.object({
  workOrderId: Id,
  reference: Id,
  technicianId: Id.nullable(),
  state: z.enum(['assigned', 'inProgress', 'completed', 'cancelled']),
  escalations: z.number().int().nonnegative(),
  notes: z.string().nullable(),
});
export const WorkforceOutput = z.object({
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
export type WorkforceOutput = z.output<typeof WorkforceOutput>;

const view = (wo: WorkOrder): z.infer<typeof WorkOrderView> => ({
  workOrderId: wo.id,
  reference: wo.reference,
  technicianId: wo.technicianId,
  state: wo.state,
  escalations: wo.escalations ?? 0,
  notes: wo.notes,
});

export function createWorkforceManagementActivities(ports: Pick<Ports, 'workforce' | 'networkActivation'>) {
  const { workforce, networkActivation: network } = ports;

  /** 1.O.3.1.6 — assign, dispatch, track and close the work of the field technicians. */
  const manageWorkforce = defineProcess(
    { etomId: '1.O.3.1.6', input: WorkforceInput, output: WorkforceOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      switch (input.action) {
        case 'dispatch': {
          const wo = await workforce.dispatch(`${key}/dispatch`, {
            reference: input.reference,
            kind: input.kind,
            skill: input.skill,
            region: input.region,
            notes: input.description,
          });
          return { workOrder: view(wo), repair: null, repairTargetMs: input.repairTarget };
        }
        case 'complete': {
          const wo =
            (await workforce.get(input.workOrderId)) ??
            reject(BusinessErrorType.NotFound, `no work order ${input.workOrderId}`);
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
        }
        case 'escalate':
          return {
            workOrder: view(await workforce.escalate(`${key}/escalate`, input.workOrderId, input.reason)),
            repair: null,
            repairTargetMs: null,
          };
        case 'cancel': {
          const wo =
            (await workforce.get(input.workOrderId)) ??
            reject(BusinessErrorType.NotFound, `no work order ${input.workOrderId}`);
          // A task already done stays done: nothing to call off.
          if (wo.state === 'completed') return { workOrder: view(wo), repair: null, repairTargetMs: null };
          return {
            workOrder: view(await workforce.cancel(`${key}/cancel`, wo.id, input.reason)),
            repair: null,
            repairTargetMs: null,
          };
        }
      }
    },
  );

  return { manageWorkforce };
}
