import { z } from 'zod';
import table from './hand-offs.json';

export const HandOffSchema = z.object({
  /** The process handed work (Level 3, or the Level-2 process the text names). */
  id: z.string(),
  name: z.string(),
  /**
   * How the code hands it over: `next` — the same workflow runs it on this one's result;
   * `child` — a child workflow (another layer's, often) runs it; `signal` — a signal to a
   * running workflow makes it run; `result` — the last process of a child, whose result its
   * parent acts on; `writes` — this one writes what it reads and acts on.
   */
  how: z.enum(['next', 'child', 'signal', 'result', 'writes']),
  /** The workflow type, child workflow type, signal name or port method that carries it. */
  via: z.string(),
  /** Whether the standard's text of the process names this one (or its Level-2 process). */
  namedByText: z.boolean(),
});
export type HandOff = z.infer<typeof HandOffSchema>;

export const HandOffTableSchema = z.object({
  handsOffTo: z.record(z.string(), z.array(HandOffSchema)),
  /** What the text names that the code does not reach from it (or hands the other way). */
  namedOnly: z.record(z.string(), z.array(z.string())),
});
export type HandOffTable = z.infer<typeof HandOffTableSchema>;

/**
 * Hand-offs the recorded demo runs do not show: those made by writing what the receiving
 * process reads and acts on, and those on paths the demos do not take (a redesign, a rejected
 * audit). Each names the workflow test that shows the receiver acting; the test of this table
 * checks that file runs both processes.
 */
export const TESTED_HAND_OFFS: ReadonlyArray<{
  from: string;
  to: string;
  how: HandOff['how'];
  via: string;
  shownBy: string;
}> = [];

/**
 * The table `scripts/derive-hand-offs.ts` derives from the recorded histories (and the text):
 * data, held against the code by test/catalog/hand-offs.test.ts.
 */
let parsed: HandOffTable | undefined;
export function handOffTable(): HandOffTable {
  parsed ??= HandOffTableSchema.parse(table);
  return parsed;
}

export const handsOffTo = (id: string): HandOff[] => handOffTable().handsOffTo[id] ?? [];
