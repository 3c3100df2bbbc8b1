import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { customerRelationship } from '../../../workflows/crm/retention-loyalty';
import { getCustomerRelationshipQuery, satisfactionAnswerSignal } from '../../../workflows/shared/lifecycle-messages';
import {
  cancelTroubleTicketUpdate,
  customerFeedbackSignal,
  getTroubleTicketQuery,
} from '../../../workflows/shared/assurance-messages';
import {
  noticeSubjects,
  reportTrouble,
  rowsOf,
  ticketIn,
  waitForWorkOrderAndComplete,
  workOrderAssigned,
} from '../../support/assurance';
import { expectDeterministic } from '../../support/replay';
import { eventually } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

const CRM = ['1.A.1.6.1', '1.A.1.6.2', '1.A.1.6.3', '1.A.1.6.4'];
const SMO = ['1.A.2.3.1', '1.A.2.3.2', '1.A.2.3.3', '1.A.2.3.4', '1.A.2.3.5'];
const ids = async (rt: Parameters<Parameters<typeof withWorkers>[0]>[0], workflowId: string) =>
  new Set((await traceProcesses(rt.client, workflowId)).map((p) => p.etomId));

describe('troubleTicket (1.A.1.6 Problem Handling) with SM&O and RM&O', () => {
  it('a failed CPE: diagnosed, a technician repairs it, the service is certified and the ticket closed within the SLA', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const h = await reportTrouble(rt, 'TT-cpe');
        const sp = `SP-${h.workflowId}`;
        const workOrderId = await waitForWorkOrderAndComplete(rt, sp);
        await ticketIn(h, 'resolved');
        await h.signal(customerFeedbackSignal, { satisfied: true, comment: 'works again' });
        const result = await h.result();

        expect(result).toEqual({
          ticketId: h.workflowId,
          state: 'closed',
          linkedTo: null,
          serviceProblemId: sp,
          escalated: false,
          reopened: 0,
          resolution: expect.stringContaining('technician repaired CPE-LYO-1'),
        });
        const etomIds = await ids(rt, h.workflowId);
        for (const id of [...CRM, ...SMO, '1.O.3.1.6']) expect(etomIds, id).toContain(id);

        expect(rowsOf(rt, 'SELECT state, sla_met FROM trouble_tickets WHERE id = ?', h.workflowId)).toEqual([
          { state: 'closed', sla_met: 1 },
        ]);
        expect(rowsOf(rt, 'SELECT state, root_cause FROM service_problems WHERE id = ?', sp)).toEqual([
          { state: 'closed', root_cause: expect.stringContaining('CPE-LYO-1') },
        ]);
        expect(rowsOf(rt, 'SELECT state, technician_id FROM work_orders WHERE id = ?', workOrderId)).toEqual([
          { state: 'completed', technician_id: 'TECH-03' },
        ]);
        expect(rowsOf(rt, 'SELECT service_id, service_problem_id FROM service_outages')).toEqual([
          { service_id: 'SVC-IB04-1', service_problem_id: sp },
        ]);
        const subjects = noticeSubjects(rt, h.workflowId, 'Ticket %');
        expect(subjects.some((s) => s.includes('we are on your reported problem'))).toBe(true);
        expect(subjects.some((s) => s.includes('resolved'))).toBe(true);
        expect(subjects.at(-1)).toContain('closed');
        expect((await rt.store.ports.networkActivation.testService('SVC-IB04-1')).passed).toBe(true);

        // The closed problem is handed to Retention & Loyalty: a survey, then the customer's risk.
        const rel = rt.client.workflow.getHandle<typeof customerRelationship>(`${h.workflowId}.relationship`);
        const surveyId = await eventually(
          async () => (await rel.query(getCustomerRelationshipQuery).catch(() => undefined))?.surveyId ?? undefined,
          'the satisfaction survey',
        );
        await rel.signal(satisfactionAnswerSignal, { surveyId, score: 4 });
        expect(await rel.result()).toMatchObject({
          customerId: 'CUST-1005',
          trigger: 'problemClosed',
          satisfaction: { score: 4, dissatisfied: false, state: 'answered' },
        });
        expect(rowsOf(rt, 'SELECT trigger, reference FROM satisfaction_surveys WHERE id = ?', surveyId)).toEqual([
          { trigger: 'problemClosure', reference: h.workflowId },
        ]);
        const events = (await h.fetchHistory()).events!;
        expect(events.some((e) => e.markerRecordedEventAttributes)).toBe(true); // the patch marker
        expect(
          events.some(
            (e) => e.childWorkflowExecutionStartedEventAttributes?.workflowType?.name === 'customerRelationship',
          ),
        ).toBe(true);
        await expectDeterministic(rt, [h.workflowId, rel.workflowId]);
      },
      { installedBase: true },
    );
  });

  it('the customer cancels while a technician is on the way: the visit is called off, ticket and problem cancelled, no outage', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const h = await reportTrouble(rt, 'TT-cancel');
        const sp = `SP-${h.workflowId}`;
        await workOrderAssigned(rt, sp);
        const answer = await h.executeUpdate(cancelTroubleTicketUpdate, { args: [{ reason: 'I am away this week' }] });
        expect(answer).toMatchObject({ state: 'cancelled', currentProcess: '1.A.1.6.4' });
        expect(await h.result()).toMatchObject({ state: 'cancelled', serviceProblemId: sp, resolution: null });
        expect(await rt.client.workflow.getHandle(sp).result()).toMatchObject({ state: 'cancelled' });

        expect(rowsOf(rt, 'SELECT state FROM trouble_tickets WHERE id = ?', h.workflowId)).toEqual([
          { state: 'cancelled' },
        ]);
        expect(rowsOf(rt, 'SELECT state FROM service_problems WHERE id = ?', sp)).toEqual([{ state: 'cancelled' }]);
        expect(rowsOf(rt, 'SELECT state FROM work_orders WHERE reference = ?', sp)).toEqual([{ state: 'cancelled' }]);
        expect(rowsOf(rt, 'SELECT id FROM service_outages')).toEqual([]);
        const subjects = noticeSubjects(rt, h.workflowId);
        expect(subjects.at(-1)).toContain('your ticket is cancelled');
        // CRM told SM&O by signal; SM&O cancelled the work order child it had started.
        const spEvents = (await rt.client.workflow.getHandle(sp).fetchHistory()).events!;
        expect(
          spEvents.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'troubleTicketWithdrawn'),
        ).toBe(true);
        expect(spEvents.some((e) => e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes)).toBe(true);
        await expectDeterministic(rt, [h.workflowId, sp, `${sp}/WO`]);
      },
      { installedBase: true },
    );
  });

  it('a fault in the network is repaired for everyone, even when the customer who reported it cancels', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'PORT-LYO-1-1-1', 'testResource', UNTIL_REPAIRED);
        const h = await reportTrouble(rt, 'TT-cancel-net');
        const sp = `SP-${h.workflowId}`;
        const rt1 = `RT-${sp}`;
        await workOrderAssigned(rt, rt1);
        const answer = await h.executeUpdate(cancelTroubleTicketUpdate, { args: [{ reason: 'not needed any more' }] });
        expect(answer.state).toBe('cancelled');
        // The repair goes on: RM&O's technician reports it done, and SM&O certifies it.
        await waitForWorkOrderAndComplete(rt, rt1, { notes: 'port card reseated' });
        expect(await rt.client.workflow.getHandle(sp).result()).toMatchObject({ state: 'closed' });
        expect(await h.result()).toMatchObject({ state: 'cancelled', serviceProblemId: sp });
        expect(rowsOf(rt, 'SELECT state FROM service_problems WHERE id = ?', sp)).toEqual([{ state: 'closed' }]);
        expect(rowsOf(rt, 'SELECT state FROM trouble_tickets WHERE id = ?', h.workflowId)).toEqual([
          { state: 'cancelled' },
        ]);
        expect((await rt.store.ports.networkActivation.testService('SVC-IB04-1')).passed).toBe(true);
        // The customer who cancelled heard nothing after the cancellation.
        const subjects = noticeSubjects(rt, h.workflowId);
        expect(subjects.at(-1)).toContain('your ticket is cancelled');
        await expectDeterministic(rt, [h.workflowId, sp, rt1, `${rt1}/WO`]);
      },
      { installedBase: true },
    );
  });

  it('refuses to cancel a resolved ticket, or the notice of a network problem', async () => {
    await withWorkers(
      async (rt) => {
        const h = await reportTrouble(rt, 'TT-usage-nocancel', { timings: { satisfactionWait: '60 seconds' } });
        await ticketIn(h, 'resolved');
        const late = await h
          .executeUpdate(cancelTroubleTicketUpdate, { args: [{ reason: 'changed my mind' }] })
          .catch((e: unknown) => e);
        expect(String((late as WorkflowUpdateFailedError).cause?.message)).toContain(
          'is resolved: it can no longer be cancelled',
        );
        // A refused update leaves no trace in the history, and the ticket as it was.
        const events = (await h.fetchHistory()).events!;
        expect(events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
        expect(rowsOf(rt, 'SELECT state FROM trouble_tickets WHERE id = ?', h.workflowId)).toEqual([
          { state: 'resolved' },
        ]);
        await h.signal(customerFeedbackSignal, { satisfied: true });
        expect(await h.result()).toMatchObject({ state: 'closed' });

        // A report on the same service would follow this notice, so it comes last.
        const known = await reportTrouble(rt, 'TT-net-nocancel', {
          origin: 'network',
          description: 'access port failure in Lyon',
          serviceProblem: { serviceProblemId: 'SP-NET-2', workflowId: rt.id('SP-NET-2') },
          timings: { satisfactionWait: '60 seconds' },
        });
        await ticketIn(known, 'inProgress');
        const refused = await known
          .executeUpdate(cancelTroubleTicketUpdate, { args: [{ reason: 'no' }] })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain('closes with the problem');

        await known.terminate('test over');
      },
      { installedBase: true },
    );
  });

  it('escalates the ticket when restoration is late (durable timer before the estimate)', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const h = await reportTrouble(rt, 'TT-late', {
          timings: { restorationTarget: '6 seconds', escalationMargin: '3 seconds' },
        });
        await eventually(async () => (await h.query(getTroubleTicketQuery)).escalated, 'the ticket escalated', 20_000);
        expect(
          rowsOf(
            rt,
            'SELECT urgency, escalated_at IS NOT NULL AS escalated FROM trouble_tickets WHERE id = ?',
            h.workflowId,
          ),
        ).toEqual([{ urgency: 'high', escalated: 1 }]);
        await waitForWorkOrderAndComplete(rt, `SP-${h.workflowId}`);
        const result = await h.result();
        expect(result).toMatchObject({ state: 'closed', escalated: true });
        expect(
          rowsOf(
            rt,
            "SELECT COUNT(*) AS n FROM notifications WHERE reference = ? AND subject LIKE '%escalated%'",
            h.workflowId,
          ),
        ).toEqual([{ n: 1 }]);
      },
      { installedBase: true },
    );
  });

  it('reopens the ticket when the customer is not satisfied, diagnoses again, then closes', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const h = await reportTrouble(rt, 'TT-reopen', { timings: { satisfactionWait: '20 seconds' } });
        await waitForWorkOrderAndComplete(rt, `SP-${h.workflowId}`);
        await ticketIn(h, 'resolved');
        await h.signal(customerFeedbackSignal, { satisfied: false, comment: 'still slow' });
        // A second resolution: the service now tests fine, the customer is advised; then satisfied.
        await eventually(
          async () =>
            rowsOf(rt, "SELECT 1 FROM service_problems WHERE id = ? AND state = 'closed'", `SP-${h.workflowId}-R1`)
              .length > 0,
          'the second service problem closed',
        );
        await ticketIn(h, 'resolved');
        await h.signal(customerFeedbackSignal, { satisfied: true });
        const result = await h.result();
        expect(result).toMatchObject({ state: 'closed', reopened: 1, serviceProblemId: `SP-${h.workflowId}-R1` });
        expect(
          rowsOf(
            rt,
            'SELECT from_state, to_state FROM trouble_ticket_history WHERE ticket_id = ? ORDER BY seq',
            h.workflowId,
          ).map((r) => `${r['from_state']}→${r['to_state']}`),
        ).toEqual([
          'null→acknowledged',
          'acknowledged→inProgress',
          'inProgress→resolved',
          'resolved→inProgress',
          'inProgress→resolved',
          'resolved→closed',
        ]);
        expect(rowsOf(rt, 'SELECT id, state FROM service_problems ORDER BY id')).toEqual([
          { id: `SP-${h.workflowId}`, state: 'closed' },
          { id: `SP-${h.workflowId}-R1`, state: 'closed' },
        ]);
      },
      { installedBase: true },
    );
  });

  it('links a report of a problem the network already knows to its ticket: no second service problem', async () => {
    await withWorkers(
      async (rt) => {
        // SM&O's proactive ticket for a problem it is working (the test plays SM&O).
        const known = await reportTrouble(rt, 'TT-net', {
          origin: 'network',
          description: 'access port failure in Lyon',
          serviceProblem: { serviceProblemId: 'SP-NET-1', workflowId: rt.id('SP-NET-1') },
        });
        await ticketIn(known, 'inProgress');
        const h = await reportTrouble(rt, 'TT-dup');
        await ticketIn(h, 'inProgress');
        // Past 1.A.1.6.2, the report has asked the known ticket to pass SM&O's word on.
        await eventually(
          async () => (await h.query(getTroubleTicketQuery)).currentProcess === '1.A.1.6.3',
          'the report following the known ticket',
        );
        expect(await h.query(getTroubleTicketQuery)).toMatchObject({
          linkedTo: known.workflowId,
          serviceProblemId: 'SP-NET-1',
        });

        // SM&O reports the restoration to its ticket, which relays it to the linked report.
        await known.signal('serviceProblemUpdate', {
          serviceProblemId: 'SP-NET-1',
          state: 'resolved',
          estimatedRestoration: null,
          process: '1.A.2.3.5',
          detail: 'port restored',
        });
        const [mine, theirs] = await Promise.all([h.result(), known.result()]);
        expect(mine).toMatchObject({
          state: 'closed',
          linkedTo: known.workflowId,
          serviceProblemId: 'SP-NET-1',
          resolution: 'port restored',
        });
        expect(theirs).toMatchObject({ state: 'closed', linkedTo: null });
        expect(rowsOf(rt, 'SELECT COUNT(*) AS n FROM service_problems')).toEqual([{ n: 0 }]);
        expect(rowsOf(rt, 'SELECT relationship FROM trouble_ticket_links WHERE ticket_id = ?', h.workflowId)).toEqual([
          { relationship: 'isDuplicateOf' },
        ]);
        const subjects = rowsOf(rt, 'SELECT subject FROM notifications WHERE reference = ?', known.workflowId).map(
          (n) => String(n['subject']),
        );
        expect(subjects[0]).toContain('a problem affects your service');
      },
      { installedBase: true },
    );
  });

  it('a service that works end to end: the customer is advised, no outage, no technician', async () => {
    await withWorkers(
      async (rt) => {
        const h = await reportTrouble(rt, 'TT-usage');
        const result = await h.result();
        expect(result).toMatchObject({
          state: 'closed',
          resolution: expect.stringContaining('restart your equipment'),
        });
        expect(
          JSON.parse(String(rowsOf(rt, 'SELECT root_cause FROM service_problems')[0]!['root_cause'])),
        ).toMatchObject({
          kind: 'customerUsage',
        });
        expect(rowsOf(rt, 'SELECT * FROM service_outages')).toEqual([]);
        expect(rowsOf(rt, 'SELECT * FROM work_orders')).toEqual([]);
        const etomIds = await ids(rt, h.workflowId);
        for (const id of [...CRM, ...SMO]) expect(etomIds, id).toContain(id);
      },
      { installedBase: true },
    );
  });
});
