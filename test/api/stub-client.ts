import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { loadApiConfig } from '../../src/api/config';
import { createApiServer } from '../../src/api/server';
import { parseTokens } from '../../src/api/tokens';

/** A workflow the API started (or signalled with start), as the stub recorded it. */
export interface RecordedStart {
  how: 'start' | 'signalWithStart';
  workflowType: string;
  workflowId: string;
}

/**
 * A Temporal client with no server behind it, for the API's tests that need none: it records
 * every workflow the API starts, and knows no workflow (every handle's call is a
 * WorkflowNotFoundError, as for an id Temporal never saw).
 */
export function stubClient(): { client: Client; starts: RecordedStart[] } {
  const starts: RecordedStart[] = [];
  const handle = (workflowId: string) =>
    new Proxy(
      { workflowId },
      {
        get: (target, key) =>
          key in target
            ? target[key as keyof typeof target]
            : key === 'then'
              ? undefined
              : () => Promise.reject(new WorkflowNotFoundError('workflow not found', workflowId, undefined)),
      },
    );
  const record = (how: RecordedStart['how']) => async (workflow: unknown, opts: { workflowId: string }) => {
    const workflowType = typeof workflow === 'string' ? workflow : (workflow as { name: string }).name;
    starts.push({ how, workflowType, workflowId: opts.workflowId });
    return handle(opts.workflowId);
  };
  const client = {
    options: { namespace: 'default', identity: 'stub', loadedDataConverter: { payloadCodecs: [] } },
    workflow: {
      start: record('start'),
      signalWithStart: record('signalWithStart'),
      getHandle: handle,
    },
    workflowService: {
      requestCancelWorkflowExecution: () => Promise.reject(new WorkflowNotFoundError('not found', '', undefined)),
      listWorkflowExecutions: async () => ({ executions: [], nextPageToken: new Uint8Array() }),
    },
  } as unknown as Client;
  return { client, starts };
}

/**
 * The real API server before a stub client (no Temporal), over an in-memory store seeded with
 * the sample operator: for the tests of what the API refuses at its door, and its fuzzer.
 */
export async function stubbedApi(token: string, opts: { installedBase?: boolean } = {}) {
  const store = createSqliteStore({ filename: ':memory:', installedBase: opts.installedBase });
  const { client, starts } = stubClient();
  const server = await createApiServer({
    client,
    ports: store.ports,
    tokens: parseTokens(`${token}=read,write`),
    tmfDir: loadApiConfig({}).tmfDir,
  });
  const close = async () => {
    await server.app.close();
    store.close();
  };
  return { store, server, starts, close };
}
