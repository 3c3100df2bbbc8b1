import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../src/simulators/network';
import { rowsOf, workOrderAssigned } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { type ApiTestRuntime, TOKENS, troubleReport, withApi } from './support';

const TMF656 = 'TMF656-ServiceProblemManagement-v4.0.0.swagger.json';
const TMF621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';
const SPM = '/tmf-api/serviceProblemManagement/v4';
const TT = '/tmf-api/troubleTicket/v4';

type Problem = { id: string; href: string; status: string; [k: string]: unknown };
type Failure = { code: string; message: string };

const problems = <T = Problem>(rt: ApiTestRuntime, method: string, url: string, body?: unknown) =>
  rt.call<T>(method, `${SPM}${url}`, { expect: 'ServiceProblem', spec: TMF656, ...(body ? { body } : {}) });

/** A probe's report: the internet access SVC-IB04-1 (CUST-1005's) is degraded. */
const probeReport = (externalId: string, services = [{ id: 'SVC-IB04-1' }]) => ({
  externalIdentifier: [{ id: externalId, externalIdentifierType: 'probeAlert' }],
  category: 'quality',
  priority: 2,
  description: 'packet loss above 5% for 10 minutes',
  reason: 'availability below target',
  originatorParty: { id: 'PROBE-LYO', role: 'originator', '@referredType': 'Organization' },
  affectedService: services,
});

describe('TMF656 Service Problem against the real workers', () => {
  it('shows the service problem a TMF621 ticket opened, linked to the ticket both ways', async () => {
    await withApi(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const id = rt.id('TT-sp');
        const posted = await rt.call('POST', `${TT}/troubleTicket`, {
          expect: 'TroubleTicket',
          spec: TMF621,
          body: troubleReport(id, 'minor'),
        });
        expect(posted.status).toBe(201);
        const sp = `SP-${id}`;
        await workOrderAssigned(rt, sp);

        const read = await problems(rt, 'GET', `/serviceProblem/${sp}`);
        expect(read.body).toMatchObject({
          id: sp,
          category: 'customer',
          priority: 3,
          affectedService: [{ id: 'SVC-IB04-1', href: `${rt.base}/tmf-api/serviceInventory/v4/service/SVC-IB04-1` }],
          relatedParty: [{ id: 'CUST-1005' }],
          troubleTicket: [{ id, href: `${rt.base}${TT}/troubleTicket/${id}` }],
        });
        expect(['acknowledged', 'inProgress']).toContain(read.body.status);

        const ticket = await rt.call<Problem>('GET', `${TT}/troubleTicket/${id}`, {
          expect: 'TroubleTicket',
          spec: TMF621,
        });
        expect(ticket.body['relatedEntity']).toContainEqual(
          expect.objectContaining({ id: sp, href: `${SPM}/serviceProblem/${sp}`, '@referredType': 'ServiceProblem' }),
        );
        const listed = await problems<Problem[]>(
          rt,
          'GET',
          `/serviceProblem?troubleTicket.id=${id}&relatedParty.id=CUST-1005&category=customer&fields=status`,
        );
        expect(listed.body.map((p) => p.id)).toEqual([sp]);
        expect(listed.headers.get('x-total-count')).toBe('1');
        expect(Object.keys(listed.body[0]!)).toContain('status');
        expect(Object.keys(listed.body[0]!)).not.toContain('description');
        expect(
          (await problems<Problem[]>(rt, 'GET', `/serviceProblem?id=${sp}&creationDate.gt=2999-01-01`)).body,
        ).toEqual([]);

        // The customer's cancel through TMF621 ends the problem too.
        await rt.call('PATCH', `${TT}/troubleTicket/${id}`, {
          body: { status: 'cancelled' },
          expect: 'TroubleTicket',
          spec: TMF621,
        });
        await eventually(
          async () => (await problems(rt, 'GET', `/serviceProblem/${sp}`)).body.status === 'cancelled',
          `${sp} cancelled`,
        );
      },
      { installedBase: true },
    );
  });

  it('opens a problem an external system reports (origin quality), once however often it is posted', async () => {
    await withApi(
      async (rt) => {
        const ext = rt.id('PROBE-ALERT');
        const posted = await problems(rt, 'POST', '/serviceProblem', probeReport(ext));
        expect(posted.status).toBe(201);
        const id = posted.body.id;
        expect(posted.headers.get('location')).toBe(`${SPM}/serviceProblem/${id}`);
        expect(posted.body).toMatchObject({ status: 'acknowledged', '@type': 'ServiceProblem' });
        expect((await problems(rt, 'POST', '/serviceProblem', probeReport(ext))).body.id).toBe(id);
        // Visibility lists a started workflow a moment later: wait for it, then there is exactly one.
        const listed = await eventually(
          async () => {
            const same = (await rt.workflowIds('smo')).filter((w) => w === id);
            return same.length > 0 && same;
          },
          `${id} in visibility`,
          60_000,
        );
        expect(listed).toEqual([id]);
        expect((await rt.client.workflow.getHandle(id).describe()).type).toBe('serviceProblem');
        await eventually(
          async () =>
            rowsOf(rt, 'SELECT origin, customer_id, urgency FROM service_problems WHERE id = ?', id).length > 0,
          `${id} recorded`,
        );
        expect(rowsOf(rt, 'SELECT origin, customer_id, urgency FROM service_problems WHERE id = ?', id)).toEqual([
          { origin: 'quality', customer_id: 'CUST-1005', urgency: 'high' },
        ]);
        const read = await problems(rt, 'GET', `/serviceProblem/${id}`);
        expect(read.body).toMatchObject({ category: 'quality', priority: 2, relatedParty: [{ id: 'CUST-1005' }] });
      },
      { installedBase: true },
    );
  });

  it('refuses bad bodies (400), problems it cannot work (422), strangers (401, 403), starting nothing', async () => {
    await withApi(
      async (rt) => {
        const ext = rt.id('PROBE-BAD');
        const { category: _, ...noCategory } = probeReport(ext);
        const bad = await rt.call<Failure>('POST', `${SPM}/serviceProblem`, { body: noCategory });
        expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('/category')]);
        const nowhere = await rt.call<Failure>('POST', `${SPM}/serviceProblem`, {
          body: probeReport(ext, [{ id: 'SVC-NOWHERE' }]),
        });
        expect([nowhere.status, nowhere.body.message]).toEqual([
          422,
          expect.stringContaining('no service SVC-NOWHERE'),
        ]);
        const two = await rt.call<Failure>('POST', `${SPM}/serviceProblem`, {
          body: probeReport(ext, [{ id: 'SVC-IB04-1' }, { id: 'SVC-IB04-2' }]),
        });
        expect(two.status).toBe(422);
        expect((await rt.call('POST', `${SPM}/serviceProblem`, { body: probeReport(ext), token: null })).status).toBe(
          401,
        );
        expect(
          (await rt.call('POST', `${SPM}/serviceProblem`, { body: probeReport(ext), token: TOKENS.reader })).status,
        ).toBe(403);
        expect((await rt.call('GET', `${SPM}/serviceProblem`, { token: TOKENS.otherApi })).status).toBe(403);
        expect((await rt.call('GET', `${SPM}/serviceProblem/SP-NONE`)).status).toBe(404);
        expect(await rt.workflowIds('smo')).toEqual([]);
        expect(rowsOf(rt, 'SELECT id FROM service_problems')).toEqual([]);
      },
      { installedBase: true },
    );
  });
});
