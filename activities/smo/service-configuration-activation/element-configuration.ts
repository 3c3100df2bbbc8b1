import type { Ports } from '../../../src/ports';
import type { ElementConfiguration } from '../../../src/ports/network-activation';

/** The service-level part of an element's configuration; RM&O's resource-level part sits beside it. */
export const SERVICE_CONFIG = 'serviceConfiguration';

/** Takes the service's own configuration off an element, leaving RM&O's part untouched. */
export async function removeServiceConfiguration(
  network: Ports['networkActivation'],
  key: string,
  element: ElementConfiguration,
): Promise<void> {
  const others = Object.keys(element.config).filter((k) => k !== SERVICE_CONFIG);
  if (others.length === 0) await network.unconfigure(key, element.resourceId);
  else await network.configure(key, element.resourceId, element.serviceId, { [SERVICE_CONFIG]: null });
}

/** Whether the element carries the service's own configuration. */
export const carriesService = (e: ElementConfiguration) =>
  e.config[SERVICE_CONFIG] !== undefined && e.config[SERVICE_CONFIG] !== null;
