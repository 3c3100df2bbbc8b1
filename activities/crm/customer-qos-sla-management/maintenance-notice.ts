import { z } from 'zod';
import type { PlannedMaintenance } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import { recipientOf } from './customer-period';

/**
 * 1.A.1.7.2 for maintenance RM&O plans: "le client doit également être informé de toute activité
 * planifiée de maintenance ou autre activité programmée susceptible d'affecter la disponibilité
 * du service". The notice is keyed on the job and the customer, so however often RM&O announces
 * a job, the customer gets one e-mail for it.
 */
export const MaintenanceNoticeOutput = z.object({ jobId: z.string(), notificationId: z.string() });
export type MaintenanceNoticeOutput = z.infer<typeof MaintenanceNoticeOutput>;

/** The notice's key: one per job and customer, whichever run announces it. */
export const maintenanceNoticeKey = (jobId: string, customerId: string) => `maintenance/${jobId}/${customerId}`;

export async function announceMaintenance(
  ports: Pick<Ports, 'notifications' | 'customerManagement'>,
  input: { customerId: string; maintenance: PlannedMaintenance },
): Promise<MaintenanceNoticeOutput> {
  const { customerId, maintenance: m } = input;
  const services = m.serviceIds.join(', ');
  const notice = await ports.notifications.send(maintenanceNoticeKey(m.jobId, customerId), {
    recipient: await recipientOf(ports.customerManagement, customerId),
    channel: 'email',
    subject: `Planned maintenance on ${services}`,
    body:
      `From ${m.plannedFor} we carry out maintenance on equipment your service${m.serviceIds.length > 1 ? 's' : ''} ` +
      `${services} run${m.serviceIds.length > 1 ? '' : 's'} on (${m.reason}). It may interrupt the service for a ` +
      `short while; we will restore it as soon as the work is done.`,
    reference: m.jobId,
  });
  return { jobId: m.jobId, notificationId: notice.id };
}
