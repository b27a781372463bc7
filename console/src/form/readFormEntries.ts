import type { FormEntry } from './FormEntry.ts';

/** A problem the form itself can see before the API's rules run (a tag line without `=`). */
export interface FormProblem {
  path: string;
  message: string;
}

/**
 * Builds a request body from form entries. Empty text boxes and unchecked
 * boxes leave their member out (the API's default applies), so the body
 * holds only what the user chose. A number box keeps what cannot be read as
 * a number as the string typed, so the API's own check reports it ("must be
 * an integer; found the string ..."). List items are kept in index order.
 */
export function readFormEntries(entries: readonly FormEntry[]): { body: Record<string, unknown>; problems: FormProblem[] } {
  const body: Record<string, unknown> = {};
  const problems: FormProblem[] = [];
  for (const entry of entries) {
    const value = valueOf(entry, problems);
    if (value === undefined) continue;
    setAt(body, parsePath(entry.path), value);
  }
  return { body: compact(body) as Record<string, unknown>, problems };
}

function valueOf(entry: FormEntry, problems: FormProblem[]): unknown {
  switch (entry.kind) {
    case 'structure':
      return {};
    case 'string':
      return entry.raw.trim() === '' ? undefined : entry.raw.trim();
    case 'integer': {
      const text = entry.raw.trim();
      if (text === '') return undefined;
      return /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
    }
    case 'boolean':
      return entry.raw ? true : undefined;
    case 'stringList': {
      const items = entry.raw.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '');
      return items.length > 0 ? items : undefined;
    }
    case 'enumList':
      return entry.raw.length > 0 ? [...entry.raw] : undefined;
    case 'map': {
      const out: Record<string, string> = {};
      const lines = entry.raw.split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        const eq = line.indexOf('=');
        if (eq < 0) {
          problems.push({ path: entry.path, message: `${entry.path} line ${i + 1} must be key=value; found "${line.trim()}"` });
          return;
        }
        out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      });
      return Object.keys(out).length > 0 ? out : undefined;
    }
  }
}

type Step = string | number;

/** `a.b[0].c` -> ['a', 'b', 0, 'c']. */
export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad form path ${path}`);
    if (m[1]) steps.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

function setAt(root: Record<string, unknown>, steps: Step[], value: unknown): void {
  let node: any = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i];
    if (node[step] === undefined || node[step] === null || typeof node[step] !== 'object') node[step] = typeof steps[i + 1] === 'number' ? [] : {};
    node = node[step];
  }
  const last = steps[steps.length - 1];
  // A structure entry never replaces members already set below it.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0 && node[last] !== undefined) return;
  node[last] = value;
}

/** Removes the holes sparse list indices leave (items removed from the middle of the form). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}
