import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secret bytes at rest with AES-256-GCM (NIST SP 800-38D): a random
 * 96-bit nonce, the ciphertext, then the 128-bit tag. `context` is
 * authenticated but not stored (the row's name and key ID), so a sealed
 * value copied to another row does not open there.
 */
export function sealKey(masterKey: Uint8Array, plain: Uint8Array, context: string): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]));
}

/** Opens a `sealKey` value; a wrong master key, context or a damaged value is a KEY_PROVIDER_ERROR. */
export function openSealedKey(masterKey: Uint8Array, sealed: Uint8Array, context: string): Uint8Array {
  if (sealed.byteLength < NONCE_BYTES + TAG_BYTES) throw new KinoraError('KEY_PROVIDER_ERROR', `sealed key for ${context} is ${sealed.byteLength} bytes, too short`);
  const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.byteLength - TAG_BYTES)), decipher.final()]));
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `the key store cannot open the key of ${context}: wrong master key (KINORA_KEYS_KEY) or damaged data`, { cause: e });
  }
}
