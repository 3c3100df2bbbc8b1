import { arrowLabel, formatDuration, stepLabel } from './describe';
import { type DrawableTrace, laneTitle, timeline } from './model';

/** The offset from the flow's start, aligned: `+12.345 s`. */
const offset = (ms: number) => `+${(ms / 1000).toFixed(3)} s`.padStart(11);

/**
 * `etom trace --format text`: one line per step and arrow, in time order, with the lane (or
 * the two lanes an arrow joins); then the workflows the flow ran and how each ended.
 */
export function renderText(trace: DrawableTrace): string {
  const title = (lane: string) => laneTitle(trace, lane);
  // Two enterprises' lanes are longer ("wholesaler S/PRM"): the column grows to the longest.
  const longest = Math.max(...trace.lanes.map((l) => title(l).length));
  const width = trace.laneTitles ? 2 * longest + 3 : 22;
  const root = trace.workflows.find((w) => w.workflowId === trace.rootWorkflowId)!;
  const t0 = Date.parse(root.start);
  const took = root.end ? ` in ${formatDuration(Date.parse(root.end) - t0)}` : '';
  const inTree = trace.workflows.filter((w) => w.inTree);
  const lines = [
    `${root.type} ${root.workflowId}${root.process ? ` — ${root.process.id} ${root.process.name}` : ''} (${title(root.lane)}): workflow ${root.outcome}${took}`,
    `${inTree.length} workflows · ${trace.steps.length} steps · ${trace.arrows.length} arrows · lanes: ${trace.lanes.map(title).join(' | ')}`,
    ...(trace.missing.length ? [`(no history left for ${trace.missing.join(', ')})`] : []),
    ...(trace.truncated ? ['(the walk stopped at its limit: some workflows of the flow are not shown)'] : []),
    '',
  ];
  for (const item of timeline(trace)) {
    const when = offset(Date.parse(item.at) - t0);
    if (item.type === 'step') {
      const mark = item.step.compensation ? '↩' : item.step.outcome === 'completed' ? ' ' : '✗';
      lines.push(`${when}  ${mark} ${title(item.step.lane).padEnd(width)} ${stepLabel(item.step)}`);
    } else {
      const a = item.arrow;
      const mark = a.compensation ? '↩' : a.kind === 'cancel' ? '✗' : ' ';
      const lanes = `${title(a.from.lane)} → ${title(a.to.lane)}`;
      lines.push(`${when}  ${mark} ${lanes.padEnd(width)} ${arrowLabel(a)}`);
    }
  }
  lines.push('', 'workflows:');
  for (const w of inTree) {
    const process = w.process ? ` ${w.process.id} ${w.process.name}` : '';
    lines.push(`  ${title(w.lane).padEnd(6)} ${w.type} ${w.workflowId}${process} — ${w.outcome}`);
  }
  return `${lines.join('\n')}\n`;
}
