/** Placeholder: the rating benchmark (Service & Specific Instance Rating, 1.B.2.5), to come. */
export async function runRatingBench(_opts: Record<string, string | undefined>): Promise<void> {
  throw new Error('the rating benchmark is not built yet');
}
