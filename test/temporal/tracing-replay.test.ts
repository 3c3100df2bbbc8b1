import fs from 'node:fs';
import path from 'node:path';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import {
  TRACING_WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOWS_PATH,
} from '../../src/temporal/bundle';

/**
 * Tracing can be turned on for a cluster whose workflows are running: the recorded histories
 * (made without it) replay with the tracing workflow interceptors, and a replay exports no span,
 * so a workflow evicted from a worker's cache and replayed is not traced twice.
 */
const dir = path.resolve(__dirname, '../histories');
const histories = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.binpb'))
  .map((f) => ({
    workflowId: decodeURIComponent(path.basename(f, '.binpb').split('__')[1] ?? ''),
    history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, f))),
  }));

describe('tracing on replay', () => {
  it('the recorded histories replay with the tracing interceptors, and export no span', async () => {
    const exporter = new InMemorySpanExporter();
    const results = [];
    for await (const r of Worker.runReplayHistories(
      {
        workflowsPath: WORKFLOWS_PATH,
        interceptors: { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_WORKFLOW_INTERCEPTOR_MODULES] },
        sinks: { exporter: makeWorkflowExporter(new SimpleSpanProcessor(exporter), Resource.empty()) },
      },
      histories,
    ))
      results.push(r);
    expect(histories.length).toBeGreaterThan(20);
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  }, 120_000);
});
