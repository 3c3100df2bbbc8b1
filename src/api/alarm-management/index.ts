import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AlarmAckState, AlarmState } from '../../domain/assurance/states';
import type { AssuranceTimingsInput } from '../../domain/assurance/timings';
import { alarmEvent } from '../../events/alarm-events';
import { wakeDeliveryFromApi } from '../../events/wake-from-api';
import {
  AlarmSurveillanceRequest,
  deploymentSurveillance,
  handOver,
  type IngestOptions,
  ingestAlarms,
} from '../../assurance/alarm-ingest';
import type { Ports } from '../../ports';
import type { AlarmAnalysis, AlarmEvent, ListedAlarm } from '../../ports/alarms';
import { orderCollection } from '../collection';
import { ApiError } from '../errors';
import { allowed, dateBounds } from '../listing';
import type { Filter } from '../query';
import type { Resource } from '../representation';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { ALARM_API, ALARM_MANAGEMENT_SPEC, alarmHref, fromAlarm } from './representation';
import { type AlarmBody, toAlarmEvent, unknownObject } from './request';
import { alarmTasks } from './tasks';

export { ALARM_MANAGEMENT_SPEC };

export interface AlarmManagementOptions {
  client: Client;
  ports: Pick<Ports, 'alarms' | 'resourceInventory' | 'eventSubscriptions' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
  /** The waits of alarm surveillance, when the first alarm starts it (the defaults in production). */
  assuranceTimings?: AssuranceTimingsInput;
}

const FILTERS = {
  id: 'string',
  state: 'string',
  ackState: 'string',
  perceivedSeverity: 'string',
  alarmType: 'string',
  probableCause: 'string',
  'alarmedObject.id': 'string',
  sourceSystemId: 'string',
  externalAlarmId: 'string',
  isRootCause: 'string',
  alarmRaisedTime: 'date',
  alarmClearedTime: 'date',
} as const;
const DATE_FIELDS = { alarmRaisedTime: 'raisedTime', alarmClearedTime: 'clearedTime' } as const;
const NOT_ROOT: AlarmAnalysis[] = ['pending', 'waiting', 'duplicate', 'transient', 'folded'];

/** isRootCause=true is the root alarms; false every other, those not analysed yet too. */
function analyses(filters: Filter[]): AlarmAnalysis[] | undefined {
  const wanted = allowed(filters, 'isRootCause');
  if (!wanted) return undefined;
  const odd = wanted.find((v) => v !== 'true' && v !== 'false');
  if (odd) throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', `isRootCause is true or false (got ${odd})`);
  return [...(wanted.includes('true') ? ['root' as const] : []), ...(wanted.includes('false') ? NOT_ROOT : [])];
}

/** An alarm's id is its number: anything else names no alarm. */
const numberOf = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);

const toSearch = (filters: Filter[]) => ({
  numbers: allowed(filters, 'id')
    ?.map(numberOf)
    .filter((n) => n !== undefined),
  states: allowed(filters, 'state') as AlarmState[] | undefined,
  ackStates: allowed(filters, 'ackState') as AlarmAckState[] | undefined,
  severities: allowed(filters, 'perceivedSeverity'),
  alarmTypes: allowed(filters, 'alarmType'),
  probableCauses: allowed(filters, 'probableCause'),
  alarmedObjects: allowed(filters, 'alarmedObject.id'),
  sourceSystemIds: allowed(filters, 'sourceSystemId'),
  externalAlarmIds: allowed(filters, 'externalAlarmId'),
  analyses: analyses(filters),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF642 Alarm Management over RM&O's alarm list. A posted alarm is a raise from the network:
 * it goes through alarm ingest like every other (stored, its batch signalled by id to the
 * deployment's `alarmSurveillance`, 1.A.3.3.1, started with the first), and GET shows what
 * surveillance made of it — root cause, or the alarm it was folded into. ackAlarms and
 * clearAlarms act on the alarms their patterns match. Each change publishes its event.
 */
export async function alarmManagement(app: FastifyInstance, opts: AlarmManagementOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const surveillance = deploymentSurveillance(opts.taskQueuePrefix);
  const target = { client, workflowId: surveillance.workflowId, taskQueuePrefix: opts.taskQueuePrefix };
  // How surveillance is started with the first alarm, if it does not run.
  const startWith = AlarmSurveillanceRequest.parse({
    timings: opts.assuranceTimings ?? {},
    troubleIdPrefix: surveillance.troubleIdPrefix,
  });
  // TMF642's id is an integer; the collection only projects the alarm and sends it.
  const shown = (a: ListedAlarm) => fromAlarm(spec, a) as unknown as Resource;

  const wake = (request: FastifyRequest) =>
    wakeDeliveryFromApi(client, ports.eventSubscriptions, ALARM_API, opts.taskQueuePrefix, request.log);
  /** Ingest as the network's alarms go through it, publishing each change to the API's listeners. */
  const ingest = async (
    request: FastifyRequest,
    o: Pick<IngestOptions, 'sourceSystemId' | 'key'>,
    events: AlarmEvent[],
  ) => {
    const batches = await ingestAlarms(
      { ...target, alarms: ports.alarms, request: startWith, publish: alarmEvent, ...o },
      events,
    );
    await wake(request);
    return Promise.all(batches.map((b) => ports.alarms.ofBatch(b.batchId)));
  };

  orderCollection(app, {
    spec,
    collection: 'alarm',
    definition: 'Alarm',
    filters: FILTERS,
    async search(query) {
      const page = await ports.alarms.search({ ...toSearch(query.filters), offset: query.offset, limit: query.limit });
      return { total: page.total, resources: page.orders.map(shown) };
    },
    async read(id) {
      const n = numberOf(id);
      const found = n === undefined ? undefined : await ports.alarms.byNumber(n);
      return found && shown(found);
    },
    async create(request, reply) {
      const event = toAlarmEvent(validBody<AlarmBody>(spec, 'Alarm_Create', request.body));
      const known = await ports.resourceInventory.search({ ids: [event.alarmedObject], offset: 0, limit: 1 });
      if (!known.total) throw unknownObject(event.alarmedObject);
      // The alarm a source system posts again under its own id is the one alarm: nothing is ingested twice.
      const ext = event.externalAlarmId;
      let alarm = ext ? await ports.alarms.byExternalId(event.sourceSystemId, ext) : undefined;
      // Stored but not analysed yet, its batch may not have reached surveillance (the signal was
      // lost): it is handed over again, and nothing is stored twice.
      if (alarm?.analysis === 'pending') {
        const count = (await ports.alarms.ofBatch(alarm.batchId)).raised.length;
        await handOver(target, startWith, { batchId: alarm.batchId, count });
      }
      if (!alarm) {
        const key = ext ? `tmf642/${event.sourceSystemId}/${ext}` : undefined;
        const [batch] = await ingest(request, { sourceSystemId: event.sourceSystemId, key }, [event]);
        alarm = batch!.raised[0]!;
      }
      return reply.code(201).header('Location', alarmHref(alarm.number)).send(fromAlarm(spec, alarm));
    },
  });

  alarmTasks(app, { spec, ports, ingest, wake });
}
