import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { DISSATISFIED_AT_OR_BELOW, Survey, SurveyTrigger } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const SendSurveyInput = z.object({
  customerId: CustomerId,
  trigger: SurveyTrigger,
  reference: z.string().min(1),
});
export const RecordAnswerInput = z.object({
  surveyId: z.string().min(1),
  score: z.number().int().min(1).max(5),
  comment: z.string().nullable().default(null),
});
export const ExpireSurveyInput = z.object({ surveyId: z.string().min(1) });
export const SatisfactionOutput = z.object({ survey: Survey, dissatisfied: z.boolean() });
export type SatisfactionOutput = z.infer<typeof SatisfactionOutput>;

/**
 * 1.FAB.1.9.5 — once an order is delivered or a problem closed, check the solution is in the
 * customer's hands (products active and billed, ticket closed), ask the customer, and record
 * the answer: a score of 2 or less is dissatisfaction.
 */
export function createValidateCustomerSatisfaction(
  ports: Pick<
    Ports,
    'customerRelationships' | 'customerManagement' | 'productOrders' | 'troubleTickets' | 'notifications' | 'clock'
  >,
) {
  const {
    customerRelationships: crm,
    customerManagement: customers,
    productOrders,
    troubleTickets,
    notifications,
    clock,
  } = ports;
  const now = () => clock().toISOString();

  /** The survey closed, answered or not, and whether its answer says the customer is dissatisfied. */
  async function closeSurvey(
    key: string,
    surveyId: string,
    outcome: { state: 'answered'; score: number; comment: string | null } | { state: 'expired' },
  ) {
    const survey = await crm.closeSurvey(key, surveyId, outcome, now());
    return { survey, dissatisfied: survey.score !== null && survey.score <= DISSATISFIED_AT_OR_BELOW };
  }

  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.9.5',
      handlers: {
        send: { input: SendSurveyInput, output: SatisfactionOutput },
        record: { input: RecordAnswerInput, output: SatisfactionOutput },
        expire: { input: ExpireSurveyInput, output: SatisfactionOutput },
      },
    },
    {
      async send(input, call) {
        const customer = await mustCustomer(customers, input.customerId);
        let delivered: boolean;
        if (input.trigger === 'fulfilment') {
          const order = await productOrders.get(input.reference);
          if (!order || order.customerId !== customer.id) {
            return reject(BusinessErrorType.NotFound, `no order ${input.reference} of ${customer.id}`);
          }
          const products = (await productOrders.productsOf(customer.id)).filter((p) => p.orderId === order.id);
          delivered =
            order.state === 'completed' &&
            order.billingAccountId !== null &&
            products.every((p) => p.status === 'active');
        } else {
          const ticket = await troubleTickets.get(input.reference);
          if (!ticket || ticket.customerId !== customer.id) {
            return reject(BusinessErrorType.NotFound, `no trouble ticket ${input.reference} of ${customer.id}`);
          }
          delivered = ticket.state === 'closed' || ticket.state === 'resolved';
        }
        await notifications.send(`${call.idempotencyKey}/ask`, {
          recipient: customer.email,
          channel: 'email',
          subject: input.trigger === 'fulfilment' ? 'How was your installation?' : 'Is your problem solved?',
          body: `From 1 (not at all) to 5 (fully): does what we delivered (${input.reference}) meet what we agreed?`,
          reference: input.reference,
        });
        const survey = await crm.sendSurvey(`${call.idempotencyKey}/survey`, {
          customerId: customer.id,
          trigger: input.trigger,
          reference: input.reference,
          delivered,
          sentAt: now(),
        });
        return { survey, dissatisfied: false };
      },
      async record({ surveyId, score, comment }, call) {
        return closeSurvey(call.idempotencyKey, surveyId, { state: 'answered', score, comment });
      },
      async expire({ surveyId }, call) {
        return closeSurvey(call.idempotencyKey, surveyId, { state: 'expired' });
      },
    },
  );
}
