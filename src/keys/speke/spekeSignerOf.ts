import { existsSync, readFileSync, statSync } from 'node:fs';
import { KinoraError } from '../../errors/KinoraError.ts';
import type { SigningIdentity } from './SigningIdentity.ts';

/** A credentials entry of the SPEKE credentials file. */
interface CredentialsEntry {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  service?: string;
}

/**
 * How Kinora signs its SPEKE requests, given a configuration's `roleArn`.
 * MediaPackage assumes that IAM role (STS AssumeRole) and signs with its
 * temporary credentials; Kinora has no IAM, so the role ARN *names* the
 * credentials to use, in this order:
 *
 * 1. `file` (`<data>/speke-credentials.json`, mode 0600; a file other users
 *    can read is refused): `{ "<role ARN>": { "accessKeyId", "secretAccessKey",
 *    "sessionToken"?, "region"?, "service"? }, "*": { ... } }`; `"*"`
 *    serves any role not listed.
 * 2. The process's AWS credentials, `AWS_ACCESS_KEY_ID` /
 *    `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` (for instance those a
 *    container role gives), for every role.
 * 3. None: the request is sent unsigned (a key server on a private network,
 *    or behind mutual TLS at a proxy).
 *
 * The scope's service is the entry's `service`, else `execute-api` (an API
 * Gateway key server, what MediaPackage signs for); its region is the
 * entry's `region`, else the region in an `execute-api.<region>.amazonaws.com`
 * URL, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`. The file
 * is read at each use (a SPEKE exchange happens once per asset and
 * configuration), so edits apply without a restart.
 */
export function spekeSignerOf(options: { file?: string; env?: Record<string, string | undefined> }): (roleArn: string | undefined, url: string) => SigningIdentity | undefined {
  const env = options.env ?? {};
  return (roleArn, url) => {
    const entry = fromFile(options.file, roleArn) ?? fromEnv(env);
    if (!entry) return undefined;
    const apiGateway = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i.exec(new URL(url).hostname)?.[1];
    return {
      accessKeyId: entry.accessKeyId,
      secretAccessKey: entry.secretAccessKey,
      ...(entry.sessionToken ? { sessionToken: entry.sessionToken } : {}),
      region: entry.region ?? apiGateway ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      service: entry.service ?? 'execute-api',
    };
  };
}

function fromFile(file: string | undefined, roleArn: string | undefined): CredentialsEntry | undefined {
  if (!file || !existsSync(file)) return undefined;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE credentials file ${file} is readable by other users; run chmod 600 on it`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE credentials file ${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE credentials file ${file} must be an object of role ARN -> credentials`);
  const table = parsed as Record<string, unknown>;
  const entry = (roleArn !== undefined && Object.hasOwn(table, roleArn) ? table[roleArn] : undefined) ?? (Object.hasOwn(table, '*') ? table['*'] : undefined);
  if (entry === undefined) return undefined;
  const e = entry as Partial<CredentialsEntry>;
  if (typeof e !== 'object' || e === null || typeof e.accessKeyId !== 'string' || typeof e.secretAccessKey !== 'string' || e.accessKeyId === '' || e.secretAccessKey === '') {
    throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE credentials file ${file}: the entry for ${roleArn ?? '*'} needs "accessKeyId" and "secretAccessKey"`);
  }
  for (const field of ['sessionToken', 'region', 'service'] as const) {
    if (e[field] !== undefined && typeof e[field] !== 'string') throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE credentials file ${file}: "${field}" of ${roleArn ?? '*'} must be a string`);
  }
  return e as CredentialsEntry;
}

function fromEnv(env: Record<string, string | undefined>): CredentialsEntry | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}
