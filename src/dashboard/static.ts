import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { REPO_ROOT } from '../catalog/sources';

/** Where `npm run build:dashboard` (Vite) puts the page. */
export const DASHBOARD_DIST = path.join(REPO_ROOT, 'dashboard', 'dist');

/**
 * The dashboard's page at `/`, with no token (its data calls carry one): the built files when
 * they exist, each a route of its own (no catch-all, so the APIs keep their own 404s); else
 * `/` says how to build them.
 */
export async function dashboardPage(app: FastifyInstance, dist = DASHBOARD_DIST): Promise<void> {
  if (fs.existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false });
    return;
  }
  app.get('/', async (_request, reply) =>
    reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The dashboard is not built: run `npm run build:dashboard`, then reload.\n'),
  );
}
