import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { Relationship } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const EstablishInput = z.object({ customerId: CustomerId });
export const TerminateInput = z.object({
  customerId: CustomerId,
  reason: z.string().min(1),
  /**
   * The customer's services were ceased (the relationship dismantled): a product whose services
   * are all terminated is no longer held, whatever the product inventory (#12's) still says.
   */
  dismantled: z.boolean().default(false),
  /**
   * Why ending is asked: the customer (or we) end the relationship, or a product of theirs was
   * ceased. The text of 1.FAB.1.9.1 tells the two apart ("il faut distinguer la nécessité de
   * mettre un terme définitif à ce lien, de la simple cessation de tous les services"): a cease,
   * even of the last product, never ends the relationship by itself.
   */
  cause: z.enum(['relationshipEnded', 'productCeased']).default('relationshipEnded'),
});
export const DismantleInput = z.object({ customerId: CustomerId });
/** What the relationship holds: each service still in place, with what a cease order needs. */
export const DismantleOutput = z.object({
  services: z.array(
    z.object({
      serviceId: z.string(),
      serviceOrderId: z.string(),
      cfsSpecId: z.string(),
      region: z.string(),
      productId: z.string(),
      productOrderId: z.string(),
      itemId: z.string(),
    }),
  ),
});
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
  ports: Pick<
    Ports,
    'customerRelationships' | 'customerManagement' | 'productOrders' | 'serviceInventory' | 'notifications' | 'clock'
  >,
) {
  const { customerRelationships: crm, customerManagement: customers, productOrders, notifications, clock } = ports;
  const now = () => clock().toISOString();

  /** The customer, their relationship as it stands, and the products they still hold. */
  async function standing(customerId: string, dismantled = false) {
    const customer = await mustCustomer(customers, customerId);
    const current = await crm.getRelationship(customer.id);
    const live = [];
    for (const p of await productOrders.productsOf(customer.id)) {
      if (p.status === 'terminated') continue;
      if (dismantled && p.serviceIds.length && (await inPlace(p.serviceIds)).length === 0) continue;
      live.push(p);
    }
    return { customer, current, live };
  }

  /** The services of `ids` still in place (not terminated). */
  async function inPlace(ids: string[]) {
    const found = await Promise.all(ids.map((id) => ports.serviceInventory.getService(id)));
    return found.filter((s) => s !== undefined && s.state !== 'terminated').map((s) => s!);
  }

  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.9.1',
      handlers: {
        establish: { input: EstablishInput, output: RelationshipOutput },
        terminate: { input: TerminateInput, output: RelationshipOutput },
        dismantle: { input: DismantleInput, output: DismantleOutput },
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
        // A relationship re-established keeps the identity it was verified under, whatever the
        // customer's e-mail has become: an e-mail change never makes a second identity.
        const identityKey = current?.identityKey ?? identityKeyOf(customer.email);
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
      async terminate({ customerId, reason, dismantled, cause }, call) {
        const { customer, current, live } = await standing(customerId, dismantled);
        if (!current || current.state === 'terminated') {
          return { relationship: current ?? null, changed: false, detail: 'no relationship to end' };
        }
        if (live.length > 0) {
          return { relationship: current, changed: false, detail: `${live.length} product(s) still held` };
        }
        if (cause === 'productCeased')
          return {
            relationship: current,
            changed: false,
            detail: 'every product ceased, the relationship kept: ceasing all services is not ending it',
          };
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
      /** Lists what the relationship holds, for Retention & Loyalty to cease it (SM&O cease orders). */
      async dismantle({ customerId }) {
        const { live } = await standing(customerId);
        const services = [];
        for (const p of live)
          for (const s of await inPlace(p.serviceIds))
            services.push({
              serviceId: s.id,
              serviceOrderId: s.serviceOrderId,
              cfsSpecId: s.cfsSpecId,
              region: s.region,
              productId: p.id,
              productOrderId: p.orderId,
              itemId: p.itemId,
            });
        return { services };
      },
    },
  );
}
