import type { Db } from '../adapters/sqlite/database';
import type { AlarmEvent } from '../ports/alarms';
import { injectFault, UNTIL_REPAIRED } from './network';

/**
 * The network's element managers, simulated: the alarm streams a real failure produces, read
 * from the inventory's containment (node → card → port). A failed card raises its equipment
 * alarm and every port on it loses signal, and managers repeat what is still raised; a failed
 * node takes its cards and ports with it; a transient is raised and cleared at once. A failure
 * also breaks the simulated network (a fault until repaired), so tests find what alarms say.
 */

export interface StreamOptions {
  /** Raise time of the first alarm (default now); each next alarm a few ms later. */
  at?: Date;
  /** How many times each alarm is sent again while raised (default 0). */
  repeats?: number;
  sourceSystemId?: string;
  /** Whether to break the simulated network as the alarms say (default true). */
  breakNetwork?: boolean;
}

const SOURCE = 'EMS-SIM';

interface Child {
  id: string;
  resource_type: string;
}

const childrenOf = (db: Db, id: string) =>
  db.prepare('SELECT id, resource_type FROM resources WHERE parent_id = ? ORDER BY id').all(id) as Child[];

class Stream {
  readonly events: AlarmEvent[] = [];
  private t: number;
  constructor(
    at: Date | undefined,
    private readonly source: string,
  ) {
    this.t = (at ?? new Date()).getTime();
  }
  raise(resourceId: string, kind: 'equipment' | 'los', specificProblem?: string): AlarmEvent {
    const e: AlarmEvent =
      kind === 'equipment'
        ? {
            alarmType: 'equipmentAlarm',
            perceivedSeverity: 'critical',
            probableCause: 'equipmentMalfunction',
            specificProblem: specificProblem ?? 'unit failed self-test',
            alarmedObject: resourceId,
            sourceSystemId: this.source,
            state: 'raised',
            eventTime: this.tick(),
          }
        : {
            alarmType: 'communicationsAlarm',
            perceivedSeverity: 'major',
            probableCause: 'lossOfSignal',
            specificProblem: specificProblem ?? 'no optical signal received',
            alarmedObject: resourceId,
            sourceSystemId: this.source,
            state: 'raised',
            eventTime: this.tick(),
          };
    this.events.push(e);
    return e;
  }
  clear(raised: AlarmEvent, afterMs: number): void {
    this.events.push({
      ...raised,
      perceivedSeverity: 'cleared',
      state: 'cleared',
      eventTime: new Date(Date.parse(raised.eventTime) + afterMs).toISOString(),
    });
  }
  private tick(): string {
    this.t += 2;
    return new Date(this.t).toISOString();
  }
}

/** Each raised alarm sent `repeats` more times, as managers re-send what is still raised. */
function withRepeats(events: AlarmEvent[], repeats: number): AlarmEvent[] {
  if (repeats <= 0) return events;
  const again = events.filter((e) => e.state === 'raised');
  const out = [...events];
  for (let r = 0; r < repeats; r++) out.push(...again);
  return out;
}

function breakElement(db: Db, resourceId: string, breakNetwork: boolean) {
  if (breakNetwork) injectFault(db, resourceId, 'testResource', UNTIL_REPAIRED);
}

/** A line card fails: its equipment alarm, then loss of signal on each of its ports. */
export function cardFailure(db: Db, cardId: string, opts: StreamOptions = {}): AlarmEvent[] {
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  failCard(db, s, cardId, opts.breakNetwork ?? true);
  return withRepeats(s.events, opts.repeats ?? 0);
}

function failCard(db: Db, s: Stream, cardId: string, breakNetwork: boolean) {
  breakElement(db, cardId, breakNetwork);
  s.raise(cardId, 'equipment');
  for (const port of childrenOf(db, cardId)) {
    breakElement(db, port.id, breakNetwork);
    s.raise(port.id, 'los', `loss of signal: ${cardId} failed`);
  }
}

/** A node fails: its own alarm, then each card's and each port's. */
export function nodeFailure(db: Db, nodeId: string, opts: StreamOptions = {}): AlarmEvent[] {
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  failNode(db, s, nodeId, opts.breakNetwork ?? true);
  return withRepeats(s.events, opts.repeats ?? 0);
}

function failNode(db: Db, s: Stream, nodeId: string, breakNetwork: boolean) {
  breakElement(db, nodeId, breakNetwork);
  s.raise(nodeId, 'equipment', 'node unreachable');
  for (const child of childrenOf(db, nodeId)) {
    if (child.resource_type === 'card') failCard(db, s, child.id, breakNetwork);
    else {
      breakElement(db, child.id, breakNetwork);
      s.raise(child.id, 'los', `loss of signal: ${nodeId} failed`);
    }
  }
}

/** A port loses signal on its own (a cut fibre): one alarm, the port broken. */
export function portFailure(db: Db, portId: string, opts: StreamOptions = {}): AlarmEvent[] {
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  breakElement(db, portId, opts.breakNetwork ?? true);
  s.raise(portId, 'los', 'fibre cut');
  return withRepeats(s.events, opts.repeats ?? 0);
}

/** A transient: raised and cleared `clearAfterMs` later; nothing breaks. */
export function transientAlarm(resourceId: string, clearAfterMs: number, opts: StreamOptions = {}): AlarmEvent[] {
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  const raised = s.raise(resourceId, 'los', 'signal flap');
  s.clear(raised, clearAfterMs);
  return s.events;
}

/** An alarm the network raises though nothing is wrong: tests will pass. */
export function falseAlarm(resourceId: string, opts: StreamOptions = {}): AlarmEvent[] {
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  s.raise(resourceId, 'equipment', 'spurious self-test report');
  return withRepeats(s.events, opts.repeats ?? 0);
}

/** A deterministic generator (mulberry32): the same seed gives the same storm. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Topology {
  region: string;
  nodes: string[];
  cards: string[];
  ports: string[];
}

/**
 * Adds a region of its own to the inventory: nodes with a redundant pair of cards each, and
 * ports on the cards, about `resources` elements in all. Benchmarks storm it without touching
 * the sample operator's regions.
 */
export function addAlarmTopology(db: Db, resources: number, region = 'ALM', portsPerCard = 14): Topology {
  const perNode = 1 + 2 * (1 + portsPerCard);
  const nodeCount = Math.max(1, Math.round(resources / perNode));
  const at = new Date().toISOString();
  const ins = db.prepare(
    `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, redundant_with, attributes, state, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', 'available', ?)`,
  );
  const topo: Topology = { region, nodes: [], cards: [], ports: [] };
  db.transaction(() => {
    for (let n = 1; n <= nodeCount; n++) {
      const node = `NODE-${region}-${n}`;
      const site = `${region}-CO${1 + (n % 20)}`;
      ins.run(node, 'RS-NODE', 'node', `${region} node ${n}`, region, site, null, null, at);
      topo.nodes.push(node);
      for (let c = 1; c <= 2; c++) {
        const card = `CARD-${region}-${n}-${c}`;
        ins.run(card, 'RS-CARD', 'card', `${node} card ${c}`, region, site, node, null, at);
        topo.cards.push(card);
        for (let p = 1; p <= portsPerCard; p++) {
          const port = `PORT-${region}-${n}-${c}-${p}`;
          ins.run(port, 'RS-ACCESS-PORT', 'port', `${card} port ${p}`, region, site, card, null, at);
          topo.ports.push(port);
        }
      }
      db.prepare('UPDATE resources SET redundant_with = ? WHERE id = ?').run(
        `CARD-${region}-${n}-2`,
        `CARD-${region}-${n}-1`,
      );
    }
  })();
  return topo;
}

export interface StormPlan {
  events: AlarmEvent[];
  /** The failures behind it: each should become one resource trouble. */
  failures: { nodes: string[]; cards: string[]; ports: string[] };
  transients: number;
}

/**
 * An alarm storm of `size` notifications over a topology: node and card failures with all
 * their consequences, single port failures, transients, and the repeats managers send while
 * alarms stay raised, mixed as a real storm is. Incidents are emitted whole (a card's alarm
 * before its ports'), repeats are spread over the rest of the storm.
 */
export function alarmStorm(
  db: Db,
  topo: Topology,
  size: number,
  opts: StreamOptions & { seed?: number; transientClearMs?: number } = {},
): StormPlan {
  const rnd = random(opts.seed ?? 642);
  const s = new Stream(opts.at, opts.sourceSystemId ?? SOURCE);
  const breakNetwork = opts.breakNetwork ?? false;
  const failures: StormPlan['failures'] = { nodes: [], cards: [], ports: [] };
  const failedNodes = new Set<string>();
  const failedCards = new Set<string>();
  let transients = 0;
  // One incident per ~100 notifications: the rest of the storm is what managers repeat.
  const incidents = Math.max(1, Math.floor(size / 100));
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < incidents && s.events.length < size; i++) {
    const roll = rnd();
    if (roll < 0.05) {
      const node = pick(topo.nodes);
      if (failedNodes.has(node)) continue;
      failedNodes.add(node);
      failures.nodes.push(node);
      failNode(db, s, node, breakNetwork);
    } else if (roll < 0.6) {
      const card = pick(topo.cards);
      const node = card.replace(/^CARD-(.*)-\d+$/, 'NODE-$1');
      if (failedCards.has(card) || failedNodes.has(node)) continue;
      failedCards.add(card);
      failures.cards.push(card);
      failCard(db, s, card, breakNetwork);
    } else if (roll < 0.8) {
      for (let k = 0; k < 5; k++) {
        const raised = s.raise(pick(topo.ports), 'los', 'signal flap');
        s.clear(raised, opts.transientClearMs ?? 100);
        transients++;
      }
    } else {
      const port = pick(topo.ports);
      const card = port.replace(/^PORT-(.*)-\d+$/, 'CARD-$1');
      if (failedCards.has(card)) continue;
      failures.ports.push(port);
      breakElement(db, port, breakNetwork);
      s.raise(port, 'los', 'fibre cut');
    }
  }
  const raised = s.events.filter((e) => e.state === 'raised' && e.specificProblem !== 'signal flap');
  const events = s.events.slice(0, size);
  const tail = Date.parse(events[events.length - 1]!.eventTime);
  for (let i = 0; events.length < size && raised.length > 0; i++) {
    const again = pick(raised);
    events.push({ ...again, eventTime: new Date(tail + 1 + i).toISOString() });
  }
  return { events, failures, transients };
}
