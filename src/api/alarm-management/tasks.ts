import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { alarmEvent } from '../../events/alarm-events';
import type { Ports } from '../../ports';
import type { AlarmEvent, AlarmPattern, AlarmTask, ListedAlarm } from '../../ports/alarms';
import { orderCollection } from '../collection';
import { ApiError } from '../errors';
import { allowed } from '../listing';
import { orderIdFor } from '../order-request';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { fromTask, taskHref } from './representation';
import { type PatternBody, toPatterns } from './request';

/** Alarm ingest as the API runs it: the batches stored, as the alarms each raised and cleared. */
type Ingest = (
  request: FastifyRequest,
  o: { sourceSystemId: string; key: string },
  events: AlarmEvent[],
) => Promise<Array<{ raised: ListedAlarm[]; cleared: ListedAlarm[] }>>;

/** Wakes the delivery of the events a request stored. */
type Wake = (request: FastifyRequest) => Promise<void>;

interface AckBody {
  id?: string;
  ackUserId: string;
  ackSystemId: string;
  ackTime?: string;
  alarmPattern: PatternBody;
}
interface ClearBody {
  id?: string;
  clearUserId: string;
  clearSystemId: string;
  alarmClearedTime: string;
  alarmPattern: PatternBody;
}

/** Each task's definition in the specification (its body: `<definition>_Create`). */
const DEFINITION = { ackAlarms: 'AckAlarms', clearAlarms: 'ClearAlarms' } as const;

/** The most alarms one clearAlarms task clears: a pattern matching more is to be narrowed. */
const MAX_CLEARED = 10_000;

/**
 * POST /ackAlarms and /clearAlarms (and GET, list and one): TMF642's tasks on the alarm list.
 * A task's id is the `id` posted with it when there is one (posted again, it is the one task,
 * applied once), else a new one. An acknowledgement is the operator's, recorded with the task
 * in one transaction. A clear is a clear from the network's point of view: it goes through
 * alarm ingest like any other, so surveillance (1.A.3.3.1) sees it, and ends every alarm
 * raised on the same object for the same cause (the repeats with it).
 */
export function alarmTasks(
  app: FastifyInstance,
  { spec, ports, ingest, wake }: { spec: TmfSpec; ports: Pick<Ports, 'alarms' | 'clock'>; ingest: Ingest; wake: Wake },
): void {
  /**
   * A task posted: valid against the spec, its patterns ones the alarm list can match, and its
   * id. Posted again under a recorded id, it is answered as recorded and applied no more.
   */
  const posted =
    <B extends { id?: string; alarmPattern: PatternBody }>(
      kind: AlarmTask['kind'],
      prefix: string,
      apply: (request: FastifyRequest, body: B, id: string, patterns: AlarmPattern[]) => Promise<AlarmTask>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = validBody<B>(spec, `${DEFINITION[kind]}_Create`, request.body);
      const patterns = toPatterns(body.alarmPattern);
      const id = orderIdFor({ externalId: body.id }, prefix);
      const known = await ports.alarms.task(id);
      if (known && known.kind !== kind) throw ApiError.conflict(`${id} is a ${known.kind} task`);
      const task = known ?? (await apply(request, body, id, patterns));
      return reply.code(201).header('Location', taskHref(kind, id)).send(fromTask(spec, task));
    };

  const acknowledge = posted<AckBody>('ackAlarms', 'ACK', async (request, body, id, patterns) => {
    const task = await ports.alarms.acknowledge(
      {
        id,
        userId: body.ackUserId,
        systemId: body.ackSystemId,
        at: body.ackTime ? new Date(body.ackTime).toISOString() : ports.clock().toISOString(),
        alarmPattern: body.alarmPattern,
      },
      patterns,
      alarmEvent,
    );
    await wake(request);
    return task;
  });

  const clear = posted<ClearBody>('clearAlarms', 'CLR', async (request, body, id, patterns) => {
    const matched = await ports.alarms.matching(patterns, MAX_CLEARED + 1);
    if (matched.length > MAX_CLEARED)
      throw new ApiError(422, 'TOO_MANY_ALARMS', 'Too many alarms', `the patterns match over ${MAX_CLEARED} alarms`);
    const at = new Date(body.alarmClearedTime).toISOString();
    // One clear per object and cause: it ends every alarm raised there before it.
    const clears = new Map<string, AlarmEvent>();
    for (const a of matched.filter((m) => m.state !== 'cleared'))
      clears.set(`${a.alarmedObject}\u0000${a.probableCause}`, {
        alarmType: a.alarmType,
        perceivedSeverity: 'cleared',
        probableCause: a.probableCause,
        alarmedObject: a.alarmedObject,
        sourceSystemId: a.sourceSystemId,
        state: 'cleared',
        eventTime: at,
        clearUserId: body.clearUserId,
        clearSystemId: body.clearSystemId,
      });
    const batches = clears.size
      ? await ingest(request, { sourceSystemId: body.clearSystemId, key: `tmf642/clearAlarms/${id}` }, [
          ...clears.values(),
        ])
      : [];
    return ports.alarms.recordTask({
      id,
      kind: 'clearAlarms',
      userId: body.clearUserId,
      systemId: body.clearSystemId,
      at,
      alarmPattern: body.alarmPattern,
      alarmNumbers: batches.flatMap((b) => b.cleared.map((a) => a.number)),
    });
  });

  for (const [kind, create] of [
    ['ackAlarms', acknowledge],
    ['clearAlarms', clear],
  ] as const) {
    orderCollection(app, {
      spec,
      collection: kind,
      definition: DEFINITION[kind],
      filters: { id: 'string' },
      async search(query) {
        const page = await ports.alarms.tasks(kind, allowed(query.filters, 'id'), query.offset, query.limit);
        return { total: page.total, resources: page.orders.map((t) => fromTask(spec, t)) };
      },
      async read(id) {
        const t = await ports.alarms.task(id);
        return t?.kind === kind ? fromTask(spec, t) : undefined;
      },
      create,
    });
  }
}
