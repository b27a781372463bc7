import { KinoraError } from '../../errors/KinoraError.ts';

/*
 * Query parameters of the Kinora API. An absent or empty parameter is
 * `undefined`; a repeated one, or a value outside what the reader allows, is
 * INVALID_REQUEST naming the parameter and what it expects.
 */

function rawParameter(query: unknown, name: string): string | undefined {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new KinoraError('INVALID_REQUEST', `query parameter ${name} is given more than once`, { subject: name });
  return raw;
}

export function readIntegerParameter(query: unknown, name: string, range: { min: number; max: number }): number | undefined {
  const raw = rawParameter(query, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || n < range.min || n > range.max) {
    throw new KinoraError('INVALID_REQUEST', `query parameter ${name} must be an integer from ${range.min} to ${range.max}, found "${raw}"`, { subject: name });
  }
  return n;
}

export function readChoiceParameter<T extends string>(query: unknown, name: string, choices: readonly T[]): T | undefined {
  const raw = rawParameter(query, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new KinoraError('INVALID_REQUEST', `query parameter ${name} must be one of ${choices.join(', ')}, found "${raw}"`, { subject: name });
  return raw as T;
}

export function readBooleanParameter(query: unknown, name: string): boolean | undefined {
  const raw = rawParameter(query, name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw new KinoraError('INVALID_REQUEST', `query parameter ${name} must be true or false, found "${raw}"`, { subject: name });
  return raw === 'true';
}

export function readTextParameter(query: unknown, name: string, maxLength: number): string | undefined {
  const raw = rawParameter(query, name);
  if (raw !== undefined && raw.length > maxLength) throw new KinoraError('INVALID_REQUEST', `query parameter ${name} is over ${maxLength} characters`, { subject: name });
  return raw;
}
