import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Contact, ContactChannel, CustomerId } from '../../../src/domain/customer';
import type { Ports } from '../../../src/ports';

export const OpenContactInput = z.object({
  customerId: CustomerId.nullable(),
  channel: ContactChannel,
  reason: z.string().min(1),
  summary: z.string().min(1),
});
export const CloseContactInput = z.object({ contactId: z.string().min(1) });
export const ManageContactOutput = Contact;

/** 1.FAB.1.2.1 — identify the contact, record it, keep it up to date, close it. */
export function createManageContact(ports: Pick<Ports, 'customerManagement' | 'clock'>) {
  const { customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.2.1',
      handlers: {
        open: { input: OpenContactInput, output: ManageContactOutput },
        close: { input: CloseContactInput, output: ManageContactOutput },
      },
    },
    {
      async open(input, call) {
        if (input.customerId !== null && !(await customers.getCustomer(input.customerId))) {
          return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);
        }
        return customers.openContact(call.idempotencyKey, { ...input, openedAt: now() });
      },
      async close({ contactId }, call) {
        const contact = await customers.getContact(contactId);
        if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${contactId}`);
        return customers.closeContact(call.idempotencyKey, contactId, now());
      },
    },
  );
}
