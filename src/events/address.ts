import { loadApiConfig } from '../api/config';
import type { Resource } from '../api/representation';
import type { TmfSpec } from '../api/spec';
import type { NewEvent } from '../ports/event-subscriptions';

/**
 * Where an API places its resources, without its schemas: an event carries the resource as the
 * API shows it (same href, same attributes), built by the API's own `fromRecord`, and the
 * workers that publish it need not read the specification. The schema location is the
 * specification's own file.
 */
export function apiAddress(file: string, apiName: string): TmfSpec {
  return {
    file,
    apiName,
    basePath: `/tmf-api/${apiName}/v4`,
    paths: {},
    definitions: {},
    schemaLocation: (definition) => `urn:tmf-spec:${file}#/definitions/${definition}`,
    validator: () => {
      throw new Error('events are validated by their listeners, not by the processes that publish them');
    },
  };
}

/**
 * Where the API answers, for the APIs whose specifications declare their hrefs `format: uri`
 * (TMF656): the address it is configured to listen on, as `etom dev` and `etom api` print it.
 */
export function apiOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const { host, port } = loadApiConfig(env);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The event a change of one resource publishes (TMF630: `event: { <resource>: {…} }`), stored
 * with the change; its entity is the resource's own type and id, so delivery keeps its order.
 */
export const resourceEvent = (api: string, entityType: string, eventType: string, resource: Resource): NewEvent => ({
  api,
  entityType,
  entityId: resource.id,
  eventType,
  event: { [entityType]: resource },
});
