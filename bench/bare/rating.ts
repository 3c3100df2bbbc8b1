/**
 * The bare baseline of the rating benchmark: the least any rating must do with a usage file —
 * read each CDR line and add up its quantity. No validation, no tariff, no counter. Kept free
 * of imports: this file joins the benchmark's workflow bundle.
 */
export function bareParseAndSum(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) {
    const f = line.split(',');
    total += Number(f[5]);
  }
  return total;
}
