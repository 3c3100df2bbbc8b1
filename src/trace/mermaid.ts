import { arrowLabel, stepLabel } from './describe';
import { type DrawableTrace, type DrawnArrow, laneTitle, timeline } from './model';

/**
 * Mermaid ends a message at `;`, `#` or a line break, and GitHub renders its text as HTML:
 * those characters are replaced, so a failure's message cannot break the diagram.
 */
const text = (s: string) =>
  s
    .replace(/[;#\r\n]+/g, ' ')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .trim();

/** Solid arrows for calls and starts, open (asynchronous) ones for signals, dashed for answers. */
function arrowOf(a: DrawnArrow): string {
  if (a.kind === 'cancel') return '-x';
  if (a.kind === 'signal' || a.kind === 'event') return '-)';
  if (a.kind === 'result' || a.kind === 'reply') return '-->>';
  return '->>';
}

/**
 * `etom trace --format mermaid`: a `sequenceDiagram` (it renders on GitHub) whose
 * participants are the lanes; each Level-3 process is a message from its lane to itself,
 * child starts, signals, updates and replies are messages between lanes, and every
 * compensation is a Note over its lane. A trace of two enterprises boxes each one's lanes.
 */
export function renderMermaid(trace: DrawableTrace): string {
  const lines = ['sequenceDiagram'];
  const participant = (lane: string) => `participant ${lane} as ${text(laneTitle(trace, lane))}`;
  if (trace.enterprises)
    for (const e of trace.enterprises) {
      // `transparent` first: Mermaid would take a title's first word for a colour when it is one.
      lines.push(`  box transparent ${text(e.title)}`, ...e.lanes.map((l) => `    ${participant(l)}`), '  end');
    }
  else for (const lane of trace.lanes) lines.push(`  ${participant(lane)}`);
  for (const item of timeline(trace)) {
    if (item.type === 'step') {
      const s = item.step;
      if (s.compensation) lines.push(`  Note over ${s.lane}: ${text(stepLabel(s))}`);
      else lines.push(`  ${s.lane}${s.outcome === 'completed' ? '->>' : '-x'}${s.lane}: ${text(stepLabel(s))}`);
    } else {
      const a = item.arrow;
      lines.push(`  ${a.from.lane}${arrowOf(a)}${a.to.lane}: ${text(arrowLabel(a))}`);
      const over = a.from.lane === a.to.lane ? a.from.lane : `${a.from.lane},${a.to.lane}`;
      if (a.compensation) lines.push(`  Note over ${over}: compensation`);
    }
  }
  return `${lines.join('\n')}\n`;
}
