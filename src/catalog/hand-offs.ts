import { z } from 'zod';
import table from './hand-offs.json';

export const HandOffSchema = z.object({
  /** The process handed work (Level 3, or the Level-2 process the text names). */
  id: z.string(),
  name: z.string(),
  /**
   * How the code hands it over: `next` — the same workflow runs it on this one's result;
   * `child` — a child workflow (another layer's, often) runs it; `signal` — a signal to a
   * running workflow makes it run; `result` — the last process of a child, whose result its
   * parent acts on; `writes` — this one writes what it reads and acts on.
   */
  how: z.enum(['next', 'child', 'signal', 'result', 'writes']),
  /** The workflow type, child workflow type, signal name or port method that carries it. */
  via: z.string(),
  /** Whether the standard's text of the process names this one (or its Level-2 process). */
  namedByText: z.boolean(),
});
export type HandOff = z.infer<typeof HandOffSchema>;

export const HandOffTableSchema = z.object({
  handsOffTo: z.record(z.string(), z.array(HandOffSchema)),
  /** What the text names that the code does not reach from it (or hands the other way). */
  namedOnly: z.record(z.string(), z.array(z.string())),
});
export type HandOffTable = z.infer<typeof HandOffTableSchema>;

/**
 * Hand-offs the recorded demo runs do not show: those made by writing what the receiving
 * process reads and acts on, and those on paths the demos do not take (a redesign, a rejected
 * audit). Each names the workflow test that shows the receiver acting; the test of this table
 * checks that file runs both processes.
 */
export const TESTED_HAND_OFFS: ReadonlyArray<{
  from: string;
  to: string;
  how: HandOff['how'];
  via: string;
  shownBy: string;
}> = [
  {
    from: '1.O.1.1.9',
    to: '1.F.1.3.1',
    how: 'child',
    via: 'marketingCampaignResponse',
    shownBy: 'test/workflows/crm/crm-support-readiness.workflow.test.ts',
  },
  {
    from: '1.O.2.1.1',
    to: '1.O.3.1.5',
    how: 'writes',
    via: 'inventoryReconciliation.recordDiscrepancy (unsettledDiscrepancies, linkElementToService)',
    shownBy: 'test/workflows/rmo/rmo-support-readiness-inventory.workflow.test.ts',
  },
  {
    from: '1.A.3.4.3',
    to: '1.F.3.2.1',
    how: 'child',
    via: 'resourceOrder',
    shownBy: 'test/workflows/rmo/resource-performance-management.workflow.test.ts',
  },
  {
    from: '1.FAB.4.6.1',
    to: '1.F.4.2.3',
    how: 'signal',
    via: 'supplierReport',
    shownBy: 'test/workflows/sprm/sp-interface-hand-off.workflow.test.ts',
  },
  {
    from: '1.FAB.4.6.1',
    to: '1.A.4.3.2',
    how: 'signal',
    via: 'supplierProblemReport',
    shownBy: 'test/workflows/sprm/sp-interface-hand-off.workflow.test.ts',
  },
  {
    from: '1.O.4.1.1',
    to: '1.F.4.2.1',
    how: 'writes',
    via: 'readinessReports.raiseAction addressedTo (standingFor)',
    shownBy: 'test/workflows/sprm/sprm-support-readiness-suppliers.workflow.test.ts',
  },
  {
    from: '1.O.1.1.1',
    to: '1.FAB.1.2.1',
    how: 'next',
    via: 'crmReadiness',
    shownBy: 'test/workflows/crm/crm-support-readiness-contact-capacity.workflow.test.ts',
  },
  {
    from: '1.O.1.1.4',
    to: '1.B.1.8.1',
    how: 'writes',
    via: 'billing.publishAnswer (publishedAnswer)',
    shownBy: 'test/workflows/crm/crm-support-readiness-billing-answers.workflow.test.ts',
  },
  {
    from: '1.O.2.1.3',
    to: '1.O.3.1.3',
    how: 'writes',
    via: 'readinessReports.addressedTo \u2192 maintenanceJobs.requestMaintenance',
    shownBy: 'test/workflows/smo/smo-support-readiness-chronic.workflow.test.ts',
  },
  {
    from: '1.O.2.1.2',
    to: '1.O.3.1.5',
    how: 'writes',
    via: 'readinessReports.addressedTo \u2192 capacityShortfalls.openShortfall',
    shownBy: 'test/workflows/smo/smo-support-readiness-capacity.workflow.test.ts',
  },
  {
    from: '1.F.4.2.3',
    to: '1.F.2.2.3',
    how: 'signal',
    via: 'supplierDeliveryChanged',
    shownBy: 'test/workflows/sprm/sp-requisition-delivery-change.workflow.test.ts',
  },
  {
    from: '1.F.4.2.3',
    to: '1.F.1.5.4',
    how: 'signal',
    via: 'supplierDeliveryChanged',
    shownBy: 'test/workflows/sprm/sp-requisition-delivery-change.workflow.test.ts',
  },
  {
    from: '1.AB.3.5.4',
    to: '1.AB.3.5.3',
    how: 'writes',
    via: 'usage audits (usage.distribute refuses while failed)',
    shownBy: 'test/workflows/rmo/resource-data-collection-processing.workflow.test.ts',
  },
  {
    from: '1.O.2.1.1',
    to: '1.A.2.3.1',
    how: 'child',
    via: 'serviceProblem',
    shownBy: 'test/workflows/smo/smo-support-readiness.workflow.test.ts',
  },
  {
    from: '1.O.2.1.5',
    to: '1.B.2.5.1',
    how: 'next',
    via: 'smoReadiness',
    shownBy: 'test/workflows/smo/smo-support-rating-reference.workflow.test.ts',
  },
  {
    from: '1.A.2.4.2',
    to: '1.A.2.3.1',
    how: 'child',
    via: 'serviceProblem',
    shownBy: 'test/workflows/smo/service-quality-management.workflow.test.ts',
  },
  {
    from: '1.A.2.3.3',
    to: '1.F.3.2.1',
    how: 'child',
    via: 'resourceOrder',
    shownBy: 'test/workflows/smo/service-quality-management.workflow.test.ts',
  },
  {
    from: '1.A.1.7.2',
    to: '1.A.2.4.1',
    how: 'writes',
    via: 'customerSla.recordDegradation (serviceQuality.customerAlerts)',
    shownBy: 'test/workflows/smo/service-quality-management.workflow.test.ts',
  },
  {
    from: '1.FAB.1.2.2',
    to: '1.F.1.5.1',
    how: 'child',
    via: 'productOrder',
    shownBy: 'test/workflows/crm/customer-interaction.workflow.test.ts',
  },
  {
    from: '1.FAB.1.2.2',
    to: '1.A.1.6.1',
    how: 'child',
    via: 'troubleTicket',
    shownBy: 'test/workflows/crm/customer-interaction.workflow.test.ts',
  },
  {
    from: '1.FAB.1.2.2',
    to: '1.B.1.8.1',
    how: 'child',
    via: 'billingInquiry',
    shownBy: 'test/workflows/crm/customer-interaction.workflow.test.ts',
  },
  {
    from: '1.O.1.1.3',
    to: '1.O.3.1.6',
    how: 'writes',
    via: 'readinessReports.raiseAction(addressedTo) \u2192 manageWorkforce actOnReadiness',
    shownBy: 'test/workflows/rmo/rmo-support-readiness-workforce.workflow.test.ts',
  },
  {
    from: '1.F.1.3.2',
    to: '1.O.1.1.9',
    how: 'writes',
    via: 'campaignPlans.markPlan completed',
    shownBy: 'test/workflows/crm/crm-support-readiness.workflow.test.ts',
  },
  {
    from: '1.FAB.1.9.1',
    to: '1.F.2.2.1',
    how: 'child',
    via: 'serviceOrder',
    shownBy: 'test/workflows/crm/retention-loyalty-end.workflow.test.ts',
  },
  {
    from: '1.FAB.4.6.1',
    to: '1.B.4.5.1',
    how: 'child',
    via: 'partnerSettlement',
    shownBy: 'test/workflows/sprm/sp-interface-payment-question.workflow.test.ts',
  },
  {
    from: '1.O.4.1.5',
    to: '1.F.4.2.1',
    how: 'writes',
    via: 'readinessReports.raiseAction addressedTo (standingFor)',
    shownBy: 'test/workflows/sprm/sprm-support-readiness-suppliers.workflow.test.ts',
  },
  {
    from: '1.O.4.1.4',
    to: '1.B.4.5.3',
    how: 'writes',
    via: 'readinessReports.raiseAction addressedTo (settlements.negotiateAgain)',
    shownBy: 'test/workflows/sprm/sprm-readiness-disputes.workflow.test.ts',
  },
  {
    from: '1.O.2.1.4',
    to: '1.A.2.4.3',
    how: 'writes',
    via: 'readinessReports.raiseAction addressedTo',
    shownBy: 'test/workflows/smo/smo-support-readiness-quality.workflow.test.ts',
  },
  {
    from: '1.O.3.1.2',
    to: '1.O.3.1.3',
    how: 'writes',
    via: 'readinessReports.raiseAction addressedTo',
    shownBy: 'test/workflows/rmo/rmo-support-readiness-degrading-class.workflow.test.ts',
  },
  {
    // A modify that needs fewer identifiers: once the change is in service, 1.F.2.2.2 gives back
    // what the new design no longer holds (#12's extra static range, and going back from it).
    from: '1.F.2.2.6',
    to: '1.F.2.2.2',
    how: 'next',
    via: 'serviceOrder',
    shownBy: 'test/workflows/crm/product-order-modify.workflow.test.ts',
  },
];

/**
 * The table `scripts/derive-hand-offs.ts` derives from the recorded histories (and the text):
 * data, held against the code by test/catalog/hand-offs.test.ts.
 */
let parsed: HandOffTable | undefined;
export function handOffTable(): HandOffTable {
  parsed ??= HandOffTableSchema.parse(table);
  return parsed;
}

export const handsOffTo = (id: string): HandOff[] => handOffTable().handsOffTo[id] ?? [];
