import { condition, executeChild, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import { FulfilmentTimings } from '../../src/domain/fulfilment/timings';
import { serviceOrder, serviceOrderCeaseId, serviceOrderStart } from '../smo/service-configuration-activation';
import type { CrmActivities } from '../../activities/crm';
import type { RelationshipTrigger, SatisfactionAnswer } from '../../src/domain/lifecycle/relationship';
import type { LifecycleTimings } from '../../src/domain/lifecycle/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import { getCustomerRelationshipQuery, satisfactionAnswerSignal } from '../shared/lifecycle-messages';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { CustomerRelationshipInput as CustomerRelationshipInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * Retention & Loyalty (1.FAB.1.9) for one event in a customer's life, handed over by the
 * process where it happened: an order completed (Selling, Order Handling), a problem closed
 * (Problem Handling), a product ceased, or a periodic risk review. The relationship is
 * established or ended (1.FAB.1.9.1), the customer asked whether what was delivered or
 * repaired meets what was agreed (1.FAB.1.9.5), and their profile, risk and — when at risk —
 * a retention offer brought up to date (1.FAB.1.2.3 contact analysis, 1.FAB.1.9.2, .3, .4).
 * When the customer leaves (`relationshipEnded`), 1.FAB.1.9.1 dismantles what the relationship
 * holds: one SM&O cease order per service still in place (serviceOrder 'delete', children on the
 * SM&O queue: SM&O and RM&O give the identifiers and resources back), then ends the relationship.
 *
 * Workflow id: any unique id (e.g. `<customerId>.relationship.<reference>`), CRM queue.
 */
export interface CustomerRelationshipInput {
  customerId: string;
  trigger: RelationshipTrigger;
  /** Durations in milliseconds (LifecycleTimings parsed); only surveyWait is used here. */
  timings?: Pick<LifecycleTimings, 'surveyWait'>;
}

export interface CustomerRelationshipView {
  customerId: string;
  trigger: RelationshipTrigger['kind'];
  currentProcess: string | null;
  relationship: 'established' | 'terminated' | null;
  surveyId: string | null;
  satisfaction: { score: number | null; dissatisfied: boolean; state: string } | null;
  risk: { id: string; score: number; atRisk: boolean; mainFactor: string | null } | null;
  retentionOfferId: string | null;
  contactReportId: string | null;
  /** With `relationshipEnded`: each service's cease order and how it ended. */
  ceased?: Array<{ serviceId: string; serviceOrderId: string; state: string; reason: string | null }>;
}

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);

/**
 * From this patch on, a product ceased while the relationship stays reviews the customer's risk
 * (#12). Runs made before it end at 1.FAB.1.9.1, as they did.
 */
export const CEASE_KEPT_REVIEWS_RISK = 'cease-kept-reviews-risk';
const DEFAULT_SURVEY_WAIT = 7 * 86_400_000;

/** The relationship step a process hands its customer to: `<that process's workflow id>.relationship`. */
export const customerRelationshipWorkflowId = (handedOverBy: string) => `${handedOverBy}.relationship`;

/** Retention & Loyalty runs on the CRM queue. */
export function customerRelationshipStart(workflowId: string, input: CustomerRelationshipInput, extras?: ChildExtras) {
  return childStart<typeof customerRelationship>('crm', workflowId, [input], extras);
}

export async function customerRelationship(input: CustomerRelationshipInput): Promise<CustomerRelationshipView> {
  validInput(CustomerRelationshipInputContract, input);
  const { customerId, trigger } = input;
  const surveyWait = input.timings?.surveyWait ?? DEFAULT_SURVEY_WAIT;
  const view: CustomerRelationshipView = {
    customerId,
    trigger: trigger.kind,
    currentProcess: null,
    relationship: null,
    surveyId: null,
    satisfaction: null,
    risk: null,
    retentionOfferId: null,
    contactReportId: null,
  };
  // Answers may come before the survey is on record here: kept by survey id.
  const answers = new Map<string, SatisfactionAnswer>();
  setHandler(getCustomerRelationshipQuery, () => view);
  setHandler(satisfactionAnswerSignal, (a) => void answers.set(a.surveyId, a));
  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, layer: 'CRM', customerId });
  };

  /** 1.FAB.1.2.3, 1.FAB.1.9.2, .3 and, for a customer at risk, .4. */
  const review = async () => {
    at('1.FAB.1.2.3');
    view.contactReportId = (await crm.analyzeAndReportOnCustomer({ customerId })).id;
    at('1.FAB.1.9.2');
    await crm.buildCustomerInsight({ customerId });
    at('1.FAB.1.9.3');
    const risk = await crm.analyzeAndManageCustomerRisk({ customerId });
    view.risk = { id: risk.id, score: risk.score, atRisk: risk.atRisk, mainFactor: risk.mainFactor };
    markProgress({ state: risk.atRisk ? 'atRisk' : 'retained' });
    if (risk.atRisk) {
      at('1.FAB.1.9.4');
      const personalised = await crm.personalizeCustomerProfileForRetentionAndLoyalty({
        customerId,
        riskAssessmentId: risk.id,
      });
      view.retentionOfferId = personalised.offer?.id ?? view.retentionOfferId;
    }
  };

  /** 1.FAB.1.9.5 — ask, wait for the answer until the survey lapses, record it. */
  const validateSatisfaction = async (surveyTrigger: 'fulfilment' | 'problemClosure', reference: string) => {
    at('1.FAB.1.9.5');
    const sent = await crm.validateCustomerSatisfaction({
      action: 'send',
      customerId,
      trigger: surveyTrigger,
      reference,
    });
    const surveyId = sent.survey.id;
    view.surveyId = surveyId;
    view.satisfaction = { score: null, dissatisfied: false, state: 'sent' };
    const answered = await condition(() => answers.has(surveyId), surveyWait);
    const answer = answers.get(surveyId);
    const closed = await crm.validateCustomerSatisfaction(
      answered && answer
        ? { action: 'record', surveyId, score: answer.score, comment: answer.comment ?? null }
        : { action: 'expire', surveyId },
    );
    view.satisfaction = { score: closed.survey.score, dissatisfied: closed.dissatisfied, state: closed.survey.state };
  };

  switch (trigger.kind) {
    case 'orderCompleted': {
      at('1.FAB.1.9.1');
      const r = await crm.establishAndTerminateCustomerRelationship({ action: 'establish', customerId });
      view.relationship = r.relationship?.state ?? null;
      await validateSatisfaction('fulfilment', trigger.orderId);
      await review();
      break;
    }
    case 'problemClosed':
      await validateSatisfaction('problemClosure', trigger.ticketId);
      await review();
      break;
    case 'productCeased': {
      // 1.FAB.1.9.1 keeps the relationship: its text tells ending the relationship apart from
      // ceasing all of its services (relationshipEnded ends it, with the customer's consent).
      at('1.FAB.1.9.1');
      const r = await crm.establishAndTerminateCustomerRelationship({
        action: 'terminate',
        customerId,
        reason: `product ${trigger.productId} ceased`,
        cause: 'productCeased',
      });
      view.relationship = r.relationship?.state ?? null;
      // A customer who ceases a product and stays is a churn signal: their risk is weighed again
      // (1.FAB.1.9.3) and, at risk, a retention offer made (1.FAB.1.9.4).
      if (!r.changed && view.relationship === 'established' && patched(CEASE_KEPT_REVIEWS_RISK)) await review();
      break;
    }
    case 'riskReview':
      await review();
      break;
    case 'relationshipEnded': {
      at('1.FAB.1.9.1');
      const held = await crm.establishAndTerminateCustomerRelationship({ action: 'dismantle', customerId });
      view.ceased = await Promise.all(
        held.services.map(async (s) => {
          const id = serviceOrderCeaseId(s.serviceOrderId);
          const result = await executeChild(
            serviceOrder,
            serviceOrderStart(id, {
              serviceOrderId: id,
              productOrderId: s.productOrderId,
              itemId: s.itemId,
              customerId,
              region: s.region,
              cfsSpecId: s.cfsSpecId,
              action: 'delete',
              serviceId: s.serviceId,
              characteristics: {},
              timings: FulfilmentTimings.parse({}),
            }),
          );
          return { serviceId: s.serviceId, serviceOrderId: id, state: result.state, reason: result.reason };
        }),
      );
      const r = await crm.establishAndTerminateCustomerRelationship({
        action: 'terminate',
        customerId,
        reason: trigger.reason,
        dismantled: true,
      });
      view.relationship = r.relationship?.state ?? null;
      markProgress({ state: view.relationship ?? 'ended' });
      break;
    }
  }
  return view;
}
