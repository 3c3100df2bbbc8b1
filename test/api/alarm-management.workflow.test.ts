import { describe, expect, it } from 'vitest';
import { deploymentSurveillance } from '../../src/assurance/alarm-ingest';
import { eventDeliveryId } from '../../workflows/crm/event-delivery';
import { rowsOf } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { listener } from './listener';
import { type ApiTestRuntime, expectValid, TOKENS, withApi } from './support';

const TMF642 = 'TMF642-AlarmManagement-v4.0.0.swagger.json';
const AM = '/tmf-api/alarm/v4';

type Ref = { id: string | number; href: string };
type Alarm = {
  id: number;
  href: string;
  state: string;
  ackState: string;
  isRootCause?: boolean;
  parentAlarm?: Ref[];
  correlatedAlarm?: Ref[];
  alarmDetails: string;
  [k: string]: unknown;
};
type Task = { id: string; ackedAlarm?: Ref[]; clearedAlarm?: Ref[]; [k: string]: unknown };
type Failure = { code: string; message: string };
type Envelope = { eventType: string; event: { alarm: Alarm } };

const call = <T = Alarm>(rt: ApiTestRuntime, method: string, url: string, definition = 'Alarm', body?: unknown) =>
  rt.call<T>(method, `${AM}${url}`, { expect: definition, spec: TMF642, ...(body ? { body } : {}) });

/** A raise posted as an element manager posts it. */
const postAlarm = (rt: ApiTestRuntime, body: unknown) => call(rt, 'POST', '/alarm', 'Alarm', body);

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** A raise from the Paris element manager. */
const raise = (over: Record<string, unknown> & { alarmedObject: { id: string } }) => ({
  alarmType: 'equipmentAlarm',
  perceivedSeverity: 'major',
  probableCause: 'equipmentMalfunction',
  sourceSystemId: 'EMS-PAR',
  state: 'raised',
  alarmRaisedTime: ago(60),
  ...over,
});

/** A listener subscribed to TMF642's events; `end` unsubscribes it and waits for its delivery to stop. */
async function subscribed(rt: ApiTestRuntime) {
  const heardBy = await listener<Envelope>();
  const r = await rt.call<{ id: string }>('POST', `${AM}/hub`, {
    body: { callback: heardBy.url },
    expect: 'EventSubscription',
    spec: TMF642,
  });
  expect(r.status).toBe(201);
  const end = async () => {
    // Subscription ids restart with each test's store: a delivery left running would take the next test's.
    await fetch(`${rt.base}${AM}/hub/${r.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKENS.full}` },
    });
    await rt.client.workflow
      .getHandle(eventDeliveryId(r.body.id))
      .result()
      .catch(() => undefined);
    await heardBy.close();
  };
  return { received: heardBy.received, end };
}

/** What the listener heard of one alarm: event type and the alarm's state and ack state. */
const heard = (events: Envelope[], id: number) =>
  events
    .filter((e) => e.event.alarm.id === id)
    .map((e) => `${e.eventType}:${e.event.alarm.state}/${e.event.alarm.ackState}`);

/** The alarm once surveillance has analysed it and found it not a root cause. */
const notRoot = (rt: ApiTestRuntime, id: number, what: string) =>
  eventually(
    async () => {
      const a = (await call(rt, 'GET', `/alarm/${id}`)).body;
      return a.isRootCause === false && a;
    },
    what,
    60_000,
  );

const stopSurveillance = (rt: ApiTestRuntime) =>
  rt.client.workflow
    .getHandle(deploymentSurveillance(rt.prefix).workflowId)
    .terminate('test over')
    .catch(() => undefined);

describe('TMF642 Alarm Management against the real workers', () => {
  it('raises alarms into surveillance and shows the root cause and the alarm folded into it', async () => {
    await withApi(async (rt) => {
      const heardBy = await subscribed(rt);
      try {
        const ext = rt.id('EMS-ALARM');
        const card = 'CARD-PAR-1-1';
        const [rootAt, foldedAt] = [ago(60), ago(50)];
        const posted = await postAlarm(
          rt,
          raise({ externalAlarmId: ext, alarmRaisedTime: rootAt, alarmedObject: { id: card } }),
        );
        expect(posted.status).toBe(201);
        const root = posted.body.id;
        expect(root).toBeTypeOf('number');
        expect(posted.headers.get('location')).toBe(`${AM}/alarm/${root}`);
        expect(posted.body).toMatchObject({
          externalAlarmId: ext,
          state: 'raised',
          ackState: 'unacknowledged',
          alarmedObject: { id: card, href: `/tmf-api/resourceInventoryManagement/v4/resource/${card}` },
          '@type': 'Alarm',
        });
        // A second, different, fault of the same card, raised ten seconds later.
        const second = await postAlarm(
          rt,
          raise({ probableCause: 'powerProblem', alarmRaisedTime: foldedAt, alarmedObject: { id: card } }),
        );
        const folded = second.body.id;
        // The same alarm posted again by its source is the one alarm: nothing ingested twice.
        const again = await postAlarm(
          rt,
          raise({ externalAlarmId: ext, alarmRaisedTime: rootAt, alarmedObject: { id: card } }),
        );
        expect([again.status, again.body.id]).toEqual([201, root]);
        expect(rowsOf(rt, 'SELECT COUNT(*) AS n FROM alarm_batches')).toEqual([{ n: 2 }]);

        // Surveillance (1.A.3.3.1) analyses them: the first is the root cause, the second folded into it.
        const shown = await notRoot(rt, folded, 'the second alarm analysed');
        expect(shown.parentAlarm).toEqual([
          { id: String(root), href: `${AM}/alarm/${root}`, '@referredType': 'Alarm' },
        ]);
        expect(shown.alarmDetails).toMatch(new RegExp(`folded into root cause RT-${rt.prefix}-\\d+`));
        const rootShown = (await call(rt, 'GET', `/alarm/${root}`)).body;
        expect(rootShown).toMatchObject({ isRootCause: true, correlatedAlarm: [{ id: String(folded) }] });
        expect(rootShown.alarmDetails).toMatch(/^the root cause alarm: root cause RT-.*resource trouble RT-/);
        expect(rootShown.parentAlarm).toBeUndefined();

        // Filters, fields= and paging; newest raised first.
        const list = (q: string) => call<Alarm[]>(rt, 'GET', `/alarm?${q}`);
        const onCard = await list(`alarmedObject.id=${card}`);
        expect(onCard.body.map((a) => a.id)).toEqual([folded, root]);
        expect(onCard.headers.get('x-total-count')).toBe('2');
        expect((await list(`alarmedObject.id=${card}&isRootCause=true`)).body.map((a) => a.id)).toEqual([root]);
        expect((await list(`isRootCause=false&probableCause=powerProblem`)).body.map((a) => a.id)).toEqual([folded]);
        expect(
          (
            await list(`id=${root},${folded}&alarmRaisedTime.gt=${new Date(Date.parse(rootAt) + 5000).toISOString()}`)
          ).body.map((a) => a.id),
        ).toEqual([folded]);
        expect(
          (await list(`externalAlarmId=${ext}&sourceSystemId=EMS-PAR&alarmType=equipmentAlarm`)).body,
        ).toHaveLength(1);
        const page = await list(`alarmedObject.id=${card}&offset=1&limit=1&fields=probableCause`);
        expect(page.body).toEqual([expect.objectContaining({ id: root, probableCause: 'equipmentMalfunction' })]);
        expect(Object.keys(page.body[0]!).sort()).toEqual(
          ['id', 'href', '@type', '@baseType', '@schemaLocation', 'probableCause'].sort(),
        );
        expect([page.headers.get('x-total-count'), page.headers.get('x-result-count')]).toEqual(['2', '1']);
        expect((await list('id=abc')).body).toEqual([]);
        expect((await rt.call<Failure>('GET', `${AM}/alarm?isRootCause=maybe`)).status).toBe(400);
        expect((await rt.call<Failure>('GET', `${AM}/alarm?comment=x`)).status).toBe(400);

        // Each raise was told to the listener once, the alarm as GET showed it then; and what
        // surveillance (RM&O) then made of each alarm was told too, from its own changes: the
        // fold, the root alarm gathering the folded one, and the trouble report's acknowledgement.
        const of = (id: number) => heardBy.received.filter((e) => e.event.alarm.id === id);
        await eventually(
          async () =>
            of(folded).some((e) => e.event.alarm.parentAlarm) &&
            of(root).some((e) => e.event.alarm.correlatedAlarm) &&
            of(root).some((e) => e.event.alarm.ackState === 'acknowledged'),
          'surveillance told its fold and its acknowledgement',
          60_000,
        );
        for (const e of heardBy.received) expectValid(e.eventType, e, TMF642);
        for (const id of [root, folded]) {
          expect(heard(heardBy.received, id)[0]).toBe('AlarmCreateEvent:raised/unacknowledged');
          expect(heard(heardBy.received, id).filter((h) => h.startsWith('AlarmCreateEvent'))).toHaveLength(1);
        }
        const foldTold = of(folded).find((e) => e.event.alarm.parentAlarm)!;
        expect(foldTold.eventType).toBe('AlarmAttributeValueChangeEvent');
        expect(foldTold.event.alarm).toMatchObject({ isRootCause: false, parentAlarm: [{ id: String(root) }] });
        const gathered = of(root).find((e) => e.event.alarm.correlatedAlarm)!;
        expect(gathered.eventType).toBe('AlarmAttributeValueChangeEvent');
        expect(gathered.event.alarm).toMatchObject({ isRootCause: true, correlatedAlarm: [{ id: String(folded) }] });
      } finally {
        await heardBy.end();
        await stopSurveillance(rt);
      }
    });
  });

  it('acknowledges and clears the alarms a pattern matches, once per task, each change told in order', async () => {
    // A long transient window: the alarm waits in surveillance, raised, until the test clears it.
    await withApi(
      async (rt) => {
        const heardBy = await subscribed(rt);
        try {
          const port = 'PORT-PAR-1-1-1';
          const posted = await postAlarm(
            rt,
            raise({
              alarmType: 'communicationsAlarm',
              probableCause: 'lossOfSignal',
              alarmRaisedTime: ago(0),
              alarmedObject: { id: port },
            }),
          );
          const id = posted.body.id;

          const ack = { id: rt.id('ACK'), ackUserId: 'noc-anna', ackSystemId: 'NOC-PAR', alarmPattern: [{ id }] };
          const acked = await call<Task>(rt, 'POST', '/ackAlarms', 'AckAlarms', ack);
          expect(acked.status).toBe(201);
          expect(acked.headers.get('location')).toBe(`${AM}/ackAlarms/${ack.id}`);
          expect(acked.body).toMatchObject({ id: ack.id, state: 'done', ackUserId: 'noc-anna', ackedAlarm: [{ id }] });
          expect((await call<Task>(rt, 'POST', '/ackAlarms', 'AckAlarms', ack)).body).toEqual(acked.body);
          expect((await call<Task>(rt, 'GET', `/ackAlarms/${ack.id}`, 'AckAlarms')).body).toEqual(acked.body);
          expect((await call<Task[]>(rt, 'GET', `/ackAlarms?id=${ack.id}`, 'AckAlarms')).body).toEqual([acked.body]);
          expect((await call(rt, 'GET', `/alarm/${id}`)).body).toMatchObject({
            ackState: 'acknowledged',
            ackUserId: 'noc-anna',
            ackSystemId: 'NOC-PAR',
          });

          const clear = {
            id: rt.id('CLR'),
            clearUserId: 'noc-anna',
            clearSystemId: 'NOC-PAR',
            alarmClearedTime: new Date().toISOString(),
            alarmPattern: [{ alarmedObject: { id: port }, probableCause: 'lossOfSignal' }],
          };
          const cleared = await call<Task>(rt, 'POST', '/clearAlarms', 'ClearAlarms', clear);
          expect(cleared.status).toBe(201);
          expect(cleared.body).toMatchObject({ id: clear.id, clearedAlarm: [{ id }] });
          expect((await call<Task>(rt, 'POST', '/clearAlarms', 'ClearAlarms', clear)).body).toEqual(cleared.body);
          expect((await call<Task>(rt, 'GET', `/clearAlarms/${clear.id}`, 'ClearAlarms')).body).toEqual(cleared.body);
          expect((await call(rt, 'GET', `/alarm/${id}`)).body).toMatchObject({
            state: 'cleared',
            perceivedSeverity: 'cleared',
            clearUserId: 'noc-anna',
            alarmClearedTime: new Date(clear.alarmClearedTime).toISOString(),
          });
          // The clear went through ingest: surveillance saw it, and the alarm was a transient.
          const analysed = await notRoot(rt, id, 'the cleared alarm analysed');
          expect(analysed.alarmDetails).toMatch(/^transient/);

          // Patterns the alarm list cannot match on change nothing.
          for (const alarmPattern of [[{}], [{ comment: [{ comment: 'x' }] }], [{ alarmedObject: {} }]]) {
            const refused = await rt.call<Failure>('POST', `${AM}/ackAlarms`, {
              body: { ackUserId: 'u', ackSystemId: 's', alarmPattern },
            });
            expect([refused.status, refused.body.code]).toEqual([422, 'UNPROCESSABLE_PATTERN']);
          }
          const noUser = await rt.call<Failure>('POST', `${AM}/ackAlarms`, {
            body: { ackSystemId: 's', alarmPattern: [{ id }] },
          });
          expect([noUser.status, noUser.body.message]).toEqual([400, expect.stringContaining('/ackUserId')]);
          expect(rowsOf(rt, 'SELECT COUNT(*) AS n FROM alarm_tasks')).toEqual([{ n: 2 }]);

          // The listener heard the raise, the acknowledgement and the clear, once each, in order;
          // and surveillance's own verdicts: transient, after the clear, and waiting before it if
          // surveillance got to the alarm before the clear (before or after the ack, as it ran).
          const told = () => heardBy.received.filter((e) => e.event.alarm.id === id);
          await eventually(
            async () => told().some((e) => /^transient/.test(e.event.alarm.alarmDetails)),
            'the transient verdict told',
            45_000,
          );
          for (const e of heardBy.received) expectValid(e.eventType, e, TMF642);
          const waited = told().filter((e) => /waits/.test(e.event.alarm.alarmDetails));
          expect(waited.map((e) => `${e.eventType}:${e.event.alarm.state}`)).toEqual(
            waited.length ? ['AlarmAttributeValueChangeEvent:raised'] : [],
          );
          const rest = told().filter((e) => !waited.includes(e));
          expect(heard(rest, id)).toEqual([
            'AlarmCreateEvent:raised/unacknowledged',
            'AlarmAttributeValueChangeEvent:raised/acknowledged',
            'AlarmStateChangeEvent:cleared/acknowledged',
            'AlarmAttributeValueChangeEvent:cleared/acknowledged',
          ]);
          expect(rest.at(-1)!.event.alarm.alarmDetails).toMatch(/^transient/);
        } finally {
          await heardBy.end();
          await stopSurveillance(rt);
        }
      },
      { assuranceTimings: { transientWindow: '1 hour' } },
    );
  });

  it('refuses bad bodies (400, paths named), alarms it cannot work (422), strangers, and writes nothing', async () => {
    await withApi(async (rt) => {
      const good = raise({ alarmedObject: { id: 'CARD-PAR-1-1' } });
      const { probableCause: _, alarmRaisedTime: __, ...incomplete } = good;
      const invalid: Array<[unknown, string[]]> = [
        [incomplete, ['/probableCause', '/alarmRaisedTime']],
        [{ ...good, alarmRaisedTime: 'yesterday' }, ['/alarmRaisedTime']],
        [{ ...good, alarmedObject: 'CARD-PAR-1-1', isRootCause: 'yes' }, ['/alarmedObject', '/isRootCause']],
        [[good], ['/']],
      ];
      for (const [body, paths] of invalid) {
        const r = await rt.call<Failure>('POST', `${AM}/alarm`, { body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        for (const p of paths) expect(r.body.message).toContain(p);
      }
      const unprocessable: Array<[unknown, string]> = [
        [{ ...good, alarmedObject: { id: 'CARD-NOWHERE' } }, 'no resource CARD-NOWHERE'],
        [{ ...good, alarmedObject: { href: '/x' } }, '/alarmedObject/id'],
        [{ ...good, alarmType: 'weirdAlarm' }, '/alarmType'],
        [{ ...good, perceivedSeverity: 'cleared' }, '/perceivedSeverity'],
        [{ ...good, state: 'cleared' }, 'clearAlarms'],
      ];
      for (const [body, message] of unprocessable) {
        const r = await rt.call<Failure>('POST', `${AM}/alarm`, { body });
        expect([r.status, r.body.message], JSON.stringify(body)).toEqual([422, expect.stringContaining(message)]);
      }
      const clearNoTime = await rt.call<Failure>('POST', `${AM}/clearAlarms`, {
        body: { clearUserId: 'u', clearSystemId: 's', alarmPattern: [{ id: 1 }] },
      });
      expect([clearNoTime.status, clearNoTime.body.message]).toEqual([
        400,
        expect.stringContaining('/alarmClearedTime'),
      ]);
      expect((await rt.call('POST', `${AM}/alarm`, { raw: 'x', contentType: 'text/plain' })).status).toBe(415);

      expect((await rt.call('POST', `${AM}/alarm`, { body: good, token: null })).status).toBe(401);
      expect((await rt.call('POST', `${AM}/alarm`, { body: good, token: TOKENS.reader })).status).toBe(403);
      expect((await rt.call('GET', `${AM}/alarm`, { token: TOKENS.otherApi })).status).toBe(403);
      for (const url of ['/alarm/999999', '/alarm/abc', '/ackAlarms/NONE', '/clearAlarms/NONE'])
        expect((await rt.call('GET', `${AM}${url}`)).status, url).toBe(404);
      for (const [method, url] of [
        ['DELETE', '/alarm/1'],
        ['PATCH', '/alarm/1'],
        ['PUT', '/alarm'],
        ['DELETE', '/ackAlarms/1'],
      ] as const) {
        const r = await rt.call(method, `${AM}${url}`, method === 'PATCH' ? { body: {} } : {});
        expect(r.status, `${method} ${url}`).toBe(405);
      }

      // Nothing was stored, nothing started, nothing published.
      expect(rowsOf(rt, 'SELECT id FROM alarms')).toEqual([]);
      expect(rowsOf(rt, 'SELECT id FROM alarm_batches')).toEqual([]);
      expect(rowsOf(rt, 'SELECT id FROM alarm_tasks')).toEqual([]);
      expect(rowsOf(rt, "SELECT seq FROM event_outbox WHERE api = 'alarm'")).toEqual([]);
      expect(await rt.workflowIds('rmo')).toEqual([]);
    });
  });
});
