import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { ContactReport } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';

export const AnalyzeContactsInput = z.object({
  /** One customer's contacts, or (null) every contact of the enterprise. */
  customerId: CustomerId.nullable().default(null),
});
export type AnalyzeContactsInput = z.input<typeof AnalyzeContactsInput>;
export const AnalyzeContactsOutput = ContactReport;

/** A contact about the same reason within this many days of the previous one is a repeat. */
export const REPEAT_CONTACT_DAYS = 7;

/**
 * 1.FAB.1.2.3 — analyse the contacts made and the requests they carried (satisfied or not),
 * and keep the report, for process improvement, problem prevention and up-selling.
 */
export function createAnalyzeAndReportOnCustomer(
  ports: Pick<Ports, 'customerManagement' | 'clock' | 'customerRelationships'>,
) {
  const { customerManagement: customers, clock, customerRelationships } = ports;
  return defineProcess(
    { etomId: '1.FAB.1.2.3', input: AnalyzeContactsInput, output: AnalyzeContactsOutput },
    async ({ customerId }, call) => {
      if (customerId !== null && !(await customers.getCustomer(customerId))) {
        return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
      }
      const { contacts, requests } = await customerRelationships.contactsOf(customerId);
      const tally = (keys: string[]) =>
        keys.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
      const durations = contacts.map((c) => c.durationSeconds).filter((d): d is number => d !== null);
      const lastSeen = new Map<string, number>();
      let repeatContacts = 0;
      for (const c of contacts) {
        if (c.customerId === null) continue;
        const key = `${c.customerId}|${c.reason}`;
        const at = Date.parse(c.openedAt);
        const previous = lastSeen.get(key);
        if (previous !== undefined && at - previous <= REPEAT_CONTACT_DAYS * 86_400_000) repeatContacts++;
        lastSeen.set(key, at);
      }
      return customerRelationships.recordContactReport(call.idempotencyKey, {
        customerId,
        contacts: contacts.length,
        open: contacts.filter((c) => c.closedAt === null).length,
        byChannel: tally(contacts.map((c) => c.channel)),
        byReason: tally(contacts.map((c) => c.reason)),
        averageDurationSeconds: durations.length
          ? Math.round(durations.reduce((s, d) => s + d, 0) / durations.length)
          : null,
        longestDurationSeconds: durations.length ? Math.max(...durations) : null,
        repeatContacts,
        requests: {
          total: requests.length,
          byType: tally(requests.map((r) => r.requestType)),
          satisfied: requests.filter((r) => r.status === 'closed' || r.status === 'selfServed').length,
          unsatisfied: requests.filter((r) => r.status === 'rejected').length,
          selfServed: requests.filter((r) => r.status === 'selfServed').length,
        },
        createdAt: clock().toISOString(),
      });
    },
  );
}
