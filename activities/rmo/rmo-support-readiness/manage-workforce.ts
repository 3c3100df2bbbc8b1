import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Duration } from '../../../src/domain/fulfilment/timings';
import { readinessRun } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
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

/** A readiness action's subject names its region as `region:<code>` (or the code alone). */
const regionOf = (subject: string) => (subject.startsWith('region:') ? subject.slice(7) : subject);

/** 1.O.3.1.6 — assign, dispatch, track and close the work of the field technicians. */
export function createManageWorkforce(
  ports: Pick<Ports, 'workforce' | 'networkActivation' | 'readinessReports' | 'clock'>,
) {
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
        actOnReadiness: { input: ReadinessRunInput, output: ReadinessOutcome },
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
      /**
       * The readiness actions addressed to Manage Workforce (1.O.1.1.3's "more technician capacity
       * for a region"): one technician more in each region named, with the skills its field force
       * has, available to dispatch at once; each action records what was done, so it is done once
       * however often the figure stays past its objective. Its own readiness report says so.
       */
      async actOnReadiness(input, call) {
        const r = readinessRun(ports, call, 'RM&O', input);
        const actions = await ports.readinessReports.addressedTo(call.etomId);
        const regions = [...new Set(actions.map((a) => regionOf(a.subject)))];
        const everyone = await workforce.technicians();
        const added: Array<{ region: string; technicianId: string; actions: string[] }> = [];
        for (const region of regions) {
          const local = everyone.filter((t) => t.region === region);
          const skills = [...new Set((local.length ? local : everyone).flatMap((t) => t.skills))].sort();
          const tech = await workforce.addTechnician(`${call.idempotencyKey}/add/${region}`, {
            name: `Field technician ${region} ${local.length + 1}`,
            region,
            skills,
          });
          const mine = actions.filter((a) => regionOf(a.subject) === region);
          for (const a of mine)
            await ports.readinessReports.actedOn(
              `${call.idempotencyKey}/acted/${a.id}`,
              a.id,
              call.etomId,
              `${tech.id} added to ${region} (${local.length} technician(s) before)`,
            );
          r.findings.push(`${region}: ${tech.id} added for ${mine.map((a) => a.id).join(', ')}`);
          added.push({ region, technicianId: tech.id, actions: mine.map((a) => a.id) });
        }
        r.figures['actionsActedOn'] = actions.length;
        r.figures['techniciansAdded'] = added.length;
        return r.finish({ added });
      },
    },
  );
}
