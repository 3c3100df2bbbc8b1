import { CATALOG, type EtomProcess, GROUPINGS, processById, verticalNames } from '../catalog';
import { registeredActivities, registeredWorkflows } from '../catalog/implemented';
import { type SourceLocation, sourceOf } from '../catalog/sources';
import { describedInText } from '../catalog/standard-text';
import { type HandOff, handsOffTo } from '../catalog/hand-offs';
import { LAYER_NAMES, isLayerKey } from '../layers';
import { UsageError, parse } from './args';

export interface CatalogRow {
  id: string;
  level: number;
  nameEn: string;
  nameFr: string;
  layer: string;
  vertical: string[];
  parentId: string | null;
  /** Where section 10 of the text describes it. */
  section: string | null;
  purpose: string;
  /** The text's own summary, in French. */
  summaryFr: string;
  activity: string | null;
  workflow: string | null;
  implemented: boolean;
  /** The file (and line) that implements it: the activity's process file or the workflow's. */
  source: SourceLocation | null;
  /** Level 3: the processes it hands work to in code (src/catalog/hand-offs.json). */
  handsOffTo?: HandOff[];
}

export function catalogRows(): CatalogRow[] {
  const registered = new Map(registeredActivities().map((a) => [a.name, a]));
  const workflows = registeredWorkflows();
  return CATALOG.map((p: EtomProcess) => ({
    id: p.id,
    level: p.level,
    nameEn: p.nameEn,
    nameFr: p.nameFr,
    layer: p.layer,
    vertical: verticalNames(p),
    parentId: p.parentId,
    section: p.section,
    purpose: p.purpose,
    summaryFr: p.summaryFr,
    activity: p.activity ?? null,
    workflow: p.workflow ?? null,
    // A Level-3 process is implemented when a worker registers its activity under the catalog's
    // name for the catalog's id (the test suite fails if any such activity lacks a unit test);
    // a Level-2 process, when the workers register its workflow.
    implemented:
      p.activity !== undefined
        ? registered.get(p.activity)?.etomId === p.id
        : p.workflow !== undefined && workflows.has(p.workflow),
    source: sourceOf(p) ?? null,
    ...(p.level === 3 ? { handsOffTo: handsOffTo(p.id) } : {}),
  }));
}

/** One process in full: its names, the standard's text about it, and where it is implemented. */
function printProcess(r: CatalogRow, json: boolean): void {
  const text = describedInText(r.id) ?? null;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...r, text }, null, 2)}\n`);
    return;
  }
  const impl = r.activity
    ? `activity ${r.activity}`
    : r.workflow
      ? `workflow ${r.workflow}`
      : 'described by the standard; no process here runs it';
  const lines = [
    `${r.id}  ${r.nameEn}`,
    `${' '.repeat(r.id.length)}  ${r.nameFr}`,
    '',
    `level ${r.level} · ${r.layer} · ${r.vertical.join(', ')}${r.parentId ? ` · in ${r.parentId} ${processById(r.parentId)?.nameEn ?? ''}` : ''}`,
    `${impl}${r.implemented ? ' ✓' : ''}${r.source ? ` — ${r.source.path}:${r.source.line}` : ''}`,
    '',
    r.purpose,
    '',
    ...(r.handsOffTo && r.handsOffTo.length > 0
      ? [
          'hands work to:',
          ...r.handsOffTo.map(
            (h) => `  ${h.id.padEnd(12)} ${h.name} (${h.how} ${h.via})${h.namedByText ? ' — named by the text' : ''}`,
          ),
          '',
        ]
      : []),
    // The text's section, when at hand, opens with the same summary: shown once.
    ...(text ? [`§${r.section ?? '?'}`, text] : [`Description résumée: ${r.summaryFr}`]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function runCatalog(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      json: { type: 'boolean' },
      layer: { type: 'string' },
      level: { type: 'string' },
    },
    true,
  );
  let rows = catalogRows();
  if (positionals.length > 0) {
    const [id, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError('catalog takes one process id (e.g. 1.F.2.2.1)');
    const row = rows.find((r) => r.id === id || r.activity === id || r.workflow === id);
    if (!row) throw new UsageError(`no process ${id} in the catalog (ids look like 1.F.2.2.1)`);
    printProcess(row, values.json === true);
    return 0;
  }
  if (values.layer !== undefined) {
    const wanted = isLayerKey(values.layer) ? LAYER_NAMES[values.layer] : values.layer;
    if (!(GROUPINGS as readonly string[]).includes(wanted)) {
      throw new UsageError(`--layer must be one of crm, smo, rmo, sprm, SIP, Enterprise (got '${values.layer}')`);
    }
    rows = rows.filter((r) => r.layer === wanted);
  }
  if (values.level !== undefined) {
    if (!['1', '2', '3'].includes(values.level))
      throw new UsageError(`--level must be 1, 2 or 3 (got '${values.level}')`);
    rows = rows.filter((r) => r.level === Number(values.level));
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const r of rows) {
    const indent = '  '.repeat(r.level - 1);
    const impl = r.activity
      ? r.implemented
        ? ` → ${r.activity} ✓`
        : ` → ${r.activity}`
      : r.workflow
        ? ` ⟳ ${r.workflow}`
        : '';
    process.stdout.write(`${r.layer.padEnd(10)} ${indent}${r.id.padEnd(12)} ${r.nameEn}${impl}\n`);
  }
  const l3 = rows.filter((r) => r.level === 3);
  process.stdout.write(
    `\n${rows.length} processes; ${l3.filter((r) => r.implemented).length}/${l3.length} Level-3 implemented\n`,
  );
  return 0;
}
