import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import type { ReadinessAction } from '../../../src/ports/readiness-reports';
import { missesAvailability, missesRestoration, pct, underPerforms } from './kqi';
import { Id, RunInput, TO_RMO_PERFORMANCE, TO_SMO_CONFIGURATION, TO_SMO_PROBLEMS, mustKqis } from './quality-run';

const ImprovementKind = z.enum(['improveResilience', 'shortenRestoration', 'requestCapacity']);
export const ImproveOutput = z.object({
  actions: z.array(z.object({ actionId: Id, serviceId: Id, kind: ImprovementKind, addressedTo: z.string() })).max(1500),
  /** One notice per process the proposals are addressed to, carrying all of its proposals. */
  notices: z.array(z.object({ addressedTo: z.string(), notificationId: Id, proposals: z.number().int().positive() })),
});

/**
 * 1.A.2.4.3 Improve Service — where a service misses what it was designed for, propose the
 * improvement to the process that can make it: a more resilient design (SM&O configuration),
 * faster restoration (SM&O problems), more capacity on the elements it runs on (RM&O
 * performance). The proposals are recorded, then sent: one notice to each process, with all
 * of its own. A service class S/M&O readiness (1.O.2.1.4) found below its quality objective and
 * addressed here has each of its services in the run made more resilient, and the readiness
 * action records the proposals.
 */
export function createImproveService(
  ports: Pick<Ports, 'serviceQuality' | 'notifications' | 'serviceInventory' | 'readinessReports'>,
) {
  const { serviceQuality: quality, notifications, serviceInventory, readinessReports } = ports;

  /** The service classes S/M&O readiness (1.O.2.1.4) found below their quality objective and asked to improve. */
  async function classesToImprove(etomId: string) {
    const byClass = new Map<string, ReadinessAction[]>();
    for (const a of await readinessReports.addressedTo(etomId))
      if (a.subject.startsWith('class:'))
        byClass.set(a.subject.slice(6), [...(byClass.get(a.subject.slice(6)) ?? []), a]);
    return byClass;
  }

  return defineProcess({ etomId: '1.A.2.4.3', input: RunInput, output: ImproveOutput }, async ({ runId }, call) => {
    const actions = [];
    const classes = await classesToImprove(call.etomId);
    const improvedClass = new Map<string, string[]>();
    for (const k of await mustKqis(quality, runId)) {
      const proposals: Array<{ kind: z.infer<typeof ImprovementKind>; addressedTo: string; reason: string }> = [];
      const cfs = classes.size ? (await serviceInventory.getService(k.serviceId))?.cfsSpecId : undefined;
      if (cfs && classes.has(cfs)) {
        // The class is below its objective over time: each of its services is made more resilient, meeting its own design or not.
        proposals.push({
          kind: 'improveResilience',
          addressedTo: TO_SMO_CONFIGURATION,
          reason: `its class ${cfs} is below its availability objective (${classes
            .get(cfs)!
            .map((a) => a.id)
            .join(', ')}): improve the class — protect or re-route the service`,
        });
      } else if (missesAvailability(k)) {
        proposals.push({
          kind: 'improveResilience',
          addressedTo: TO_SMO_CONFIGURATION,
          reason: `availability ${pct(k.availabilityBp)} below the ${pct(k.targetAvailabilityBp!)} designed (${k.incidents} incident(s), ${k.outageMinutes} min down): protect or re-route the service`,
        });
      }
      if (missesRestoration(k)) {
        proposals.push({
          kind: 'shortenRestoration',
          addressedTo: TO_SMO_PROBLEMS,
          reason: `mean time to restore ${k.mttrMinutes} min over the ${k.targetRestoreMinutes} min designed`,
        });
      }
      if (underPerforms(k)) {
        proposals.push({
          kind: 'requestCapacity',
          addressedTo: TO_RMO_PERFORMANCE,
          reason: `an element carrying it met its thresholds ${pct(k.performanceBp)} of the period${k.degrading ? ' and is degrading' : ''}: add capacity or re-route`,
        });
      }
      for (const p of proposals) {
        const a = await quality.recordImprovement(`${call.idempotencyKey}/${k.serviceId}/${p.kind}`, {
          runId,
          serviceId: k.serviceId,
          ...p,
        });
        if (cfs && classes.has(cfs) && p.kind === 'improveResilience')
          improvedClass.set(cfs, [...(improvedClass.get(cfs) ?? []), `${a.id} ${a.serviceId}`]);
        actions.push({
          actionId: a.id,
          serviceId: a.serviceId,
          kind: a.kind,
          addressedTo: a.addressedTo,
          reason: a.reason,
        });
      }
    }
    // A class none of whose services this run measured stays for the next run.
    for (const [cfs, done] of improvedClass)
      for (const a of classes.get(cfs)!)
        await readinessReports.actedOn(
          `${call.idempotencyKey}/acted/${a.id}`,
          a.id,
          call.etomId,
          `improvement proposed for ${done.join(', ')}`,
        );
    const notices = [];
    for (const addressedTo of [...new Set(actions.map((a) => a.addressedTo))].sort()) {
      const mine = actions.filter((a) => a.addressedTo === addressedTo);
      // Keyed by run, not by call: a run's proposals reach each process once, however often it is analysed.
      const n = await notifications.send(`${runId}/improvements/${addressedTo}`, {
        recipient: addressedTo,
        channel: 'process',
        subject: `Service improvement proposals (${mine.length}) from quality run ${runId}`,
        body: mine.map((a) => `${a.actionId} ${a.serviceId} ${a.kind}: ${a.reason}`).join('\n'),
        reference: runId,
      });
      notices.push({ addressedTo, notificationId: n.id, proposals: mine.length });
    }
    return { actions: actions.map(({ reason: _, ...a }) => a), notices };
  });
}
