import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';

/**
 * The 32-byte master key that seals content keys at rest: `KINORA_KEYS_KEY`
 * (64 hex digits, or base64 of 32 bytes) when set, else the key file
 * (`<data>/keys.key`), created with 32 random bytes and mode 0600 on first
 * use. A key file readable by others is refused: it protects every key.
 */
export function loadMasterKey(options: { env?: string; file: string }): Uint8Array {
  if (options.env !== undefined && options.env !== '') return parseMasterKey(options.env, 'KINORA_KEYS_KEY');
  if (!existsSync(options.file)) {
    mkdirSync(dirname(options.file), { recursive: true });
    writeFileSync(options.file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  if (process.platform !== 'win32' && (statSync(options.file).mode & 0o077) !== 0) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `key file ${options.file} is readable by other users; run chmod 600 on it`);
  }
  return parseMasterKey(readFileSync(options.file, 'utf8').trim(), options.file);
}

function parseMasterKey(text: string, where: string): Uint8Array {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.byteLength === 32) return new Uint8Array(bytes);
  throw new KinoraError('KEY_PROVIDER_ERROR', `${where}: expected a 32-byte master key as 64 hex digits or base64, found ${text.length} characters`);
}
