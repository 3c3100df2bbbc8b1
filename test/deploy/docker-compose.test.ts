import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

    for (const name of ['postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'etom-worker', 'etom-demo']) {
      expect(services, `service ${name}`).toHaveProperty([name]);
    }
    const { postgresql, temporal, 'temporal-ui': ui, 'etom-worker': worker, 'etom-demo': demo } = services;

    // Every image is pinned to an explicit version.
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.image, `${name} image`).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(svc.image, `${name} image`).not.toMatch(/:latest$/);
    }

    // Temporal persists in the postgresql service.
    expect(temporal!.image).toMatch(/^temporalio\/auto-setup:1\.2[78]\./);
    expect(temporal!.environment?.['DB']).toMatch(/^postgres(ql|12)$/);
    expect(temporal!.environment?.['POSTGRES_SEEDS']).toBe('postgresql');
    expect(temporal!.environment?.['DB_PORT']).toBe('5432');
    expect(temporal!.environment?.['POSTGRES_USER']).toBe(postgresql!.environment?.['POSTGRES_USER']);
    expect(temporal!.environment?.['POSTGRES_PWD']).toBe(postgresql!.environment?.['POSTGRES_PASSWORD']);
    expect(postgresql!.image).toMatch(/^postgres:/);
    expect(temporal!.depends_on).toHaveProperty(['postgresql']);
    expect(temporal!.healthcheck?.test.length).toBeGreaterThan(0);
    expect(temporal!.ports?.map((p) => p.target)).toContain(7233);

    // The worker reaches the temporal service's frontend and starts once it is healthy.
    const [host, port] = (worker!.environment?.['TEMPORAL_ADDRESS'] ?? '').split(':');
    expect(host).toBe('temporal');
    expect(port).toBe('7233');
    expect(worker!.environment).toMatchObject({ TEMPORAL_NAMESPACE: 'default', ETOM_DATA_DIR: '/data' });
    expect(worker!.depends_on?.['temporal']?.condition).toBe('service_healthy');
    expect(worker!.build?.context).toBe(root);
    expect(fs.existsSync(path.join(root, worker!.build?.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect([...(worker!.entrypoint ?? []), ...(worker!.command ?? [])]).toEqual(['node', 'bin/etom.cjs', 'worker']);
    expect(worker!.volumes?.some((v) => v.startsWith('etom-data:/data'))).toBe(true);
    expect(volumes).toHaveProperty(['etom-data']);
    // Hardened: the image's last stage runs as a non-root user, on a read-only root filesystem,
    // with only the data volume and a scratch /tmp writable.
    const runtimeStage = fs
      .readFileSync(path.join(root, 'Dockerfile'), 'utf8')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtimeStage.match(/^USER (\S+)/m)?.[1]).toMatch(/^(?!root$|0$)\w+/);
    for (const svc of [worker!, demo!]) {
      expect(svc.read_only).toBe(true);
      expect(svc.tmpfs).toEqual(['/tmp']);
    }

    // The demo is opt-in and shares the worker's environment and data volume.
    expect(demo!.profiles).toEqual(['demo']);
    expect([...(demo!.entrypoint ?? []), ...(demo!.command ?? [])]).toEqual(['node', 'bin/etom.cjs', 'demo']);
    expect(demo!.environment).toEqual(worker!.environment);
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
        edit: (t) => t.replace('  etom-worker:\n', '  etom-worker: [\n'),
        error: /yaml|pars/i,
      },
      {
        name: 'unknown service option',
        edit: (t) => t.replace('    restart: unless-stopped\n', '    restat: unless-stopped\n'),
        error: /restat/,
      },
      {
        name: 'invalid depends_on condition',
        edit: (t) => t.replace(/condition: service_healthy/g, 'condition: when_ready'),
        error: /condition/,
      },
      {
        name: 'dependency on a service that does not exist',
        edit: (t) => t.replace(/(\n {2}etom-worker:[\s\S]*?depends_on:\n)(\s+)temporal:/, '$1$2temporl:'),
        error: /temporl/,
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
