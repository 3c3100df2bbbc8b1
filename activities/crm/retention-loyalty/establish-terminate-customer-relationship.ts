import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { Relationship } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const EstablishInput = z.object({ customerId: CustomerId });
export const TerminateInput = z.object({ customerId: CustomerId, reason: z.string().min(1) });
export const RelationshipOutput = z.object({
  relationship: Relationship.nullable(),
  changed: z.boolean(),
  detail: z.string(),
});
export type RelationshipOutput = z.infer<typeof RelationshipOutput>;

export const identityKeyOf = (email: string) => email.trim().toLowerCase();

/**
 * 1.FAB.1.9.1 — establish the relationship once the customer holds a delivered product, under
 * one verified identity (no other customer may hold it); end it only when no product is
 * left, archiving the profile and telling the customer.
 */
export function createEstablishAndTerminateCustomerRelationship(
  ports: Pick<Ports, 'customerRelationships' | 'customerManagement' | 'productOrders' | 'notifications' | 'clock'>,
) {
  const { customerRelationships: crm, customerManagement: customers, productOrders, notifications, clock } = ports;
  const now = () => clock().toISOString();

  /** The customer, their relationship as it stands, and the products they still hold. */
  async function standing(customerId: string) {
    const customer = await mustCustomer(customers, customerId);
    const current = await crm.getRelationship(customer.id);
    const live = (await productOrders.productsOf(customer.id)).filter((p) => p.status !== 'terminated');
    return { customer, current, live };
  }

  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.9.1',
      handlers: {
        establish: { input: EstablishInput, output: RelationshipOutput },
        terminate: { input: TerminateInput, output: RelationshipOutput },
      },
    },
    {
      async establish({ customerId }, call) {
        const { customer, current, live } = await standing(customerId);
        if (current?.state === 'established')
          return { relationship: current, changed: false, detail: 'already established' };
        if (customer.status !== 'active') {
          return reject(BusinessErrorType.InvalidStateTransition, `customer ${customer.id} is ${customer.status}`);
        }
        if (live.length === 0)
          return { relationship: current ?? null, changed: false, detail: 'no delivered product yet' };
        const identityKey = identityKeyOf(customer.email);
        const others = (await crm.customersWithIdentity(identityKey)).filter((id) => id !== customer.id);
        for (const other of others) {
          if ((await crm.getRelationship(other))?.state === 'established') {
            return reject(BusinessErrorType.ConflictingRequest, `identity ${identityKey} already belongs to ${other}`, {
              existingCustomerId: other,
            });
          }
        }
        const relationship = await crm.establish(call.idempotencyKey, customer.id, identityKey, now());
        return { relationship, changed: true, detail: `established on ${live.length} product(s)` };
      },
      async terminate({ customerId, reason }, call) {
        const { customer, current, live } = await standing(customerId);
        if (!current || current.state === 'terminated') {
          return { relationship: current ?? null, changed: false, detail: 'no relationship to end' };
        }
        if (live.length > 0) {
          return { relationship: current, changed: false, detail: `${live.length} product(s) still held` };
        }
        const archive = {
          insight: (await crm.latestInsight(customer.id)) ?? null,
          offers: await crm.offersOf(customer.id),
        };
        const relationship = await crm.terminate(`${call.idempotencyKey}/end`, customer.id, reason, archive, now());
        await notifications.send(`${call.idempotencyKey}/tell`, {
          recipient: customer.email,
          channel: 'email',
          subject: 'Our relationship has ended',
          body: `Your last product has ended (${reason}). We keep your profile, with your consent, should you come back.`,
          reference: customer.id,
        });
        return { relationship, changed: true, detail: 'terminated: no product left' };
      },
    },
  );
}
