/** Placeholder: `etom schedules` lists (and can trigger) the readiness schedules, to come. */
export async function runSchedules(_args: string[]): Promise<number> {
  process.stderr.write('etom schedules: not built yet\n');
  return 1;
}
