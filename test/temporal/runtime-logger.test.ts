import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { redacted } from '../../src/temporal/runtime';

describe("the workers' log", () => {
  it('never carries an activity task token, and keeps the rest of the entry', () => {
    const written: LogEntry[] = [];
    const logger = new DefaultLogger(
      'INFO',
      redacted((e) => written.push(e)),
    );
    // What the SDK logs when an activity fails: its task token among the metadata.
    logger.warn('Activity failed', { taskToken: 'CiQwMWEy…', activityType: 'authorizeCredit', workflowId: 'ORD-1' });
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.debug('not at INFO');
    expect(written.map((e) => [e.level, e.message, e.meta])).toEqual([
      ['WARN', 'Activity failed', { activityType: 'authorizeCredit', workflowId: 'ORD-1' }],
      ['INFO', 'Worker state changed', { state: 'RUNNING' }],
    ]);
    expect(JSON.stringify(written.map((e) => e.meta))).not.toContain('CiQwMWEy');
  });
});
