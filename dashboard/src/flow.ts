import { getJson } from './api';
import { duration, fill, h, instant, LAYER_TITLES, messageOf } from './dom';
import type { FlowTrace, TraceStep } from './types';
import type Mermaid from 'mermaid';

const REFRESH_MS = 3000;
let diagrams = 0;

const laneTitle = (lane: string) => LAYER_TITLES[lane] ?? lane.charAt(0).toUpperCase() + lane.slice(1);

/** Mermaid is large: it is loaded on a flow's page only, once. */
let mermaidReady: Promise<typeof Mermaid> | undefined;
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    // Strict: labels hold failure messages and ids, which must stay text.
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'neutral',
      // Wrapped labels keep the lanes close: a child's workflow id would spread them across screens.
      sequence: { useMaxWidth: false, mirrorActors: true, wrap: true, width: 230 },
    });
    return mermaid;
  });
  return mermaidReady;
}

function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, value === undefined ? '–' : JSON.stringify(value, null, 2));
}

/** A step's row, and below it (hidden until its ▸ is pressed) its input, output and failure. */
function stepRow(s: TraceStep): HTMLElement[] {
  const detail = h(
    'tr',
    { class: 'step-detail', hidden: true },
    h(
      'td',
      { colspan: 8 },
      s.failure ? h('p', { class: 'error' }, s.failure) : null,
      h(
        'div',
        { class: 'io' },
        h('div', {}, h('h4', {}, 'Input'), json(s.input)),
        h('div', {}, h('h4', {}, 'Output'), json(s.output)),
      ),
    ),
  );
  const toggle = h(
    'button',
    {
      class: 'expand',
      type: 'button',
      'aria-expanded': 'false',
      title: 'input and output',
      onclick: (e: Event) => {
        detail.hidden = !detail.hidden;
        const b = e.currentTarget as HTMLButtonElement;
        b.setAttribute('aria-expanded', String(!detail.hidden));
        b.textContent = detail.hidden ? '▸' : '▾';
      },
    },
    '▸',
  );
  const main = h(
    'tr',
    { class: `step o-${s.outcome}${s.compensation ? ' compensation' : ''}`, 'data-etom-id': s.process?.id ?? '' },
    h('td', {}, toggle, ' ', laneTitle(s.lane)),
    h('td', {}, s.process ? h('a', { href: `#/process/${s.process.id}`, class: 'pid' }, s.process.id) : '–'),
    h('td', {}, s.process?.name ?? s.activity, s.action ? h('span', { class: 'muted' }, ` (${s.action})`) : null),
    h('td', {}, h('code', {}, s.activity)),
    h('td', {}, instant(s.start)),
    h('td', { class: 'num' }, duration(s.durationMs)),
    h('td', { class: 'num' }, s.attempts),
    h('td', {}, h('span', { class: `status s-${s.outcome}` }, s.compensation ? `${s.outcome} (undo)` : s.outcome)),
  );
  return [main, detail];
}

/** The steps in the order they started (the trace lists them workflow by workflow). */
const byStart = (steps: TraceStep[]) => [...steps].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));

function workflowsTable(t: FlowTrace): HTMLElement {
  return h(
    'table',
    { class: 'workflows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Workflow', 'Type', 'Lane', 'Process', 'Outcome', 'Started', 'Ended', ''].map((c) => h('th', {}, c)),
      ),
    ),
    h(
      'tbody',
      {},
      t.workflows.map((w) => {
        const link = t.webUi?.[w.workflowId];
        return h(
          'tr',
          { 'data-workflow-id': w.workflowId },
          h('td', {}, w.workflowId, w.inTree ? null : h('span', { class: 'muted' }, ' (outside the flow)')),
          h('td', {}, h('code', {}, w.type)),
          h('td', {}, laneTitle(w.lane)),
          h(
            'td',
            {},
            w.process ? h('a', { href: `#/process/${w.process.id}` }, `${w.process.id} ${w.process.name}`) : '–',
          ),
          h('td', {}, h('span', { class: `status s-${w.outcome}` }, w.outcome)),
          h('td', {}, instant(w.start)),
          h('td', {}, instant(w.end)),
          h(
            'td',
            {},
            link
              ? h('a', { href: link, target: '_blank', rel: 'noopener', class: 'webui' }, 'Temporal Web UI ↗')
              : h('span', { class: 'muted', title: 'the Web UI address is not known to the server' }, '–'),
          ),
        );
      }),
    ),
  );
}

/** One line on the flow: what runs it, how it ended, how long it took, what it ran. */
function summary(t: FlowTrace): HTMLElement {
  const root = t.workflows.find((w) => w.workflowId === t.rootWorkflowId);
  const took = root?.end ? Date.parse(root.end) - Date.parse(root.start) : null;
  const lanes = new Set(t.steps.map((s) => s.lane));
  return h(
    'p',
    { class: 'flow-summary' },
    root ? h('code', {}, root.type) : null,
    root?.process
      ? [' · ', h('a', { href: `#/process/${root.process.id}` }, `${root.process.id} ${root.process.name}`)]
      : null,
    root ? [' · ', h('span', { class: `status s-${root.outcome}` }, root.outcome)] : null,
    root ? ` · started ${instant(root.start)}${took === null ? '' : `, took ${duration(took)}`}` : null,
    ` · ${t.steps.length} steps in ${lanes.size} lanes, ${t.workflows.filter((w) => w.inTree).length} workflows`,
  );
}

export interface FlowView {
  el: HTMLElement;
  dispose(): void;
}

/**
 * A flow's page (`#/flow/<id>`): its swimlane (the trace's mermaid sequence diagram: one lane
 * per layer and outside party), its workflows with their Temporal Web UI links, and each step
 * with its input and output. A flow still running is read again until it ends.
 */
export function flowView(workflowId: string, onError: (err: unknown) => void): FlowView {
  const swimlane = h(
    'div',
    { id: 'swimlane', class: 'swimlane', 'aria-busy': 'true' },
    h('p', { class: 'muted' }, 'Drawing…'),
  );
  const rest = h('div', {});
  const head = h('div', {});
  const el = h(
    'div',
    { class: 'flow-view', 'data-workflow-id': workflowId },
    h('h2', {}, 'Flow ', h('code', {}, workflowId)),
    head,
    swimlane,
    rest,
  );
  const abort = new AbortController();
  let timer: number | undefined;
  let drawn = '';
  let steps = '';

  const load = async () => {
    try {
      const t = await getJson<FlowTrace>(`/flows/${encodeURIComponent(workflowId)}/trace?payloads=1`, abort.signal);
      if (t.mermaid !== drawn) {
        const mermaid = await loadMermaid();
        const { svg } = await mermaid.render(`swimlane-${++diagrams}`, t.mermaid);
        if (abort.signal.aborted) return;
        // Mermaid's own output, sanitized by it (securityLevel strict).
        swimlane.innerHTML = svg;
        swimlane.setAttribute('aria-busy', 'false');
        swimlane.dataset['lanes'] = t.lanes.join(' ');
        drawn = t.mermaid;
      }
      const signature = JSON.stringify([t.workflows, t.steps.map((s) => [s.activityId, s.outcome])]);
      if (signature !== steps) {
        steps = signature;
        fill(head, summary(t));
        fill(
          rest,
          t.truncated
            ? h('p', { class: 'error' }, 'The flow is larger than the trace reads: some of it is missing.')
            : null,
          t.missing.length > 0
            ? h('p', { class: 'muted' }, `No longer kept by the server: ${t.missing.join(', ')}`)
            : null,
          h('h3', {}, 'Workflows'),
          workflowsTable(t),
          h('h3', {}, `Steps (${t.steps.length})`),
          h(
            'table',
            { class: 'steps' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Lane', 'eTOM', 'Process', 'Activity', 'Started', 'Took', 'Attempts', 'Outcome'].map((c) =>
                  h('th', {}, c),
                ),
              ),
            ),
            h('tbody', {}, byStart(t.steps).flatMap(stepRow)),
          ),
        );
      }
      if (t.workflows.some((w) => w.inTree && w.outcome === 'running'))
        timer = window.setTimeout(() => void load(), REFRESH_MS);
    } catch (err) {
      if (abort.signal.aborted) return;
      fill(swimlane, h('p', { class: 'error' }, messageOf(err)));
      onError(err);
    }
  };
  void load();
  return {
    el,
    dispose() {
      abort.abort();
      window.clearTimeout(timer);
    },
  };
}
