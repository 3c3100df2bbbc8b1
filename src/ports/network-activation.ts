/** One element's configuration as the (simulated) network holds it. */
export interface ElementConfiguration {
  resourceId: string;
  serviceId: string;
  config: Record<string, unknown>;
  adminState: 'up' | 'down';
}

export interface TestResult {
  target: string;
  passed: boolean;
  measurements: Record<string, number>;
  detail: string;
}

/**
 * The network as activation systems see it (TMF640): configure elements, bring them up or
 * down, run tests. The embedded default is a simulator that keeps the configuration in the
 * store and can be told to fail (faults are injected per target and operation).
 */
export interface NetworkActivationPort {
  configure(
    idempotencyKey: string,
    resourceId: string,
    serviceId: string,
    config: Record<string, unknown>,
  ): Promise<ElementConfiguration>;
  setAdminState(idempotencyKey: string, resourceId: string, state: 'up' | 'down'): Promise<ElementConfiguration>;
  /** Removes the service's configuration from an element (undo of configure). */
  unconfigure(idempotencyKey: string, resourceId: string): Promise<void>;
  testResource(resourceId: string): Promise<TestResult>;
  /** End-to-end test of a service across all the elements configured for it. */
  testService(serviceId: string): Promise<TestResult>;
  /**
   * Puts a failed element right (a technician's repair or replacement, a supplier's fix) and
   * tests it again: the result says whether it now works.
   */
  repair(idempotencyKey: string, resourceId: string, note: string): Promise<TestResult>;
  configurationOf(resourceId: string): Promise<ElementConfiguration | undefined>;
  /**
   * Diagnoses an element whatever it is: an element carrying a service is tested as
   * `testResource` does; equipment that carries none itself (a node, a card, a spare port)
   * runs its hardware self-test.
   */
  diagnose(resourceId: string): Promise<TestResult>;
  /**
   * Moves the traffic of a failed unit onto its protecting mate (automatic protection
   * switching): what the unit contains works again, the unit itself stays failed until
   * repaired. Returns the contained elements that carry a service.
   */
  protectionSwitch(idempotencyKey: string, workingId: string, protectingId: string): Promise<string[]>;
  configurationsOfService(serviceId: string): Promise<ElementConfiguration[]>;
}
