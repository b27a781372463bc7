import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';

/** One control-plane access key (AWS-style). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where the key came from; `generated` means it was made just now and should be shown once. */
export interface LoadedAccessKey {
  key: AccessKey;
  source: 'environment' | 'file' | 'generated';
  /** The credentials file, when the key is stored in the data dir. */
  path?: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The control plane's access key: `KINORA_ACCESS_KEY_ID` +
 * `KINORA_SECRET_ACCESS_KEY` when both are set; else `<dataDir>/credentials`;
 * else a new random key written there (mode 0600). The file is in the AWS
 * shared-credentials format, profile `default`, so
 * `AWS_SHARED_CREDENTIALS_FILE=<dataDir>/credentials` makes the AWS CLI and
 * SDKs use it as it is.
 */
export function loadAccessKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): LoadedAccessKey {
  const id = env.KINORA_ACCESS_KEY_ID;
  const secret = env.KINORA_SECRET_ACCESS_KEY;
  if (id || secret) {
    if (!id || !secret) throw new KinoraError('INVALID_REQUEST', 'set both KINORA_ACCESS_KEY_ID and KINORA_SECRET_ACCESS_KEY, or neither (a key is then generated into the data dir)');
    return { key: { accessKeyId: id, secretAccessKey: secret }, source: 'environment' };
  }
  const path = join(dataDir, 'credentials');
  const existing = readCredentialsFile(path);
  if (existing) return { key: existing, source: 'file', path };
  const key: AccessKey = {
    accessKeyId: `KNRA${[...randomBytes(16)].map((b) => BASE32[b & 31]).join('')}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  const text = `# Kinora control-plane credentials (AWS shared-credentials format).\n# Use: AWS_SHARED_CREDENTIALS_FILE=${path}\n[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
  try {
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  } catch (e: any) {
    // Another process generated it first: use theirs.
    if (e.code === 'EEXIST') return { key: readCredentialsFile(path)!, source: 'file', path };
    throw e;
  }
  return { key, source: 'generated', path };
}

function readCredentialsFile(path: string): AccessKey | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: any) {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  }
  const value = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new KinoraError('INVALID_REQUEST', `${path} has no aws_access_key_id / aws_secret_access_key; fix or delete it`);
  return { accessKeyId, secretAccessKey };
}
