import { CATALOG, processById } from './index';
import { describedInText } from './standard-text';

export interface ProcessRef {
  id: string;
  name: string;
}

/** Text compared for names: lower case, one kind of apostrophe, single spaces. */
const folded = (s: string) => s.toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ');

const cache = new Map<string, ProcessRef[]>();

/**
 * The processes a process's text names, found by their French names in its description (or
 * its summary when the text is not at hand): the hand-offs the standard describes. Its own
 * name, its parent's and the Level-1 groupings are left out; so are names too short to tell a
 * process from ordinary words.
 */
export function namedHandOffs(id: string): ProcessRef[] {
  let found = cache.get(id);
  if (found) return found;
  const self = processById(id);
  let text = folded(describedInText(id) ?? self?.summaryFr ?? '');
  // Longest names first, each taken out of the text once found, so "gestion des problèmes de
  // ressources" is not also read as "gestion des problèmes".
  const candidates = CATALOG.filter(
    (p) => p.level > 1 && p.id !== id && p.id !== self?.parentId && p.nameFr.length >= 12,
  ).sort((a, b) => b.nameFr.length - a.nameFr.length);
  found = [];
  for (const p of candidates) {
    const name = folded(p.nameFr);
    if (!text.includes(name)) continue;
    found.push({ id: p.id, name: p.nameEn });
    text = text.split(name).join(' | ');
  }
  cache.set(id, found);
  return found;
}
