export interface ClassCount {
  resourceSpecId: string;
  resourceType: string;
  region: string;
  total: number;
  available: number;
  reserved: number;
  inService: number;
  outOfService: number;
  /** 'supplier': bought from suppliers when needed (a contract covers it), so never short. */
  suppliedBy: 'own' | 'supplier';
}

/** One resource class in one region at one run: its states and the tests of its elements. */
export interface ClassSample {
  resourceSpecId: string;
  region: string;
  total: number;
  inService: number;
  available: number;
  outOfService: number;
  tests: number;
  failedTests: number;
  meanLatencyMs: number | null;
}

/**
 * Resource classes per region (1.O.2.1.2, 1.O.3.1.2, 1.O.3.1.4, 1.O.3.1.5): what each holds and
 * in which state, what a service class needs of them, and the samples of their performance and
 * availability kept over time. Every write takes an idempotency key.
 */
export interface ResourceClassPort {
  classCounts(): Promise<ClassCount[]>;
  /** For each service class, what one instance needs, and where suppliers can provide it. */
  serviceClassNeeds(): Promise<
    Array<{ cfsSpecId: string; resourceSpecId: string; quantity: number; role: string; suppliedIn: string[] }>
  >;
  /** Configured elements of a class, to sample its performance. */
  configuredElements(): Promise<Array<{ resourceId: string; resourceSpecId: string; region: string }>>;
  recordSamples(key: string, runId: string, samples: ClassSample[]): Promise<void>;
  samples(since: string): Promise<Array<ClassSample & { runId: string; at: string }>>;
  /** Resources with more outages than acceptable in the window (state history). */
  outagesByResource(since: string): Promise<Array<{ resourceId: string; outages: number }>>;
}
