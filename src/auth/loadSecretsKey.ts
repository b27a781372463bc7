import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';

/**
 * The 32-byte key `FileSecretStore` encrypts with: `KINORA_SECRETS_KEY`
 * (64 hex digits, or base64) when set, else `<dataDir>/secrets.key`,
 * generated on first use with mode 0600. Keep that file out of backups
 * that also hold `secrets.json`, or set the variable instead.
 */
export function loadSecretsKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.KINORA_SECRETS_KEY;
  if (fromEnv) return decodeKey(fromEnv, 'KINORA_SECRETS_KEY');
  const path = join(dataDir, 'secrets.key');
  try {
    return decodeKey(readFileSync(path, 'utf8').trim(), path);
  } catch (e: any) {
    if (e.code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e: any) {
    if (e.code === 'EEXIST') return decodeKey(readFileSync(path, 'utf8').trim(), path);
    throw e;
  }
  return key;
}

function decodeKey(text: string, from: string): Uint8Array {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.byteLength !== 32) throw new KinoraError('INVALID_REQUEST', `${from} must be 32 bytes as 64 hex digits or base64; it decodes to ${bytes.byteLength} bytes`);
  return bytes;
}
