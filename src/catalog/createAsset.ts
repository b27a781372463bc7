import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog } from './Catalog.ts';
import type { AssetRecord } from './records.ts';
import { newHash } from './newHash.ts';
import { arnOf } from './arns.ts';

/** Registers an asset as QUEUED; ingest is a separate step (`ingestAsset`). */
export async function createAsset(catalog: Catalog, input: { id: string; packagingGroupId: string; sourceArn: string; sourceRoleArn?: string; resourceId?: string }): Promise<AssetRecord> {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(input.id)) throw new KinoraError('INVALID_REQUEST', `asset id "${input.id}" may contain only letters, digits, _ and -`);
  if (await catalog.getAsset(input.id)) throw new KinoraError('ALREADY_EXISTS', `asset ${input.id} already exists`, { subject: input.id });
  if (!(await catalog.getGroup(input.packagingGroupId))) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${input.packagingGroupId} does not exist`);
  const asset: AssetRecord = {
    id: input.id,
    arn: arnOf('assets', input.id),
    packagingGroupId: input.packagingGroupId,
    sourceArn: normaliseSourceArn(input.sourceArn),
    sourceRoleArn: input.sourceRoleArn,
    resourceId: input.resourceId ?? input.id,
    hash: newHash(),
    createdAt: new Date().toISOString(),
    status: 'QUEUED',
    tags: {},
  };
  await catalog.putAsset(asset);
  return asset;
}

/** `arn:aws:s3:::bucket/key` becomes `s3://bucket/key`; `s3://` and `file://` pass through. */
export function normaliseSourceArn(source: string): string {
  const arn = /^arn:aws:s3:::([^/]+)\/(.+)$/.exec(source);
  if (arn) return `s3://${arn[1]}/${arn[2]}`;
  if (/^(s3|file):\/\//.test(source)) return source;
  throw new KinoraError('INVALID_REQUEST', `source "${source}" is not arn:aws:s3:::bucket/key, s3://bucket/key or a local file`);
}
