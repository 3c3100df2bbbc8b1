import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import { AsyncLocalContextManager } from '../telemetry/context';
import { EtomSpanProcessor } from '../telemetry/etom-spans';
import { setTracedClient } from './tracing-client';

/**
 * OpenTelemetry tracing of the flows, with @temporalio/interceptors-opentelemetry: one product
 * order is one trace across the four task queues, and every span names its eTOM process, its layer
 * and its business id (src/telemetry/etom-spans.ts). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (spans go there over OTLP/HTTP, in batches) or a caller hands an exporter (tests); off, nothing
 * of it is bundled into the workflows or wrapped around an activity, and a client pays one test.
 *
 * The pieces, as the library's sample wires them: the client interceptor (tracing-client.ts, in
 * every client), the workflow interceptors in the bundle (tracing-workflow.ts), the activity
 * interceptors and the sink through which the workflows' spans leave the sandbox (both here, for
 * the workers).
 */
interface Tracing {
  provider: BasicTracerProvider;
  processor: SpanProcessor;
  resource: Resource;
}

let active: Tracing | undefined;

export interface TracingOptions {
  /** Where spans go; by default OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, when it is set. */
  exporter?: SpanExporter;
  /** `service.name` of this process's spans (OTEL_SERVICE_NAME, or `etom-temporal`). */
  serviceName?: string;
}

/**
 * Turns tracing on for this process, once, before its workflows are bundled and its workers and
 * clients made. Returns whether tracing is on. An exporter handed in is sent every span as it ends
 * (tests read them at once); the OTLP exporter gets them in batches.
 */
export function installTracing(opts: TracingOptions = {}): boolean {
  if (active) return true;
  const endpoint = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (!opts.exporter && !endpoint) return false;
  const exporting = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const processor = new EtomSpanProcessor(exporting);
  const resource = new Resource({
    [ATTR_SERVICE_NAME]: opts.serviceName ?? process.env['OTEL_SERVICE_NAME'] ?? 'etom-temporal',
  });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  // The interceptors use the global API: the context must follow awaits, and travel as W3C traceparent.
  provider.register({ contextManager: new AsyncLocalContextManager(), propagator: new W3CTraceContextPropagator() });
  active = { provider, processor, resource };
  setTracedClient(true);
  return true;
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

/** Sends what is still batched and stops; the process may exit without losing its last spans. */
export async function shutdownTracing(): Promise<void> {
  if (!active) return;
  const { provider } = active;
  active = undefined;
  setTracedClient(false);
  await provider.shutdown();
}

/** Each activity runs in a span whose parent is the workflow's StartActivity span (from its headers). */
export function tracingActivityInterceptors(): ActivityInterceptorsFactory[] {
  if (!active) return [];
  return [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
}

/** The sink the workflow interceptors export their spans through (never called on replay). */
export function tracingSinks(): InjectedSinks<Sinks> {
  if (!active) return {};
  return { exporter: makeWorkflowExporter(active.processor, active.resource) };
}
