import type { DrawnArrow, DrawnStep } from './model';

/** 850 ms, 3.4 s, 2 min 05 s: short enough for a terminal column or a diagram's arrow. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A step as the standard names it: its eTOM id and English name, and what it was asked. */
export function stepLabel(step: DrawnStep): string {
  const name = step.process ? `${step.process.id} ${step.process.name}` : step.activity;
  const details = [
    step.action,
    step.durationMs !== null ? formatDuration(step.durationMs) : 'running',
    step.attempts > 1 ? `${step.attempts} attempts` : null,
  ].filter((d): d is string => !!d);
  const ending = step.outcome === 'completed' || step.outcome === 'running' ? '' : ` — ${step.outcome}`;
  const failure = step.failure ? `: ${step.failure}` : '';
  return `${step.compensation ? 'compensation: ' : ''}${name} (${details.join(', ')})${ending}${failure}`;
}

/** An arrow's words: what went from one lane to the other. */
export function arrowLabel(arrow: DrawnArrow): string {
  const target = arrow.kind === 'child' && arrow.to.workflowId ? ` ${arrow.to.workflowId}` : '';
  const compensation = arrow.compensation ? 'compensation: ' : '';
  switch (arrow.kind) {
    case 'child':
      return `${compensation}start ${arrow.name}${target}`;
    case 'result':
      return `${compensation}${arrow.name} ${arrow.outcome ?? ''}`.trim();
    case 'signal':
      return `signal ${arrow.name}${arrow.outcome === 'failed' ? ' (not delivered)' : ''}`;
    case 'update':
      return `update ${arrow.name}`;
    case 'reply':
      return `reply to ${arrow.name}${arrow.outcome === 'failed' ? ' (refused)' : ''}`;
    case 'cancel':
      return 'cancellation requested';
    case 'request':
      return `${arrow.name}${arrow.to.workflowId ? ` ${arrow.to.workflowId}` : ''}`;
    case 'event':
      return `hub event → signal ${arrow.name}`;
  }
}
