import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

/** The measurable elements in scope: a scope with none is a request about nothing. */
export async function watchedElements(
  perf: Ports['resourcePerformance'],
  scope: { region?: string; resourceIds?: string[] },
) {
  const resources = await perf.monitoredResources(scope);
  if (resources.length === 0) {
    return reject(
      BusinessErrorType.NotFound,
      `no element to watch in ${scope.region ?? scope.resourceIds?.join(', ')}`,
    );
  }
  return resources;
}
