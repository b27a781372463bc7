import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens that authorise fetching one key (the HLS AES-128
 * key URI and the ClearKey license endpoint): `<expiry>.<mac>` where expiry
 * is in Unix seconds and mac is the first 128 bits of
 * HMAC-SHA256(secret, "<kid hex>.<expiry>") in base64url. The manifest that
 * names the key URI mints the token, so whoever may fetch the manifest may
 * fetch the key, until the token expires. The secret is derived from the
 * key store's master key (HKDF-SHA256), so it survives restarts and needs no
 * storage of its own.
 */
export class KeyTokens {
  private readonly secret: Buffer;

  constructor(masterKey: Uint8Array) {
    this.secret = Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), 'kinora key token v1', 32));
  }

  sign(kidHex: string, expiresAtSeconds: number): string {
    return `${expiresAtSeconds}.${this.mac(kidHex, expiresAtSeconds).toString('base64url')}`;
  }

  /** True when `token` was signed for `kidHex` and has not expired at `nowSeconds`. */
  verify(kidHex: string, token: string | undefined, nowSeconds: number): boolean {
    const match = /^([0-9]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token ?? '');
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires < nowSeconds) return false;
    const given = Buffer.from(match[2], 'base64url');
    const expected = this.mac(kidHex, expires);
    return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
  }

  private mac(kidHex: string, expires: number): Buffer {
    return createHmac('sha256', this.secret).update(`${kidHex.toLowerCase()}.${expires}`).digest().subarray(0, 16);
  }
}
