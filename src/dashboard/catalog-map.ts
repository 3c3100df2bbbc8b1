import { CATALOG, type EtomProcess, layerKeyOf, VERTICAL_NAMES } from '../catalog';
import { describedInText } from '../catalog/standard-text';
import { namedHandOffs, type ProcessRef } from '../catalog/named-hand-offs';
import { catalogRows, type CatalogRow } from '../cli/catalog';
import { LAYER_NAMES, LAYERS } from '../layers';
import type { ProcessRunStats } from '../ports/process-runs';

/** The Operations verticals the map draws across the layers, in the standard's order. */
const MAP_VERTICALS = ['O', 'F', 'A', 'B'] as const;

export interface RunFigures {
  runs: number;
  running: number;
  failed: number;
  p50Ms: number | null;
}

const NO_RUNS: RunFigures = { runs: 0, running: 0, failed: 0, p50Ms: null };

export const figuresOf = (s: ProcessRunStats | undefined): RunFigures =>
  s ? { runs: s.runs, running: s.running, failed: s.failed, p50Ms: s.p50Ms } : NO_RUNS;

/**
 * What the map shows of the catalog, computed once per server: it changes only with the code.
 * The run figures are joined in per request.
 */
export class CatalogMap {
  readonly rows: ReadonlyMap<string, CatalogRow>;
  private readonly texts = new Map<string, string | null>();

  constructor() {
    this.rows = new Map(catalogRows().map((r) => [r.id, r]));
  }

  /** GET /dashboard/api/map, with each Level-3 process's figures from `stats`. */
  map(stats: ReadonlyMap<string, ProcessRunStats>) {
    const children = (id: string) => CATALOG.filter((p) => p.parentId === id);
    const level3 = (p: EtomProcess) => {
      const row = this.rows.get(p.id)!;
      return {
        id: p.id,
        name: p.nameEn,
        nameFr: p.nameFr,
        activity: p.activity ?? null,
        implemented: row.implemented,
        ...figuresOf(stats.get(p.id)),
      };
    };
    const operations = CATALOG.filter((p) => p.level === 2 && layerKeyOf(p) !== undefined);
    return {
      verticals: MAP_VERTICALS.map((code) => ({ code, name: VERTICAL_NAMES[code] })),
      layers: LAYERS.map((key) => ({ key, name: LAYER_NAMES[key] })),
      groupings: CATALOG.filter((p) => p.level === 1 && (p.layer === 'SIP' || p.layer === 'Enterprise')).map((g) => ({
        id: g.id,
        name: g.nameEn,
        level: g.level,
        processes: children(g.id).map((p) => ({ id: p.id, name: p.nameEn, nameFr: p.nameFr, level: p.level })),
      })),
      level2: LAYERS.flatMap((layer) =>
        operations
          .filter((p) => layerKeyOf(p) === layer)
          .map((p) => ({
            id: p.id,
            name: p.nameEn,
            nameFr: p.nameFr,
            layer,
            verticals: p.vertical,
            workflow: p.workflow ?? null,
            processes: children(p.id)
              .filter((c) => c.level === 3)
              .map(level3),
          })),
      ),
    };
  }

  /** The standard's own description of a process (section 10), when its text is at hand. */
  textOf(id: string): string | null {
    if (!this.texts.has(id)) this.texts.set(id, describedInText(id) ?? null);
    return this.texts.get(id)!;
  }

  /** The processes this one's text names: the hand-offs the standard describes. */
  handOffs(id: string): ProcessRef[] {
    return namedHandOffs(id);
  }
}
