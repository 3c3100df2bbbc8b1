import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { LayerKey } from '../../../src/layers';
import { taskQueueFor } from '../../../src/layers';
import { withWorkers } from '../../support/runtime';

const EventType = temporal.api.enums.v1.EventType;

/**
 * Workflows anyone can start (the Web UI, `temporal workflow start`, another service) refuse
 * input their contract refuses at once (#16): one workflow task, the run failed with a
 * non-retryable InvalidInput naming the field, and nothing else done.
 */
describe('workflows check their own input (#16)', () => {
  it('fails each at once with InvalidInput naming the field, with no workflow task failure and no activity', async () => {
    await withWorkers(async (rt) => {
      const cases: Array<[string, LayerKey, unknown, RegExp]> = [
        ['troubleTicket', 'crm', { ticketId: 'TT-X', origin: 'customer' }, /customerId: /],
        ['serviceOrder', 'smo', { serviceOrderId: 42 }, /serviceOrderId: /],
        ['eventDelivery', 'crm', {}, /subscriptionId: /],
        ['crmReadiness', 'crm', { windowDays: -3 }, /windowDays: /],
        ['billingAndCollections', 'crm', { cycleId: 'x'.repeat(20_000) }, /a string of 20000 characters/],
        ['workOrder', 'rmo', { reference: 'SP-1', kind: 'teleport' }, /kind: /],
        ['partnerProblem', 'sprm', { partnerProblemId: 'PP-1' }, /supplierId: /],
        ['billCollection', 'crm', { billId: 'B-1', customerId: 'CUST-1', totalMinor: 1.5 }, /totalMinor: /],
        ['billingInquiry', 'crm', { customerId: 'CUST-1', billId: 'B-1', claim: '' }, /usageRecordId: /],
        ['marketingCampaignResponse', 'crm', { campaign: { id: 'C' } }, /campaign\.id: /],
        ['salesOpportunity', 'crm', { termMonths: 7 }, /termMonths: /],
        // Pattern checks on the shared, frozen schemas (src/temporal/shared-modules.ts): a pattern
        // of the project's, zod's own e-mail pattern and an ISO date-time's.
        [
          'salesOpportunity',
          'crm',
          { customerId: 'CUST-1', needs: [{ productOfferingId: 'FIBRE', region: 'EU' }] },
          /needs\.0\.productOfferingId: a product offering id such as PO-FIBRE-BIZ/,
        ],
        [
          'marketingCampaignResponse',
          'crm',
          {
            campaign: { id: 'C' },
            prospects: [{ name: 'N', email: 'not-an-address', segment: 'business', region: 'EU' }],
            schedule: { planId: 'PLAN-1', startsAt: 'soon', endsAt: '2027-01-01T00:00:00Z' },
          },
          /prospects\.0\.email: Invalid email address.*schedule\.startsAt: /,
        ],
      ];
      for (const [i, [type, layer, input, expected]] of cases.entries()) {
        // A type can come twice: one id per case.
        const workflowId = rt.id(`invalid-${type}-${i}`);
        const handle = await rt.client.workflow.start(type, {
          workflowId,
          taskQueue: taskQueueFor(layer, rt.prefix),
          args: [input],
        });
        const err = await handle.result().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, type).toBeInstanceOf(WorkflowFailedError);
        const cause = (err as WorkflowFailedError).cause;
        expect(cause, type).toBeInstanceOf(ApplicationFailure);
        expect((cause as ApplicationFailure).type, type).toBe('InvalidInput');
        expect((cause as ApplicationFailure).message, type).toMatch(expected);
        const events = (await handle.fetchHistory()).events ?? [];
        const types = events.map((e) => e.eventType);
        expect(
          types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
          type,
        ).toEqual([]);
        expect(
          types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
          type,
        ).toEqual([]);
        expect(types.at(-1), type).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
      }
    });
  });
});
