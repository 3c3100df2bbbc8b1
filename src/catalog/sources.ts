import fs from 'node:fs';
import path from 'node:path';

/** Where a process is implemented: a path from the repository root and a 1-based line. */
export interface SourceLocation {
  path: string;
  line: number;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every match of `pattern` (whose first group is the key) in the .ts files under `dir`. */
function scan(dir: string, pattern: RegExp): Map<string, SourceLocation> {
  const found = new Map<string, SourceLocation>();
  for (const file of tsFiles(path.join(REPO_ROOT, dir)).sort()) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      const key = pattern.exec(text)?.[1];
      if (key && !found.has(key)) found.set(key, { path: path.relative(REPO_ROOT, file), line: i + 1 });
    });
  }
  return found;
}

let cache: { activities: Map<string, SourceLocation>; workflows: Map<string, SourceLocation> } | undefined;

/**
 * The file that implements each process, read from the code itself rather than kept as data
 * that could drift: a Level-3 process is the file whose `defineProcess` declares its eTOM id
 * (`etomId: '1.F.2.2.1'`), a Level-2 workflow the file that exports its function.
 */
export function sourceOf(p: { id: string; workflow?: string | undefined }): SourceLocation | undefined {
  cache ??= {
    activities: scan('activities', /\betomId: '([0-9A-Z.]+)'/),
    workflows: scan('workflows', /^export async function ([a-zA-Z]+)\(/),
  };
  return p.workflow ? cache.workflows.get(p.workflow) : cache.activities.get(p.id);
}
