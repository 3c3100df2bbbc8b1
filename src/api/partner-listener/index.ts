import { timingSafeEqual } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadSuppliers, type SuppliersConfig } from '../../config/suppliers';
import type { Ports } from '../../ports';
import { supplierProblemReportSignal } from '../../../workflows/shared/assurance-messages';
import { supplierReportSignal } from '../../../workflows/shared/fulfilment-messages';
import { ApiError } from '../errors';
import { resource } from '../routes';
import { HubEvent, signalOf, withOrderIdAsExternal } from './events';

export interface PartnerListenerOptions {
  client: Client;
  ports: Pick<Ports, 'partnerOrders' | 'partnerProblems' | 'clock'>;
  /** The suppliers whose events we take (default: ETOM_SUPPLIERS); one without a listener token is refused. */
  suppliers?: SuppliersConfig;
}

/** What marks an event taken, on the requisition's or problem's own events: its id, once. */
const TAKEN = 'supplierEvent';

const unauthorized = () =>
  new ApiError(401, 'UNAUTHORIZED', 'Unauthorized', 'a supplier token valid for this listener is required', {
    'WWW-Authenticate': `Bearer realm="etom-partner", error="invalid_token"`,
  });

/** The token the sender presents: its bearer header, or the callback's `token` (hubs that send no header). */
function presented(request: FastifyRequest): string | undefined {
  const header = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const query = (request.query as Record<string, unknown> | undefined)?.['token'];
  return header ?? (typeof query === 'string' ? query : undefined);
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Our listener for each supplier's hub (TMF630), `POST /partner/{supplierId}/listener`: its
 * TMF622 order and TMF621 ticket events become the `supplierReport` and `supplierProblemReport`
 * signals the partner order and partner problem workflows wait for. Only the supplier itself
 * may speak: its own token (401 otherwise), about its own orders and tickets (403 otherwise).
 * An event is taken once: its id is claimed on the order's or problem's events (a unique key,
 * in one statement) before the signal, and the same event again — later or at the same moment
 * — is acknowledged without a second signal. A signal that fails gives its claim back and
 * answers 503, so the hub's retry is taken as new.
 */
export async function partnerListener(app: FastifyInstance, opts: PartnerListenerOptions): Promise<void> {
  const suppliers = opts.suppliers ?? loadSuppliers(process.env['ETOM_SUPPLIERS']);
  const { client, ports } = opts;

  resource(app, '/partner/:supplierId/listener', {
    async POST(request, reply) {
      const { supplierId } = request.params as { supplierId: string };
      const expected = suppliers[supplierId]?.listenerToken;
      const token = presented(request);
      // An unknown sender and a wrong token are one answer: nothing tells which suppliers we know.
      if (!expected || !token || !same(token, expected)) throw unauthorized();

      const parsed = HubEvent.safeParse(request.body);
      if (!parsed.success)
        throw ApiError.invalid(
          'Invalid event',
          parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
        );
      const { event: e, ownId } = withOrderIdAsExternal(parsed.data);
      const signal = signalOf(e, ports.clock);
      if (signal.to === 'nobody') return reply.code(204).send();

      const store = signal.to === 'partnerOrder' ? ports.partnerOrders : ports.partnerProblems;
      const record = await store.get(signal.id);
      // An order or ticket named by its own id that is none of ours: not ours to hear, as with no externalId.
      if (!record && ownId) return reply.code(204).send();
      if (!record) throw ApiError.notFound(`${signal.to === 'partnerOrder' ? 'requisition' : 'problem'} ${signal.id}`);
      if (record.supplierId !== supplierId)
        throw new ApiError(403, 'FORBIDDEN', 'Forbidden', `${signal.id} was not placed with ${supplierId}`);

      // One event, one signal: the store's unique key is claimed before signalling, in one
      // insert-or-ignore, so of two deliveries at the same moment only one goes on to signal.
      const key = `event:${e.eventId}`;
      const claimed = await store.addEvent(signal.id, {
        kind: TAKEN,
        detail: `${e.eventType} ${e.eventId}`,
        key,
        at: signal.report.at,
      });
      if (!claimed) return reply.code(204).send();

      // The workflow's id is the requisition's or problem's own (S/PRM starts them so).
      const handle = client.workflow.getHandle(signal.id);
      try {
        if (signal.to === 'partnerOrder') await handle.signal(supplierReportSignal, signal.report);
        else await handle.signal(supplierProblemReportSignal, signal.report);
      } catch (err) {
        // Its workflow is over: the event has no one left to change, and the hub need not send it again.
        if (err instanceof WorkflowNotFoundError) return reply.code(204).send();
        // Not delivered (Temporal unreachable, say): the claim is taken back and the hub told to
        // send it again, or the next delivery would be taken for a duplicate and the event lost.
        await store.removeEvent(signal.id, key);
        request.log.warn({ eventId: e.eventId, err: (err as Error).name }, 'supplier event not signalled: released');
        throw new ApiError(
          503,
          'UNAVAILABLE',
          'Service unavailable',
          'the event could not be delivered; send it again',
          {
            'Retry-After': '30',
          },
        );
      }
      return reply.code(204).send();
    },
  });
}
