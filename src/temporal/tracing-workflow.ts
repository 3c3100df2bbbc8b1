/**
 * The workflow side of tracing, bundled only when tracing is on (src/temporal/bundle.ts): the
 * interceptors of @temporalio/interceptors-opentelemetry, which open a span for the run and for
 * every activity, child, signal and continue-as-new it starts and pass its context on in the
 * headers, so one order is one trace across the four task queues. Two choices of ours:
 *
 * - A signal or an update that comes with no trace (a supplier's delivery report, a technician's
 *   "done", a PATCH through the API) is drawn in the flow it reaches: its span gets the context the
 *   workflow itself was started with.
 * - A query is a read: it adds no span to the flow's trace (the dashboards poll).
 *
 * This module runs inside the workflow sandbox: it emits no command, so histories replay the same
 * with it or without it.
 */
import type { Payload } from '@temporalio/common';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  Next,
  QueryInput,
  SignalInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

class FlowTracing extends OpenTelemetryInboundInterceptor {
  /** The trace context this run was started in (a parent's, a client's), if any. */
  private flow: Payload | undefined;

  override execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    this.flow = input.headers[TRACE_HEADER];
    return super.execute(input, next);
  }

  override handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return super.handleSignal(this.inFlow(input), next);
  }

  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    return super.handleUpdate(this.inFlow(input), next);
  }

  override validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    super.validateUpdate(this.inFlow(input), next);
  }

  override handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>) {
    return next(input);
  }

  private inFlow<I extends { headers: Record<string, Payload> }>(input: I): I {
    if (input.headers[TRACE_HEADER] || !this.flow) return input;
    return { ...input, headers: { ...input.headers, [TRACE_HEADER]: this.flow } };
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new FlowTracing()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
