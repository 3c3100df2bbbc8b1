import { AccessError, getJson, readStream } from './api';
import { fill, h, instant, messageOf } from './dom';
import type { Flow, FlowPage } from './types';

const KINDS: Array<[string, string]> = [
  ['', 'All flows'],
  ['order', 'Orders'],
  ['ticket', 'Tickets'],
  ['problem', 'Problems'],
  ['billRun', 'Bill runs'],
];
const PAGE = 100;
const RETRY_MS = [1000, 2000, 5000, 10_000];

interface Filter {
  kind: string;
  q: string;
}

/** The server's search, applied to what the stream brings: the kind, and a prefix of the id or the customer. */
const matches = (f: Flow, filter: Filter) =>
  (filter.kind === '' || f.kind === filter.kind) &&
  (filter.q === '' || f.workflowId.startsWith(filter.q) || (f.customerId ?? '').startsWith(filter.q));

function row(f: Flow): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-workflow-id': f.workflowId, 'data-status': f.status },
    h('td', {}, h('a', { href: `#/flow/${encodeURIComponent(f.workflowId)}` }, f.workflowId)),
    h('td', { 'data-field': 'kind' }, f.kind ?? f.type),
    h('td', { 'data-field': 'state' }, f.state ?? '–'),
    h('td', { 'data-field': 'layer' }, f.layer ?? '–'),
    h('td', { 'data-field': 'customer' }, f.customerId ?? '–'),
    h('td', { 'data-field': 'status' }, h('span', { class: `status s-${f.status}` }, f.status)),
    h('td', { 'data-field': 'start' }, instant(f.start)),
    h('td', { 'data-field': 'end' }, instant(f.end)),
  );
}

export interface FlowsView {
  el: HTMLElement;
  dispose(): void;
}

/**
 * The flows page (`#/flows`): orders, tickets, problems and bill runs, newest first, with their
 * state, layer and customer; a search by id or customer. The server's `flow` events (a flow
 * started, moved or closed) update the table in place, without a reload.
 */
export function flowsView(onError: (err: unknown) => void): FlowsView {
  const filter: Filter = { kind: '', q: '' };
  const tbody = h('tbody');
  const live = h('span', { class: 'live', 'data-live': 'connecting' }, 'connecting…');
  const more = h('button', { type: 'button', hidden: true }, 'More');
  const note = h('p', { class: 'muted' });
  let next: string | null = null;
  let listAbort = new AbortController();
  const streamAbort = new AbortController();

  const upsert = (f: Flow, fresh: boolean) => {
    const old = tbody.querySelector<HTMLTableRowElement>(`tr[data-workflow-id="${CSS.escape(f.workflowId)}"]`);
    if (!matches(f, filter)) return;
    const r = row(f);
    if (fresh) r.classList.add('changed');
    if (old) old.replaceWith(r);
    else tbody.prepend(r);
    fill(note, '');
  };

  const list = async (append: boolean) => {
    listAbort.abort();
    const ctrl = (listAbort = new AbortController());
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (filter.kind) params.set('kind', filter.kind);
    if (filter.q) params.set('q', filter.q);
    if (append && next) params.set('cursor', next);
    try {
      const page = await getJson<FlowPage>(`/flows?${params.toString()}`, ctrl.signal);
      if (!append) tbody.replaceChildren();
      for (const f of page.flows) {
        if (!tbody.querySelector(`tr[data-workflow-id="${CSS.escape(f.workflowId)}"]`)) tbody.append(row(f));
      }
      next = page.next;
      more.hidden = next === null;
      fill(note, tbody.childElementCount === 0 ? 'No flow yet: place an order, open a ticket, or run a demo.' : '');
    } catch (err) {
      if (!ctrl.signal.aborted) onError(err);
    }
  };

  // The live stream: reconnects with a growing pause when the server goes away.
  const stream = async () => {
    for (let attempt = 0; !streamAbort.signal.aborted; attempt++) {
      try {
        await readStream(
          '/flows/stream',
          (e) => {
            if (e.event === 'flow') upsert(JSON.parse(e.data) as Flow, true);
          },
          streamAbort.signal,
          () => {
            attempt = 0;
            live.dataset['live'] = 'open';
            fill(live, '● live');
            // What moved while the stream was down.
            void list(false);
          },
        );
      } catch (err) {
        if (streamAbort.signal.aborted) return;
        if (err instanceof AccessError) return onError(err);
      }
      live.dataset['live'] = 'closed';
      fill(live, 'reconnecting…');
      const pause = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
      await new Promise((resolve) => window.setTimeout(resolve, pause));
    }
  };

  let typing: number | undefined;
  const search = h('input', {
    type: 'search',
    placeholder: 'Search an id or a customer (prefix)',
    'aria-label': 'search',
    oninput: (e: Event) => {
      window.clearTimeout(typing);
      typing = window.setTimeout(() => {
        filter.q = (e.target as HTMLInputElement).value.trim();
        void list(false);
      }, 300);
    },
  });
  const kind = h(
    'select',
    {
      'aria-label': 'kind',
      onchange: (e: Event) => {
        filter.kind = (e.target as HTMLSelectElement).value;
        void list(false);
      },
    },
    KINDS.map(([value, label]) => h('option', { value }, label)),
  );
  more.addEventListener('click', () => void list(true));

  const el = h(
    'div',
    { class: 'flows-view' },
    h('div', { class: 'toolbar' }, kind, search, live),
    h(
      'table',
      { class: 'flows-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Flow', 'Kind', 'State', 'Layer', 'Customer', 'Status', 'Started', 'Ended'].map((t) => h('th', {}, t)),
        ),
      ),
      tbody,
    ),
    note,
    more,
  );
  void list(false);
  void stream().catch((err: unknown) => onError(new Error(`the live stream stopped: ${messageOf(err)}`)));
  return {
    el,
    dispose() {
      listAbort.abort();
      streamAbort.abort();
      window.clearTimeout(typing);
    },
  };
}
