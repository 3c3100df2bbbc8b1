import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleKey, cachedWorkflowBundle } from '../../src/temporal/bundle-cache';

// The bundler itself is the SDK's (and takes seconds): here a stand-in that counts its builds.
const built = { count: 0 };
const build = async () => ({ code: `/* bundle ${++built.count} */` });

const dirs: string[] = [];
const tmp = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), name));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the workflow bundle, kept per version of the code', () => {
  it('is built on first use, then read from the cache by the next process', async () => {
    const cacheDir = tmp('etom-bundle-cache-');
    const before = built.count;
    const first = await cachedWorkflowBundle({ cacheDir, tracing: false, env: {}, build });
    expect(first).toEqual({ code: `/* bundle ${before + 1} */` });
    const second = await cachedWorkflowBundle({ cacheDir, tracing: false, env: {}, build });
    expect(built.count).toBe(before + 1);
    expect(second).toEqual({ codePath: expect.stringMatching(/workflow-bundles\/[0-9a-f]{24}\.js$/) });
    expect(fs.readFileSync((second as { codePath: string }).codePath, 'utf8')).toBe(`/* bundle ${before + 1} */`);
    // Tracing bundles other interceptors: a bundle of its own.
    expect(await cachedWorkflowBundle({ cacheDir, tracing: true, env: {}, build })).toHaveProperty('code');
    expect(fs.readdirSync(path.join(cacheDir, 'workflow-bundles')).filter((f) => f.endsWith('.js'))).toHaveLength(2);
    // Nothing half-written is left beside them.
    expect(fs.readdirSync(path.join(cacheDir, 'workflow-bundles')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ETOM_BUNDLE_CACHE=off bundles every time and keeps nothing', async () => {
    const cacheDir = tmp('etom-bundle-cache-');
    const before = built.count;
    await cachedWorkflowBundle({ cacheDir, tracing: false, env: { ETOM_BUNDLE_CACHE: 'off' }, build });
    await cachedWorkflowBundle({ cacheDir, tracing: false, env: { ETOM_BUNDLE_CACHE: 'off' }, build });
    expect(built.count).toBe(before + 2);
    expect(fs.existsSync(path.join(cacheDir, 'workflow-bundles'))).toBe(false);
  });

  it('is named by every source, the lockfile and the tracing switch: a change gives a new name', () => {
    const root = tmp('etom-bundle-root-');
    fs.mkdirSync(path.join(root, 'workflows/fulfilment'), { recursive: true });
    fs.mkdirSync(path.join(root, 'src/domain'), { recursive: true });
    fs.writeFileSync(path.join(root, 'workflows/fulfilment/order.ts'), 'export const a = 1;');
    fs.writeFileSync(path.join(root, 'src/domain/order.ts'), 'export const b = 1;');
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    const key = bundleKey(false, root);
    expect(bundleKey(false, root)).toBe(key);
    expect(bundleKey(true, root)).not.toBe(key);
    fs.writeFileSync(path.join(root, 'src/domain/order.ts'), 'export const b = 2;');
    const afterDomain = bundleKey(false, root);
    expect(afterDomain).not.toBe(key);
    fs.writeFileSync(path.join(root, 'workflows/fulfilment/order.ts'), 'export const a = 2;');
    const afterWorkflow = bundleKey(false, root);
    expect(afterWorkflow).not.toBe(afterDomain);
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"x":1}');
    expect(bundleKey(false, root)).not.toBe(afterWorkflow);
  });
});
