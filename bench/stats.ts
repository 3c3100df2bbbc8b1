export interface Summary {
  count: number;
  seconds: number;
  perSecond: number;
  activitiesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const i = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, i)]!;
}

export function summarize(latenciesMs: number[], seconds: number, activities: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: latenciesMs.length,
    seconds,
    perSecond: latenciesMs.length / seconds,
    activitiesPerSecond: activities / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
  };
}
