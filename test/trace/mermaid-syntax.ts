/**
 * The statements `renderMermaid` writes, checked line by line against Mermaid's
 * sequenceDiagram grammar (its jison lexer: a message ends at `;`, `#` or a line break;
 * participants are declared before use, possibly in a `box` per enterprise). Mermaid's own parser needs the whole `mermaid`
 * package and a DOM, too heavy for a unit check; this is the subset the trace uses.
 */
const PARTICIPANT = /^ {2}(?: {2})?participant ([a-z_]+) as ([^;#\n]+)$/;
const MESSAGE = /^ {2}([a-z_]+)(->>|-->>|-x|-\))([a-z_]+): ([^;#\n]+)$/;
const NOTE = /^ {2}Note over ([a-z_]+)(?:,([a-z_]+))?: ([^;#\n]+)$/;
const BOX = /^ {2}box transparent ([^;#\n]+)$/;

export interface ParsedDiagram {
  participants: Map<string, string>;
  messages: Array<{ from: string; arrow: string; to: string; text: string }>;
  notes: Array<{ over: string[]; text: string }>;
  /** Each box's title and the participants declared in it. */
  boxes: Array<{ title: string; participants: string[] }>;
}

/** Parses the diagram or throws at the first line that is not a statement the grammar takes. */
export function parseSequenceDiagram(source: string): ParsedDiagram {
  const [head, ...lines] = source.trimEnd().split('\n');
  if (head !== 'sequenceDiagram') throw new Error(`line 1 is not 'sequenceDiagram': ${head}`);
  const parsed: ParsedDiagram = { participants: new Map(), messages: [], notes: [], boxes: [] };
  let box: ParsedDiagram['boxes'][number] | undefined;
  const known = (id: string, n: number) => {
    if (!parsed.participants.has(id)) throw new Error(`line ${n}: undeclared participant ${id}`);
    return id;
  };
  lines.forEach((line, i) => {
    const n = i + 2;
    const p = PARTICIPANT.exec(line);
    const m = MESSAGE.exec(line);
    const note = NOTE.exec(line);
    const b = BOX.exec(line);
    const before = (what: string) => {
      if (parsed.messages.length > 0 || parsed.notes.length > 0) throw new Error(`line ${n}: ${what} after messages`);
    };
    if (b) {
      before('box');
      if (box) throw new Error(`line ${n}: a box inside a box`);
      box = { title: b[1]!, participants: [] };
      parsed.boxes.push(box);
    } else if (line === '  end') {
      if (!box) throw new Error(`line ${n}: end without a box`);
      box = undefined;
    } else if (p) {
      before('participant');
      if (line.startsWith('    ') !== !!box) throw new Error(`line ${n}: participant indented unlike its box`);
      parsed.participants.set(p[1]!, p[2]!);
      box?.participants.push(p[1]!);
    } else if (m) {
      parsed.messages.push({ from: known(m[1]!, n), arrow: m[2]!, to: known(m[3]!, n), text: m[4]! });
    } else if (note) {
      const over = [note[1]!, ...(note[2] ? [note[2]] : [])].map((id) => known(id, n));
      parsed.notes.push({ over, text: note[3]! });
    } else throw new Error(`line ${n} is not a sequenceDiagram statement: ${line}`);
  });
  if (box) throw new Error(`box ${box.title} is not ended`);
  return parsed;
}
