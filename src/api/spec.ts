import fs from 'node:fs';
import path from 'node:path';
import Ajv04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The official TM Forum specifications, loaded as published (Swagger 2.0, JSON Schema
 * draft-04) and compiled one definition at a time: the schemas are circular, so they are
 * never dereferenced, and never copied into this code.
 */
export interface TmfSpec {
  /** The file, e.g. TMF622-ProductOrdering-v4.0.0.swagger.json. */
  file: string;
  /** The API's name in its base path, e.g. productOrderingManagement. */
  apiName: string;
  /** `/tmf-api/<apiName>/v4`, without the trailing slash. */
  basePath: string;
  /** The operations the specification defines: path (under basePath) → methods. */
  paths: Record<string, string[]>;
  definitions: Record<string, { required?: string[] }>;
  /** Where a definition is published, for `@schemaLocation`. */
  schemaLocation(definition: string): string;
  /** The compiled validator of one definition (compiled on first use, then kept). */
  validator(definition: string): ValidateFunction;
}

/** One invalid field: its path in the body (`/productOrderItem/0/action`) and what is wrong. */
export interface Violation {
  path: string;
  message: string;
}

interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, { required?: string[] }>;
}

/** Where each file was published: SOURCES.tsv (file, repo, path, commit). */
function publishedAt(tmfDir: string): Map<string, string> {
  const sources = path.join(tmfDir, 'SOURCES.tsv');
  const where = new Map<string, string>();
  if (!fs.existsSync(sources)) return where;
  for (const line of fs.readFileSync(sources, 'utf8').split('\n').slice(1)) {
    const [file, repo, file_path, commit] = line.split('\t');
    if (file && repo && file_path && commit)
      where.set(file, `https://raw.githubusercontent.com/${repo}/${commit}/${file_path}`);
  }
  return where;
}

/** One Ajv for all the specifications: each is added under its file name and compiled lazily. */
export function createSpecLibrary(tmfDir: string) {
  const ajv = new Ajv04({ strict: false, allErrors: true });
  addFormats(ajv);
  // The one format of these files ajv-formats does not know.
  ajv.addFormat('base64', /^[A-Za-z0-9+/]*={0,2}$/);
  const published = publishedAt(tmfDir);
  const loaded = new Map<string, TmfSpec>();

  return {
    load(file: string): TmfSpec {
      const known = loaded.get(file);
      if (known) return known;
      const full = path.join(tmfDir, file);
      if (!fs.existsSync(full)) throw new Error(`TMF specification ${file} not found in ${tmfDir} (ETOM_TMF_DIR)`);
      const doc = JSON.parse(fs.readFileSync(full, 'utf8')) as Swagger;
      ajv.addSchema(doc, file);
      const basePath = doc.basePath.replace(/\/$/, '');
      const apiName = /^\/tmf-api\/([^/]+)\//.exec(doc.basePath)?.[1];
      if (!apiName) throw new Error(`${file}: basePath ${doc.basePath} is not /tmf-api/<apiName>/v4/`);
      const compiled = new Map<string, ValidateFunction>();
      const location = published.get(file) ?? `urn:tmf-spec:${file}`;
      const spec: TmfSpec = {
        file,
        apiName,
        basePath,
        paths: Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops)])),
        definitions: doc.definitions,
        schemaLocation: (definition) => `${location}#/definitions/${definition}`,
        validator(definition) {
          let v = compiled.get(definition);
          if (!v) {
            if (!doc.definitions[definition]) throw new Error(`${file} defines no ${definition}`);
            v = ajv.getSchema(`${file}#/definitions/${definition}`);
            if (!v) throw new Error(`${file}: ${definition} did not compile`);
            compiled.set(definition, v);
          }
          return v;
        },
      };
      loaded.set(file, spec);
      return spec;
    },
  };
}
export type SpecLibrary = ReturnType<typeof createSpecLibrary>;

/** Every invalid field of `value` against `definition`, or none. */
export function violations(spec: TmfSpec, definition: string, value: unknown): Violation[] {
  const validate = spec.validator(definition);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): Violation {
  const params = e.params as Record<string, unknown>;
  // A missing property is named by its own path, not its parent's.
  const at =
    e.keyword === 'required' ? `${e.instancePath}/${String(params['missingProperty'])}` : e.instancePath || '/';
  const detail = e.keyword === 'enum' ? ` (${(params['allowedValues'] as unknown[]).join(', ')})` : '';
  return { path: at, message: `${e.message ?? 'is invalid'}${detail}` };
}
