import { KinoraError } from '../../errors/KinoraError.ts';
import { unsupportedFields, type UnsupportedField } from '../unsupportedFields.ts';

/**
 * Refuses a (shape-checked) request that uses a field listed in
 * `unsupportedFields`, with INVALID_REQUEST naming the field and its value.
 */
export function checkUnsupportedFields(body: Record<string, unknown>, table: readonly UnsupportedField[] = unsupportedFields): void {
  for (const entry of table) {
    for (const { path, value } of valuesAt(body, entry.path.split('.'), '')) {
      if (!uses(entry.when, value)) continue;
      throw new KinoraError('INVALID_REQUEST', `${path} = ${JSON.stringify(value)} is not supported by Kinora yet (${entry.feature}); remove the field${hint(entry.when)}`, { subject: path });
    }
  }
}

function* valuesAt(node: unknown, parts: string[], at: string): Generator<{ path: string; value: unknown }> {
  if (parts.length === 0) {
    if (node !== undefined) yield { path: at, value: node };
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const [head, ...rest] = parts;
  const each = head.endsWith('[]');
  const name = each ? head.slice(0, -2) : head;
  const child = (node as Record<string, unknown>)[name];
  const path = at ? `${at}.${name}` : name;
  if (!each) yield* valuesAt(child, rest, path);
  else if (Array.isArray(child)) for (let i = 0; i < child.length; i++) yield* valuesAt(child[i], rest, `${path}[${i}]`);
}

function uses(when: UnsupportedField['when'], value: unknown): boolean {
  if (when === 'present') return true;
  if (when === 'true') return value === true;
  if (when === 'nonEmpty') return Array.isArray(value) && value.length > 0;
  if (when === 'positive') return typeof value === 'number' && value > 0;
  if ('not' in when) return value !== when.not;
  return value === when.is;
}

function hint(when: UnsupportedField['when']): string {
  if (when === 'true') return ' or set it to false';
  if (when === 'nonEmpty') return ' or leave the list empty';
  if (when === 'positive') return ' or set it to 0';
  if (typeof when === 'object' && 'not' in when) return ` or set it to ${when.not}`;
  return '';
}
