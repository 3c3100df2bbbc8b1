import { type Client, isGrpcServiceError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import { bearerAuth } from '../api/auth';
import { ApiError } from '../api/errors';
import type { TokenSet } from '../api/tokens';
import { layerKeyOf, processById, VERTICAL_NAMES } from '../catalog';
import type { Ports } from '../ports';
import { CatalogMap, figuresOf } from './catalog-map';
import { flowQuery, kindOfType, listFlows } from './flows';
import { FlowWatch, streamFlows } from './stream';
import { flowTrace } from './trace';

export const DASHBOARD_API = '/dashboard/api';

export interface DashboardOptions {
  client: Client;
  ports: Pick<Ports, 'processRuns'>;
  tokens: TokenSet;
  taskQueuePrefix?: string;
  /** The Temporal Web UI's address, for the links of a flow's page; none when unknown. */
  webUiUrl?: string;
  /** How often the live stream's poller lists the flows (1 s). */
  pollMs?: number;
  /** How many ended flows' traces are kept (100; 0 reads the histories every time). */
  traceCacheSize?: number;
}

const MAX_FLOWS = 50;
/** gRPC's INVALID_ARGUMENT. */
const INVALID_ARGUMENT = 3;

function limitOf(value: string | undefined): number {
  if (value === undefined || value === '') return MAX_FLOWS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', 'limit must be a whole number from 1 to 200');
  return n;
}

/**
 * The dashboard's data (#11): the eTOM map with each process's runs, one process in full, the
 * flows from Temporal's visibility (listed and streamed live) and a flow's trace. Read only,
 * behind the APIs' bearer tokens (a `read` or `dashboard:read` scope): step inputs hold
 * customers' data.
 */
export async function dashboardApi(app: FastifyInstance, opts: DashboardOptions): Promise<void> {
  const catalog = new CatalogMap();
  const prefix = opts.taskQueuePrefix ?? 'etom';
  const watch = new FlowWatch({
    client: opts.client,
    taskQueuePrefix: prefix,
    intervalMs: opts.pollMs,
    onError: (err) => app.log.warn({ err }, 'the flows poller could not list the flows'),
  });
  const streams = new Set<{ end(): void }>();
  const traceCacheSize = opts.traceCacheSize ?? 100;
  const traces = traceCacheSize > 0 ? new LRUCache<string, object>({ max: traceCacheSize }) : undefined;
  // A page left open must not hold the server's shutdown.
  app.addHook('preClose', async () => {
    watch.stop();
    for (const s of streams) s.end();
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', bearerAuth(opts.tokens, 'dashboard'));

      api.get('/map', async () => {
        const stats = await opts.ports.processRuns.stats();
        return catalog.map(new Map(stats.map((s) => [s.etomId, s])));
      });

      api.get('/processes/:id', async (request) => {
        const { id } = request.params as { id: string };
        const p = processById(id);
        const row = catalog.rows.get(id);
        if (!p || !row) throw ApiError.notFound(`no process ${id.slice(0, 50)} in the catalog`);
        const parent = p.parentId ? processById(p.parentId) : undefined;
        const [stats, flows] = await Promise.all([
          opts.ports.processRuns.statsOf(id),
          opts.ports.processRuns.recentFlows(id, MAX_FLOWS),
        ]);
        return {
          id: p.id,
          name: p.nameEn,
          nameFr: p.nameFr,
          level: p.level,
          layer: layerKeyOf(p) ?? p.layer,
          verticals: p.vertical,
          verticalNames: p.vertical.map((v) => VERTICAL_NAMES[v]),
          purpose: p.purpose,
          summaryFr: p.summaryFr,
          textFr: catalog.textOf(id),
          activity: p.activity ?? null,
          workflow: p.workflow ?? null,
          implemented: row.implemented,
          source: row.source,
          parent: parent ? { id: parent.id, name: parent.nameEn } : null,
          handOffs: catalog.handOffs(id),
          stats: figuresOf(stats),
          flows: flows.map((f) => ({
            workflowId: f.rootWorkflowId,
            kind: kindOfType(f.rootWorkflowType),
            type: f.rootWorkflowType,
            at: f.at,
          })),
        };
      });

      api.get('/flows', async (request) => {
        const q = request.query as Record<string, string | undefined>;
        const query = flowQuery(prefix, { kind: q['kind'] || undefined, state: q['state'] || undefined, q: q['q'] });
        return listFlows(opts.client, query, limitOf(q['limit']), q['cursor'] || undefined).catch((err: unknown) => {
          // A cursor the server cannot read (or a query it refuses) is the caller's mistake.
          if (isGrpcServiceError(err) && err.code === INVALID_ARGUMENT)
            throw new ApiError(400, 'INVALID_QUERY', 'Invalid query', 'the cursor or the query is not valid');
          throw err;
        });
      });

      api.get('/flows/stream', (request, reply) => {
        const res = reply.raw;
        streams.add(res);
        request.raw.on('close', () => streams.delete(res));
        streamFlows(watch, request, reply);
      });

      api.get('/flows/:workflowId/trace', async (request) => {
        const { workflowId } = request.params as { workflowId: string };
        const { payloads } = request.query as { payloads?: string };
        return flowTrace(workflowId, {
          client: opts.client,
          cache: traces,
          webUiUrl: opts.webUiUrl,
          payloads: payloads === '1' || payloads === 'true',
        });
      });
    },
    { prefix: DASHBOARD_API },
  );
}
