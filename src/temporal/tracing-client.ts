import { trace } from '@opentelemetry/api';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/** The library's client interceptor while tracing is on (src/temporal/tracing.ts sets it). */
let traced: OpenTelemetryWorkflowClientInterceptor | undefined;

export function setTracedClient(on: boolean): void {
  traced = on ? new OpenTelemetryWorkflowClientInterceptor() : undefined;
}

/**
 * The client side of tracing, in every client of the project (CLIENT_INTERCEPTORS): with tracing
 * off it is one test per call. A start opens a trace (or joins the one it is made in), so the
 * flow's workflows, on whichever task queue, are in it. A signal or an update is traced only when
 * it is sent from inside a trace; sent from outside (a supplier, a technician, the API), it goes
 * without one and the workflow draws it in its own flow (src/temporal/tracing-workflow.ts).
 * Queries, descriptions and cancellations are not traced.
 */
export const tracingClientInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => (traced ? traced.startWithDetails(input, next) : next(input)),
  signalWithStart: (input, next) => (traced ? traced.signalWithStart(input, next) : next(input)),
  startUpdateWithStart: (input, next) => (traced ? traced.startUpdateWithStart(input, next) : next(input)),
  signal: (input, next) => (traced && trace.getActiveSpan() ? traced.signal(input, next) : next(input)),
  startUpdate: (input, next) => (traced && trace.getActiveSpan() ? traced.startUpdate(input, next) : next(input)),
};
