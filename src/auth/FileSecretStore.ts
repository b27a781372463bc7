import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { SecretStore } from './SecretStore.ts';

interface SecretsFile {
  version: 1;
  /** arn -> base64(iv(12) | tag(16) | ciphertext), AES-256-GCM with the ARN as additional data. */
  secrets: Record<string, string>;
}

/**
 * Secrets in one JSON file, each value encrypted with AES-256-GCM under a
 * 32-byte key (`loadSecretsKey`); the ARN is bound in as additional
 * authenticated data, so a value copied under another ARN does not decrypt.
 * Written by temp file + rename with mode 0600. Reads re-parse the file only
 * when it was replaced (inode, mtime, size), so a server sees `kinora secret put` from
 * another process without a restart.
 */
export class FileSecretStore implements SecretStore {
  private readonly path: string;
  private readonly key: Uint8Array;
  private cache?: { stamp: string; file: SecretsFile };

  constructor(path: string, key: Uint8Array) {
    if (key.byteLength !== 32) throw new KinoraError('INVALID_REQUEST', `the secrets key is ${key.byteLength} bytes; AES-256 needs 32`);
    this.path = path;
    this.key = key;
  }

  async get(arn: string): Promise<string | undefined> {
    const sealed = (await this.read()).secrets[arn];
    if (sealed === undefined) return undefined;
    const bytes = Buffer.from(sealed, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(arn));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new KinoraError('FORBIDDEN', `secret ${arn} in ${this.path} does not decrypt with the current secrets key (KINORA_SECRETS_KEY or secrets.key changed?)`, { subject: arn, cause: e });
    }
  }

  async put(arn: string, value: string): Promise<void> {
    const file = await this.read();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(arn));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    await this.write({ ...file, secrets: { ...file.secrets, [arn]: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64') } });
  }

  async delete(arn: string): Promise<boolean> {
    const file = await this.read();
    if (!(arn in file.secrets)) return false;
    const secrets = { ...file.secrets };
    delete secrets[arn];
    await this.write({ ...file, secrets });
    return true;
  }

  async list(): Promise<string[]> {
    return Object.keys((await this.read()).secrets).sort();
  }

  private async read(): Promise<SecretsFile> {
    let stamp: string;
    try {
      const s = await stat(this.path);
      stamp = `${s.ino}/${s.mtimeMs}/${s.size}`; // writes rename a new file into place: a new inode
    } catch (e: any) {
      if (e.code === 'ENOENT') return { version: 1, secrets: {} };
      throw e;
    }
    if (this.cache?.stamp === stamp) return this.cache.file;
    const file = JSON.parse(await readFile(this.path, 'utf8')) as SecretsFile;
    if (file.version !== 1 || typeof file.secrets !== 'object') throw new KinoraError('INVALID_REQUEST', `${this.path} is not a Kinora secrets file (version 1)`);
    this.cache = { stamp, file };
    return file;
  }

  private async write(file: SecretsFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
    this.cache = undefined;
  }
}
