import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * docker-compose.yml checked by a real Compose implementation, not by hand-written rules:
 * `docker-compose config` (Debian's docker-compose, Compose v1.29) parses the file, validates
 * it against the Compose schema, resolves anchors and relative paths, and prints the result.
 * It needs no Docker engine. A missing binary is a failure, not a skip:
 * scripts/install-ci-deps.sh installs it.
 */

const root = path.resolve(__dirname, '../..');
// ETOM_COMPOSE_FILE: check another file the same way (e.g. to see this test fail on a broken copy).
const composeFile = path.resolve(process.env['ETOM_COMPOSE_FILE'] ?? path.join(root, 'docker-compose.yml'));
const COMPOSE = process.env['DOCKER_COMPOSE_BIN'] ?? 'docker-compose';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', input, timeout: 60_000 });
  if (r.error) {
    throw new Error(`cannot run ${cmd}: ${r.error.message} (install it with scripts/install-ci-deps.sh)`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `docker-compose config` on a file; relative paths resolve against the repository either way. */
function composeConfig(file: string): Run {
  return run(COMPOSE, ['--file', file, '--project-directory', root, '--project-name', 'etom', 'config']);
}

/** The interpreter docker-compose itself runs on: it comes with PyYAML, so it can read the output. */
function composePython(): string {
  const found = run('sh', ['-c', `command -v ${COMPOSE}`]).stdout.trim();
  const shebang = found ? (fs.readFileSync(found, 'utf8').split('\n')[0] ?? '') : '';
  return shebang.startsWith('#!') && shebang.includes('python') ? shebang.slice(2).trim().split(/\s+/)[0]! : 'python3';
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: { target: number; published?: number | string }[];
  volumes?: string[];
  profiles?: string[];
}
interface Project {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function parseConfigOutput(yaml: string): Project {
  const toJson = run(
    composePython(),
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    yaml,
  );
  expect(toJson.status, toJson.stderr).toBe(0);
  return JSON.parse(toJson.stdout) as Project;
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

describe('docker-compose.yml', () => {
  it('is accepted by docker-compose and wires the worker to Temporal on PostgreSQL', () => {
    const result = composeConfig(composeFile);
    expect(result.status, `docker-compose config rejected the file:\n${result.stderr}`).toBe(0);
    const { services, volumes } = parseConfigOutput(result.stdout);

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
    const control = brokenCopy('control', (t) => `${t}\n# unchanged copy\n`);
    expect(composeConfig(control).status, composeConfig(control).stderr).toBe(0);

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
      const result = composeConfig(brokenCopy(c.name, c.edit));
      expect(result.status, `${c.name}: docker-compose accepted it`).not.toBe(0);
      expect(result.stderr, c.name).toMatch(c.error);
    }
  });
});
