import { CATALOG, type EtomProcess, GROUPINGS, verticalNames } from '../catalog';
import { registeredActivities, registeredWorkflows } from '../catalog/implemented';
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
  purpose: string;
  activity: string | null;
  workflow: string | null;
  implemented: boolean;
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
    purpose: p.purpose,
    activity: p.activity ?? null,
    workflow: p.workflow ?? null,
    // A Level-3 process is implemented when a worker registers its activity under the catalog's
    // name for the catalog's id (the test suite fails if any such activity lacks a unit test);
    // a Level-2 process, when the workers register its workflow.
    implemented:
      p.activity !== undefined
        ? registered.get(p.activity)?.etomId === p.id
        : p.workflow !== undefined && workflows.has(p.workflow),
  }));
}

export async function runCatalog(args: string[]): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean' },
    layer: { type: 'string' },
    level: { type: 'string' },
  });
  let rows = catalogRows();
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
