import { getJson } from './api';
import { duration, fill, h, instant, messageOf } from './dom';
import type { ProcessDetail } from './types';

const REFRESH_MS = 5000;
const KIND_TITLES: Record<string, string> = {
  order: 'order',
  ticket: 'ticket',
  problem: 'problem',
  billRun: 'bill run',
};

const processLink = (p: { id: string; name: string }) =>
  h('a', { href: `#/process/${p.id}`, 'data-etom-id': p.id }, h('span', { class: 'pid' }, p.id), ' ', p.name);

function statsOf(d: ProcessDetail): HTMLElement {
  const s = d.stats;
  return h(
    'dl',
    { class: 'stats' },
    h('dt', {}, 'runs'),
    h('dd', { 'data-figure': 'runs' }, s.runs),
    h('dt', {}, 'running'),
    h('dd', { 'data-figure': 'running' }, s.running),
    h('dt', {}, 'failed'),
    h('dd', { 'data-figure': 'failed' }, s.failed),
    h('dt', {}, 'p50'),
    h('dd', { 'data-figure': 'p50' }, duration(s.p50Ms)),
  );
}

function flowsOf(d: ProcessDetail): HTMLElement {
  if (d.flows.length === 0) return h('p', { class: 'muted' }, 'No flow has run it yet.');
  return h(
    'ul',
    { class: 'flows' },
    d.flows.map((f) =>
      h(
        'li',
        {},
        h('a', { href: `#/flow/${encodeURIComponent(f.workflowId)}`, 'data-workflow-id': f.workflowId }, f.workflowId),
        ' ',
        h('span', { class: 'muted' }, `${f.kind ? (KIND_TITLES[f.kind] ?? f.kind) : 'flow'} · ${instant(f.at)}`),
      ),
    ),
  );
}

function body(d: ProcessDetail): Array<HTMLElement | null> {
  const code = d.activity ?? d.workflow ?? null;
  return [
    h('p', { class: 'pid' }, `${d.id} · level ${d.level} · ${d.layer} · ${d.verticals.join(', ')}`),
    h('h2', {}, d.name),
    h('p', { class: 'fr', lang: 'fr' }, d.nameFr),
    d.parent ? h('p', {}, 'In ', processLink(d.parent)) : null,
    h('h3', {}, 'Purpose'),
    h('p', { class: 'purpose' }, d.purpose),
    h(
      'p',
      { class: 'code' },
      code ? h('code', {}, code) : h('span', { class: 'muted' }, 'not implemented'),
      d.source ? h('span', { class: 'source' }, ` ${d.source.path}:${d.source.line}`) : null,
    ),
    h('div', { class: 'live-stats' }, statsOf(d)),
    h('h3', {}, 'Flows that ran it'),
    h('div', { class: 'live-flows' }, flowsOf(d)),
    h('h3', {}, 'Hand-offs'),
    d.handOffs.length === 0
      ? h('p', { class: 'muted' }, 'Its text names no other process.')
      : h(
          'ul',
          { class: 'handoffs' },
          d.handOffs.map((p) => h('li', {}, processLink(p))),
        ),
    h('h3', { lang: 'fr' }, 'Texte de la norme'),
    d.textFr
      ? h('div', { class: 'text-fr', lang: 'fr' }, d.textFr)
      : h('p', { class: 'text-fr', lang: 'fr' }, d.summaryFr ?? '—'),
  ];
}

export interface ProcessPanel {
  el: HTMLElement;
  show(id: string | null): void;
  dispose(): void;
}

/**
 * The side panel of one process: its French text and English purpose, its code, live figures,
 * the flows that ran it (links to their pages) and the processes its text hands work to.
 * Its figures and flows are read again every few seconds while it is open.
 */
export function processPanel(): ProcessPanel {
  const content = h('div', { class: 'panel-body' });
  const el = h(
    'aside',
    { class: 'panel', hidden: true, 'aria-live': 'polite' },
    h('a', { class: 'close', href: '#/', title: 'close', 'aria-label': 'close' }, '×'),
    content,
  );
  let current: string | null = null;
  let timer: number | undefined;
  let abort: AbortController | undefined;

  const load = async (id: string, first: boolean) => {
    abort?.abort();
    const ctrl = (abort = new AbortController());
    try {
      const d = await getJson<ProcessDetail>(`/processes/${encodeURIComponent(id)}`, ctrl.signal);
      if (current !== id) return;
      const stats = content.querySelector('.live-stats');
      const flows = content.querySelector('.live-flows');
      if (first || !stats || !flows) fill(content, body(d));
      else {
        fill(stats, statsOf(d));
        fill(flows, flowsOf(d));
      }
      el.dataset['etomId'] = id;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      if (first) fill(content, h('p', { class: 'error' }, messageOf(err)));
    }
    if (current === id) timer = window.setTimeout(() => void load(id, false), REFRESH_MS);
  };

  return {
    el,
    show(id) {
      window.clearTimeout(timer);
      current = id;
      el.hidden = id === null;
      if (id === null) {
        abort?.abort();
        return;
      }
      fill(content, h('p', { class: 'muted' }, `Loading ${id}…`));
      void load(id, true);
    },
    dispose() {
      current = null;
      window.clearTimeout(timer);
      abort?.abort();
    },
  };
}
