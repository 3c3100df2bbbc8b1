import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { payloadOutOfBounds } from '../domain/limits';
import { BusinessErrorType, BusinessRejection, TransientFault } from './errors';

/**
 * The one mechanism by which a Level-3 eTOM process becomes a Temporal activity.
 *
 * The contract owns the boundary: input is parsed before the process runs (so nothing is
 * half-written on bad input), output is parsed before it leaves (so a workflow never sees a
 * shape its types do not promise), and failures leave as ApplicationFailures whose `type` is
 * stable and whose retryability says whether the business refused or a system stumbled.
 */

/** What a process implementation knows about the call it is serving. */
export interface ProcessCall {
  /** The eTOM id of the process being run, e.g. "1.F.1.5.2". */
  etomId: string;
  /**
   * Stable across retries of one activity execution (workflow id + run id + activity id), so
   * adapters can make a retried call change nothing twice. The run id matters: activity ids
   * start again at 1 when a workflow continues as new, and a new run's work is not a retry.
   */
  idempotencyKey: string;
  /** Reports progress on long work; a no-op outside a Temporal activity. */
  heartbeat(details?: unknown): void;
}

export interface EtomProcessSpec<I extends z.ZodType, O extends z.ZodType> {
  etomId: string;
  input: I;
  output: O;
}

/** An activity function that also says which eTOM process it implements. */
export type EtomActivity<I extends z.ZodType, O extends z.ZodType> = ((
  input: z.input<I>,
  call?: Partial<ProcessCall>,
) => Promise<z.output<O>>) & { readonly etomId: string; readonly input: I; readonly output: O };

interface TemporalCall extends Pick<ProcessCall, 'idempotencyKey' | 'heartbeat'> {
  log: Context['log'];
  workflowId: string | undefined;
}

function currentTemporalCall(): TemporalCall | undefined {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return undefined; // called directly (unit test, script), not by a worker
  }
  const { workflowExecution, activityId } = ctx.info;
  // Activities run outside a workflow (standalone) have no execution: their id alone is stable.
  const execution = workflowExecution ? `${workflowExecution.workflowId}/${workflowExecution.runId}` : 'standalone';
  return {
    idempotencyKey: `${execution}/${activityId}`,
    heartbeat: (details) => ctx.heartbeat(details),
    log: ctx.log,
    workflowId: workflowExecution?.workflowId,
  };
}

/**
 * The business entity a call works on, for the logs: the first `…Id` field of the input (an
 * order, a ticket, a service), else the workflow's id, which in this project is the entity's.
 * Ids only: logs never carry the input's other fields, which may hold a customer's details.
 */
function businessIdOf(input: unknown, workflowId: string | undefined): string | undefined {
  if (input && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) {
      if (key.endsWith('Id') && typeof value === 'string') return value;
    }
  }
  return workflowId;
}

function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Declares the activity that implements one Level-3 process. */
export function defineProcess<I extends z.ZodType, O extends z.ZodType>(
  spec: EtomProcessSpec<I, O>,
  run: (input: z.output<I>, call: ProcessCall) => Promise<z.input<O>>,
): EtomActivity<I, O> {
  const activity = async (rawInput: z.input<I>, callOverrides?: Partial<ProcessCall>) => {
    // Our bounds on any payload first (src/domain/limits.ts): far inside Temporal's, so what a
    // process takes in, it can also hand on; and a schema is never walked over megabytes.
    const outside = payloadOutOfBounds(rawInput);
    if (outside) {
      throw ApplicationFailure.create({
        type: BusinessErrorType.InvalidInput,
        message: `${spec.etomId}: invalid input: ${outside}`,
        nonRetryable: true,
      });
    }
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: BusinessErrorType.InvalidInput,
        message: `${spec.etomId}: invalid input: ${describeZodError(parsed.error)}`,
        nonRetryable: true,
        details: [{ etomId: spec.etomId, issues: parsed.error.issues }],
      });
    }
    const temporal = currentTemporalCall();
    const action = (parsed.data as { action?: unknown }).action;
    const attributes = {
      etomId: spec.etomId,
      businessId: businessIdOf(parsed.data, temporal?.workflowId),
      ...(typeof action === 'string' ? { action } : {}),
    };
    temporal?.log.info(`${spec.etomId} started`, attributes);
    const call: ProcessCall = {
      etomId: spec.etomId,
      idempotencyKey: temporal?.idempotencyKey ?? `local/${randomUUID()}`,
      heartbeat: temporal?.heartbeat ?? (() => undefined),
      ...callOverrides,
    };
    let result: z.input<O>;
    try {
      result = await run(parsed.data, call);
    } catch (err) {
      const failure = toFailure(spec.etomId, err);
      // A business refusal is an outcome of the process, not a fault: info, with its type.
      const type = failure instanceof ApplicationFailure ? failure.type : undefined;
      if (failure instanceof ApplicationFailure && failure.nonRetryable)
        temporal?.log.info(`${spec.etomId} refused`, { ...attributes, failureType: type });
      else temporal?.log.warn(`${spec.etomId} failed, to be retried`, { ...attributes, failureType: type });
      throw failure;
    }
    const out = spec.output.safeParse(result);
    if (!out.success) {
      temporal?.log.error(`${spec.etomId} output breaks its contract`, attributes);
      throw ApplicationFailure.create({
        type: BusinessErrorType.ContractViolation,
        message: `${spec.etomId}: output breaks its contract: ${describeZodError(out.error)}`,
        nonRetryable: true,
      });
    }
    temporal?.log.info(`${spec.etomId} completed`, attributes);
    return out.data;
  };
  return Object.assign(activity, { etomId: spec.etomId, input: spec.input, output: spec.output });
}

/** One kind of work of a process: what it takes (without `action`) and what it answers. */
export interface HandlerSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}
type Handlers = Record<string, HandlerSpec>;

/** The wire input of a handler: its fields and the `action` that names it. */
export type HandlerInput<H extends Handlers, K extends keyof H> = K extends keyof H
  ? { action: K } & NoFieldsOk<z.input<H[K]['input']>>
  : never; // distributes over K: called with a union of actions, the input is the discriminated union
/** zod types an empty object's input as admitting no key; a handler that needs nothing takes `{ action }`. */
type NoFieldsOk<T> = string extends keyof T ? unknown : T;

/**
 * The activity of a process whose text names several kinds of work (design, redesign, amend…):
 * one function whose output type follows the `action` it is called with, so a workflow needs
 * no runtime guard on what it got back.
 */
export type HandledActivity<H extends Handlers> = (<K extends keyof H & string>(
  input: HandlerInput<H, K>,
  call?: Partial<ProcessCall>,
) => Promise<z.output<H[K]['output']>>) & {
  readonly etomId: string;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly handlers: H;
};

/**
 * Declares a process with named handlers, one per kind of work its text describes. It stays
 * one activity (one Level-3 process, one registered name, so recorded histories keep their
 * activity types); the `action` field of the input picks the handler, and each handler has its
 * own schemas, checked at the boundary like any process.
 */
export function defineProcessHandlers<H extends Handlers>(
  spec: { etomId: string; handlers: H },
  run: { [K in keyof H]: (input: z.output<H[K]['input']>, call: ProcessCall) => Promise<z.input<H[K]['output']>> },
): HandledActivity<H> {
  const names = Object.keys(spec.handlers);
  const variants = names.map((name) => spec.handlers[name]!.input.extend({ action: z.literal(name) }));
  const input = z.discriminatedUnion('action', variants as unknown as [z.ZodObject, ...z.ZodObject[]]);
  const outputs = names.map((name) => spec.handlers[name]!.output);
  const output = outputs.length === 1 ? outputs[0]! : z.union(outputs as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const activity = defineProcess({ etomId: spec.etomId, input, output: z.unknown() }, async (data, call) => {
    const { action, ...fields } = data as { action: string } & Record<string, unknown>;
    const handler = spec.handlers[action]!;
    // The union already parsed the fields with this handler's schema: they are passed as they are.
    const result = await run[action]!(fields as never, call);
    // Each handler's own output schema, not the union: a handler answers in its own shape.
    const out = handler.output.safeParse(result);
    if (!out.success) {
      throw ApplicationFailure.create({
        type: BusinessErrorType.ContractViolation,
        message: `${spec.etomId} ${action}: output breaks its contract: ${describeZodError(out.error)}`,
        nonRetryable: true,
      });
    }
    return out.data;
  });
  return Object.assign(activity, { input, output, handlers: spec.handlers }) as unknown as HandledActivity<H>;
}

function toFailure(etomId: string, err: unknown): unknown {
  if (err instanceof BusinessRejection) {
    return ApplicationFailure.create({
      type: err.type,
      message: `${etomId}: ${err.message}`,
      nonRetryable: true,
      details: [{ etomId, ...err.details }],
    });
  }
  if (err instanceof TransientFault) {
    return ApplicationFailure.create({
      type: err.type,
      message: `${etomId}: ${err.message}`,
      nonRetryable: false,
      details: [{ etomId, ...err.details }],
    });
  }
  // A reference to a record that does not exist (an unknown supplier, service…) stays so however
  // often it is retried: the input is wrong, not the system. Found by the fuzzer (#16), where such
  // inputs were retried for ever; the process should say so itself, this is the net below it.
  if ((err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return ApplicationFailure.create({
      type: BusinessErrorType.InvalidInput,
      message: `${etomId}: invalid input: it refers to a record that does not exist`,
      nonRetryable: true,
      details: [{ etomId }],
    });
  }
  // Anything unforeseen is treated as transient: Temporal's retry policy decides.
  return err;
}

/** The eTOM ids declared by a set of activities, keyed by activity name. */
export function etomIdsOf(activities: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const etomId = (fn as { etomId?: unknown }).etomId;
    if (typeof etomId === 'string') out[name] = etomId;
  }
  return out;
}
