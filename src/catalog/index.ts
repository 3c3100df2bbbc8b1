import entries from './processes.json';
import { CatalogFileSchema, type EtomProcess, type Grouping, type VerticalCode, VERTICAL_NAMES } from './schema';
import { LAYER_NAMES, LAYERS, type LayerKey } from '../layers';

export * from './schema';

const HORIZONTAL_TO_LAYER: Record<string, Grouping> = { '1': 'CRM', '2': 'SM&O', '3': 'RM&O', '4': 'S/PRM' };

/**
 * Reads what an identifier says (see shared/etom/README.md): `1.A.2.3.2` is vertical A,
 * horizontal 2 (SM&O), Level-2 process 3, Level-3 process 2. The groupings `1.OFAB.n`
 * (Operations) and `1.SIP.n` name the Level-1 horizontals themselves; `1.E.*` is Enterprise.
 */
export function readIdentifier(id: string): Pick<EtomProcess, 'layer' | 'vertical' | 'parentId'> {
  const [, code = '', horizontal = '', l2, l3] = id.split('.');
  const vertical = (code === 'SIP' ? ['S', 'I', 'P'] : code.split('')) as VerticalCode[];
  for (const v of vertical) {
    if (!(v in VERTICAL_NAMES)) throw new Error(`unknown vertical ${v} in ${id}`);
  }
  let layer: Grouping;
  if (code === 'E') layer = 'Enterprise';
  else if (code === 'SIP' || vertical.some((v) => v === 'S' || v === 'I' || v === 'P')) layer = 'SIP';
  else {
    const l = HORIZONTAL_TO_LAYER[horizontal];
    if (!l) throw new Error(`unknown horizontal ${horizontal} in ${id}`);
    layer = l;
  }
  let parentId: string | null = null;
  if (l3 !== undefined) parentId = id.split('.').slice(0, 4).join('.');
  else if (l2 !== undefined) {
    if (layer === 'Enterprise') parentId = `1.E.${horizontal}`;
    else if (layer === 'SIP') parentId = `1.SIP.${horizontal}`;
    else parentId = `1.OFAB.${horizontal}`;
  }
  return { layer, vertical, parentId };
}

function load(): readonly EtomProcess[] {
  const parsed = CatalogFileSchema.safeParse(entries);
  if (!parsed.success) {
    throw new Error(`src/catalog/processes.json is invalid: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data.map((e) => Object.freeze({ ...e, ...readIdentifier(e.id) }));
}

export const CATALOG: readonly EtomProcess[] = load();

const byId = new Map(CATALOG.map((p) => [p.id, p]));
const byActivity = new Map(CATALOG.filter((p) => p.activity).map((p) => [p.activity!, p]));
const byWorkflow = new Map(CATALOG.filter((p) => p.workflow).map((p) => [p.workflow!, p]));

export function processById(id: string): EtomProcess | undefined {
  return byId.get(id);
}

export function processByActivity(activity: string): EtomProcess | undefined {
  return byActivity.get(activity);
}

export function processByWorkflow(workflow: string): EtomProcess | undefined {
  return byWorkflow.get(workflow);
}

/** The operations layer key ('crm', 'smo', …) a process belongs to, if it is in Operations. */
export function layerKeyOf(p: Pick<EtomProcess, 'layer'>): LayerKey | undefined {
  return LAYERS.find((k) => LAYER_NAMES[k] === p.layer);
}

export function verticalNames(p: Pick<EtomProcess, 'vertical'>): string[] {
  return p.vertical.map((v) => VERTICAL_NAMES[v]);
}
