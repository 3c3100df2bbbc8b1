import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMPORAL_SERVER_VERSION } from '../../src/cluster/temporal-server';
import { type ComposeImplementation, composeConfig, detectCompose, type Project } from './compose-config';

/**
 * docker-compose.yml checked by a real Compose implementation, not by hand-written rules: the
 * first of `docker compose`, `docker-compose` that this machine has, and always the Compose
 * Specification's JSON schema (offline, with Ajv), so `npm test` installs nothing (#16, item 8).
 * Each parses the file, validates it, resolves anchors and relative paths; the assertions below
 * read the same normalised project whichever answered.
 */

const root = path.resolve(__dirname, '../..');
// ETOM_COMPOSE_FILE: check another file the same way (e.g. to see this test fail on a broken copy).
const composeFile = path.resolve(process.env['ETOM_COMPOSE_FILE'] ?? path.join(root, 'docker-compose.yml'));
const IMPLEMENTATIONS: ComposeImplementation[] = [...new Set([detectCompose(), 'compose-spec' as const])];

function config(file: string, impl: ComposeImplementation) {
  return composeConfig(file, root, impl);
}

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A copy of the real file with one edit, in a temp directory; the real file is never touched. */
function brokenCopy(name: string, edit: (text: string) => string): string {
  const original = fs.readFileSync(composeFile, 'utf8');
  const text = edit(original);
  expect(text, `the '${name}' edit changed nothing: update the test`).not.toBe(original);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-compose-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, text);
  return file;
}

describe.each(IMPLEMENTATIONS)('docker-compose.yml, by %s', (impl) => {
  it('is accepted and wires the worker to Temporal on PostgreSQL', () => {
    const result = config(composeFile, impl);
    if (!result.ok) expect.fail(`${impl} rejected the file:\n${result.error}`);
    const { services, volumes }: Project = result.project;

    const LAYER_WORKERS = ['crm', 'smo', 'rmo', 'sprm'].map((l) => `etom-worker-${l}`);
    for (const name of [
      'postgresql',
      'temporal-schema',
      'temporal',
      'temporal-namespace',
      'temporal-admin-tools',
      'temporal-ui',
      ...LAYER_WORKERS,
      'etom-simulators',
      'etom-api',
      'etom-demo',
    ]) {
      expect(services, `service ${name}`).toHaveProperty([name]);
    }
    const { postgresql, temporal, 'temporal-ui': ui, 'etom-demo': demo } = services;
    const schema = services['temporal-schema']!;

    // Every image is pinned to an explicit version, and Temporal's to the server version the
    // project's CLI embeds and `etom cluster up` builds: one version in both deployments.
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.image, `${name} image`).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(svc.image, `${name} image`).not.toMatch(/:latest$/);
    }
    const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
    expect(temporal!.image).toBe(`temporalio/server:${version}`);
    for (const name of ['temporal-schema', 'temporal-namespace', 'temporal-admin-tools'])
      expect(services[name]!.image, name).toMatch(
        new RegExp(`^temporalio/admin-tools:${version.replace(/\./g, '\\.')}-`),
      );
    expect(ui!.image).toMatch(/^temporalio\/ui:2\./);

    // Temporal persists in the postgresql service, whose schemas its SQL tool sets up first.
    expect(temporal!.environment?.['DB']).toBe('postgres12');
    expect(temporal!.environment?.['POSTGRES_SEEDS']).toBe('postgresql');
    expect(temporal!.environment?.['DB_PORT']).toBe('5432');
    expect(temporal!.environment?.['POSTGRES_USER']).toBe(postgresql!.environment?.['POSTGRES_USER']);
    expect(temporal!.environment?.['POSTGRES_PWD']).toBe(postgresql!.environment?.['POSTGRES_PASSWORD']);
    expect(postgresql!.image).toMatch(/^postgres:/);
    expect(temporal!.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(schema.depends_on?.['postgresql']?.condition).toBe('service_healthy');
    expect(schema.environment).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql' });
    const script = (schema.command ?? []).join('\n');
    expect(script).toContain('--db temporal update-schema --schema-name postgresql/v12/temporal');
    expect(script).toContain('--db temporal_visibility update-schema --schema-name postgresql/v12/visibility');
    expect(temporal!.ports?.map((p) => p.target)).toContain(7233);

    // One worker service per layer, each polling its layer's task queue on the temporal
    // service once the namespace exists; RM&O, the layer that scales first, runs two replicas.
    for (const name of LAYER_WORKERS) {
      const worker = services[name]!;
      const layer = name.replace('etom-worker-', '');
      const [host, port] = (worker.environment?.['TEMPORAL_ADDRESS'] ?? '').split(':');
      expect(host).toBe('temporal');
      expect(port).toBe('7233');
      expect(worker.environment).toMatchObject({ TEMPORAL_NAMESPACE: 'default', ETOM_DATA_DIR: '/data' });
      expect(worker.depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
      expect(worker.build?.context).toBe(root);
      expect(fs.existsSync(path.join(root, worker.build?.dockerfile ?? 'Dockerfile'))).toBe(true);
      // The workers host no simulator: etom-simulators runs each once, whatever the replicas.
      expect([...(worker.entrypoint ?? []), ...(worker.command ?? [])]).toEqual([
        'node',
        'bin/etom.cjs',
        'worker',
        '--layer',
        layer,
        '--no-simulators',
      ]);
      expect(worker.volumes?.some((v) => v.startsWith('etom-data:/data'))).toBe(true);
      expect(worker.deploy?.replicas ?? 1, name).toBe(layer === 'rmo' ? 2 : 1);
    }
    expect(volumes).toHaveProperty(['etom-data']);

    // The active simulators in one service of their own, one replica, on the workers' image,
    // environment, cluster and data volume (the simulated world's file is in /data).
    const simulators = services['etom-simulators']!;
    expect([...(simulators.entrypoint ?? []), ...(simulators.command ?? [])]).toEqual([
      'node',
      'bin/etom.cjs',
      'simulators',
    ]);
    expect(simulators.image).toBe(services['etom-worker-crm']!.image);
    expect(simulators.environment).toEqual(services['etom-worker-crm']!.environment);
    expect(simulators.depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
    expect(simulators.volumes?.some((v) => v.startsWith('etom-data:/data'))).toBe(true);
    expect(simulators.deploy?.replicas ?? 1).toBe(1);

    // The enterprise store is a database on the postgresql service, which the schema job
    // creates, with the credentials that service was given.
    const storeUrl = new URL(services['etom-worker-crm']!.environment?.['ETOM_STORE_URL'] ?? '');
    expect(storeUrl.protocol).toBe('postgres:');
    expect(storeUrl.hostname).toBe('postgresql');
    expect(storeUrl.port).toBe('5432');
    expect(storeUrl.username).toBe(postgresql!.environment?.['POSTGRES_USER']);
    expect(storeUrl.password).toBe(postgresql!.environment?.['POSTGRES_PASSWORD']);
    const storeDatabase = storeUrl.pathname.slice(1);
    expect(script).toContain(`--db ${storeDatabase} create-database`);
    for (const name of [...LAYER_WORKERS, 'etom-simulators', 'etom-api', 'etom-demo'])
      expect(services[name]!.environment?.['ETOM_STORE_URL'], name).toBe(storeUrl.toString());
    // Hardened: the image's last stage runs as a non-root user, on a read-only root filesystem,
    // with only the data volume and a scratch /tmp writable.
    const runtimeStage = fs
      .readFileSync(path.join(root, 'Dockerfile'), 'utf8')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtimeStage.match(/^USER (\S+)/m)?.[1]).toMatch(/^(?!root$|0$)\w+/);
    for (const name of [...LAYER_WORKERS, 'etom-simulators', 'etom-api', 'etom-demo']) {
      expect(services[name]!.read_only, name).toBe(true);
      expect(services[name]!.tmpfs, name).toEqual(['/tmp']);
    }

    // The API serves the TMF APIs and the dashboard on 8622; the demo is opt-in; both share
    // the workers' cluster and data volume.
    const api = services['etom-api']!;
    expect([...(api.entrypoint ?? []), ...(api.command ?? [])]).toEqual(['node', 'bin/etom.cjs', 'api']);
    expect(api.ports?.map((p) => p.target)).toContain(8622);
    expect(api.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', ETOM_API_HOST: '0.0.0.0' });
    expect(demo!.profiles).toEqual(['demo']);
    expect([...(demo!.entrypoint ?? []), ...(demo!.command ?? [])]).toEqual(['node', 'bin/etom.cjs', 'demo']);
    expect(demo!.environment).toEqual(services['etom-worker-crm']!.environment);
    expect(demo!.volumes?.some((v) => v.startsWith('etom-data:/data'))).toBe(true);

    // The Web UI talks to the same frontend and is published on 8080.
    expect(ui!.environment?.['TEMPORAL_ADDRESS']).toBe('temporal:7233');
    expect(ui!.ports?.map((p) => p.target)).toContain(8080);
  });

  it('is rejected by the same parser when broken (the check above can fail)', () => {
    // Control: an unmodified copy in a temp directory passes, so each rejection below is due to its edit.
    const control = config(
      brokenCopy('control', (t) => `${t}\n# unchanged copy\n`),
      impl,
    );
    expect(control.ok, control.ok ? '' : control.error).toBe(true);

    const cases: { name: string; edit: (t: string) => string; error: RegExp }[] = [
      {
        name: 'YAML syntax error',
        edit: (t) => t.replace('  etom-worker-crm:\n', '  etom-worker-crm: [\n'),
        error: /yaml|pars/i,
      },
      {
        name: 'unknown service option',
        edit: (t) => t.replace('  restart: unless-stopped\n', '  restat: unless-stopped\n'),
        error: /restat/,
      },
      {
        name: 'invalid depends_on condition',
        edit: (t) => t.replace(/condition: service_healthy/g, 'condition: when_ready'),
        error: /condition/,
      },
      {
        name: 'dependency on a service that does not exist',
        edit: (t) => t.replace(/(\n {2}temporal:\n[\s\S]*?depends_on:\n\s+)temporal-schema:/, '$1temporl-schema:'),
        error: /temporl-schema/,
      },
      {
        name: 'undeclared named volume',
        edit: (t) => t.replace(/\n {2}etom-data:\n/, '\n'),
        error: /etom-data/,
      },
    ];
    for (const c of cases) {
      const result = config(brokenCopy(c.name, c.edit), impl);
      if (result.ok) expect.fail(`${c.name}: ${impl} accepted it`);
      expect(result.error, c.name).toMatch(c.error);
    }
  });
});

describe('npm test installs nothing (#16, item 8)', () => {
  it('has no system install in its scripts, and validates the compose file with no Compose on the PATH', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const name of ['pretest', 'test', 'prepare', 'posttest'])
      expect(scripts[name] ?? '', name).not.toMatch(/apt-get|sudo|install-ci-deps|brew /);
    // A laptop without Docker, or macOS: neither binary is found, and the schema still answers.
    const bare = { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'etom-nopath-')) };
    tmpDirs.push(bare.PATH);
    expect(detectCompose(bare)).toBe('compose-spec');
    expect(composeConfig(composeFile, root, detectCompose(bare), bare).ok).toBe(true);
  });
});
