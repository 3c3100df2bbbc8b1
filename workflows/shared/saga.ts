import { CancellationScope, log, TemporalFailure } from '@temporalio/workflow';
import { businessRejection, reasonOf } from './failures';

/** An undo that did not go through: which step it was to take back, and why it failed. */
export interface UndoFailure {
  label: string;
  reason: string;
}

/** One step to take back, given what the compensation is told (why, and how the run ends). */
export type Undo<A extends unknown[]> = (...args: A) => Promise<unknown>;

export interface CompensateOptions {
  /**
   * Asked when an undo fails: go on to the older ones (true, the default), or stop and
   * rethrow that failure, as runs made before a workflow adopted this helper did (pass a
   * `patched(…)` here so they replay).
   */
  continueAfterFailure?: () => boolean;
}

/**
 * A saga in the manner of Temporal's saga sample: each step done adds the labelled undo that
 * takes it back; on a failure or a cancellation the undos run newest first, shielded from
 * cancellation, and every one is attempted even when an earlier one fails, so a step is
 * never left done because a later one could not be undone. The failures are returned for
 * the caller to report. Each undo is logged with its label and the saga's attributes (the
 * eTOM id and business id; never customer data).
 */
export class Saga<A extends unknown[] = []> {
  readonly #steps: Array<{ label: string; undo: Undo<A> }> = [];

  constructor(private readonly attributes: Record<string, unknown> = {}) {}

  /** Records what takes back the step just done. */
  add(label: string, undo: Undo<A>): void {
    this.#steps.push({ label, undo });
  }

  /** The labels of the undos recorded so far, oldest first. */
  get labels(): string[] {
    return this.#steps.map((s) => s.label);
  }

  /** Runs every undo, newest first; resolves to the ones that failed (empty when all went through). */
  compensate(args: A, options: CompensateOptions = {}): Promise<UndoFailure[]> {
    const goOn = options.continueAfterFailure ?? (() => true);
    return CancellationScope.nonCancellable(async () => {
      const failures: UndoFailure[] = [];
      for (const { label, undo } of [...this.#steps].reverse()) {
        log.info(`undo: ${label}`, { ...this.attributes, compensation: label });
        try {
          await undo(...args);
        } catch (err) {
          // A defect in the undo itself is not a business outcome: let the workflow task fail.
          if (!(err instanceof TemporalFailure)) throw err;
          log.warn(`undo failed: ${label}`, {
            ...this.attributes,
            compensation: label,
            failureType: businessRejection(err)?.type ?? err.name,
          });
          if (!goOn()) throw err;
          failures.push({ label, reason: reasonOf(err) });
        }
      }
      return failures;
    });
  }
}

/** One line for a record or a failure message: what was not taken back, and why. */
export function describeUndoFailures(failures: readonly UndoFailure[]): string {
  return failures.map((f) => `${f.label} (${f.reason})`).join('; ');
}
