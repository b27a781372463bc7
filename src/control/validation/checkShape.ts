import { KinoraError } from '../../errors/KinoraError.ts';
import type { Shape } from './Shape.ts';

/**
 * Reads `value` as `shape`, returning a clean copy (JSON `null` members are
 * treated as absent and dropped). Any mismatch - wrong type, enum value,
 * range, length, pattern, missing required member, unknown member - throws
 * INVALID_REQUEST naming the field by its path (`cmafPackage.hlsManifests[0].adMarkers`),
 * which the control plane returns as a 422 UnprocessableEntityException.
 */
export function checkShape(value: unknown, shape: Shape, path: string): any {
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') fail(path, `must be a string; found ${kindOf(value)}`);
      if (shape.enum && !shape.enum.includes(value)) fail(path, `must be one of ${shape.enum.join(', ')}; found "${clip(value)}"`);
      if (shape.minLength !== undefined && value.length < shape.minLength) fail(path, `must be at least ${shape.minLength} characters long; found ${value.length}`);
      if (shape.maxLength !== undefined && value.length > shape.maxLength) fail(path, `must be at most ${shape.maxLength} characters long; found ${value.length}`);
      if (shape.pattern && !shape.pattern.test(value)) fail(path, `${shape.rule ?? `must match ${shape.pattern}`}; found "${clip(value)}"`);
      return value;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, `must be an integer; found ${kindOf(value)}`);
      const min = shape.min ?? -2147483648;
      const max = shape.max ?? 2147483647;
      if (value < min || value > max) fail(path, `must be between ${min} and ${max}; found ${value}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(path, `must be true or false; found ${kindOf(value)}`);
      return value;
    case 'list': {
      if (!Array.isArray(value)) fail(path, `must be a list; found ${kindOf(value)}`);
      if (shape.minItems !== undefined && value.length < shape.minItems) fail(path, `must have at least ${shape.minItems} item(s); found ${value.length}`);
      if (shape.maxItems !== undefined && value.length > shape.maxItems) fail(path, `must have at most ${shape.maxItems} items; found ${value.length}`);
      return value.map((item, i) => checkShape(item, shape.member, `${path}[${i}]`));
    }
    case 'map': {
      if (!isObject(value)) fail(path, `must be an object of string values; found ${kindOf(value)}`);
      const entries = Object.entries(value);
      if (shape.maxEntries !== undefined && entries.length > shape.maxEntries) fail(path, `must have at most ${shape.maxEntries} entries; found ${entries.length}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        checkShape(k, shape.key, `${path} key "${clip(k)}"`);
        out[k] = checkShape(v, shape.value, `${path}.${k}`);
      }
      return out;
    }
    case 'structure': {
      if (!isObject(value)) fail(path, `must be an object (${shape.name}); found ${kindOf(value)}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const member = shape.members[k];
        const at = path ? `${path}.${k}` : k;
        if (!member) {
          const camel = k.charAt(0).toLowerCase() + k.slice(1);
          const hint = camel !== k && shape.members[camel] ? ` (wire names are camelCase: "${camel}")` : '';
          fail(at, `is not a field of ${shape.name}${hint}; its fields are ${Object.keys(shape.members).join(', ')}`);
        }
        if (v === null || v === undefined) continue;
        out[k] = checkShape(v, member, at);
      }
      for (const r of shape.required ?? []) {
        if (out[r] === undefined) fail(path ? `${path}.${r}` : r, `is required (${shape.name})`);
      }
      return out;
    }
  }
}

function fail(path: string, problem: string): never {
  throw new KinoraError('INVALID_REQUEST', `${path || 'the request body'} ${problem}`, { subject: path });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string "${clip(v)}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${v}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
