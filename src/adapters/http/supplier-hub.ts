import type { SpecLibrary } from '../../api/spec';
import type { PartnerGatewayPort } from '../../ports/partner-gateway';
import { TMF621_SPEC, TMF622_SPEC } from './partner-gateway';
import { type SupplierApiOptions, supplierApi } from './supplier-api';

export interface SupplierHubOptions extends SupplierApiOptions {
  specs: SpecLibrary;
  /** Our listener for this supplier (src/api/partner-listener), as the supplier reaches it. */
  listenerUrl: string;
  /** The token the supplier presents there: a hub that sends no header carries it in the callback. */
  listenerToken?: string;
  /** A registration that failed: the order goes on, its status followed by polling until the next try. */
  onError?: (api: string, err: unknown) => void;
}

/**
 * Registers our listener at the supplier's hubs (TMF630 `POST /hub`) before our first order
 * (TMF622) and our first problem (TMF621), once per API for the life of this gateway: the
 * supplier's events then reach the partner workflows as signals, and polling is only the
 * fallback. A registration that fails is tried again on the next call, never in its way.
 */
export function withSupplierHub(gateway: PartnerGatewayPort, opts: SupplierHubOptions): PartnerGatewayPort {
  const callback = new URL(opts.listenerUrl);
  // Our own hub, like many, posts events with no header: the listener's token rides in the callback.
  if (opts.listenerToken) callback.searchParams.set('token', opts.listenerToken);
  const registered = new Map<string, Promise<void>>();

  const register = (file: string) => {
    const spec = opts.specs.load(file);
    let done = registered.get(file);
    if (!done) {
      done = supplierApi(
        spec,
        opts,
      )({
        method: 'POST',
        path: '/hub',
        body: { callback: callback.toString() },
        request: 'EventSubscriptionInput',
        response: 'EventSubscription',
      }).then(
        () => undefined,
        (err: unknown) => {
          registered.delete(file);
          opts.onError?.(spec.apiName, err);
        },
      );
      registered.set(file, done);
    }
    return done;
  };

  return {
    ...gateway,
    async placeRequisition(key, req) {
      await register(TMF622_SPEC);
      return gateway.placeRequisition(key, req);
    },
    async reportProblem(key, problem) {
      await register(TMF621_SPEC);
      return gateway.reportProblem(key, problem);
    },
  };
}
