import fs from 'node:fs';
import path from 'node:path';

/**
 * The text of the standard (ITU-T M.3050.2, French edition) lives beside the repository, in
 * shared/etom, or where ETOM_STANDARD_DIR says: it is read when present, never required.
 */
export function standardDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['ETOM_STANDARD_DIR'] ?? path.resolve(__dirname, '../../../shared/etom');
}

function textFile(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const name = fs.readdirSync(dir).find((f) => f.endsWith('.txt'));
  return name ? path.join(dir, name) : undefined;
}

const HEADING = /^10(\.\d+)+ \S/;

/**
 * The description section 10 gives a process: from its "Identificateur du processus" line to the
 * next numbered heading, blank lines folded. Undefined when the text is not at hand or does not
 * describe the process there (Level 1, Strategy and Enterprise processes are summarised only).
 */
export function describedInText(id: string, dir = standardDir()): string | undefined {
  const file = textFile(dir);
  if (!file) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `Identificateur du processus: ${id}`);
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    // A numbered heading, a figure or its label (M.3050-2_F21) ends the description.
    if (HEADING.test(line) || line.startsWith('Figure ') || line.startsWith('M.3050')) break;
    if (line.trim() !== '' || (body.length > 0 && body[body.length - 1] !== '')) body.push(line.trim());
  }
  while (body[body.length - 1] === '') body.pop();
  return body.length ? body.join('\n') : undefined;
}
