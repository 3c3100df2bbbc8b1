/** Placeholder: the alarm storm benchmark (Resource Trouble Management, 1.A.3.3), to come. */
export async function runAlarmsBench(_opts: Record<string, string | undefined>): Promise<void> {
  throw new Error('the alarms benchmark is not built yet');
}
