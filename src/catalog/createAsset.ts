import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog } from './Catalog.ts';
import type { AssetRecord } from './records.ts';
import { newHash } from './newHash.ts';
import { arnOf } from './arns.ts';
import { isResourceId } from './isResourceId.ts';

/**
 * Registers an asset as QUEUED; ingest is a separate step (`ingestAsset`, or
 * the control plane's `IngestQueue`). The id, group and quota checks are the
 * catalog's, atomic with the insert.
 */
export async function createAsset(
  catalog: Catalog,
  input: { id: string; packagingGroupId: string; sourceArn: string; sourceRoleArn?: string; resourceId?: string; tags?: Record<string, string> },
  guard: { maxPerGroup?: number } = {},
): Promise<AssetRecord> {
  if (!isResourceId(input.id)) throw new KinoraError('INVALID_REQUEST', `asset id "${input.id}" must be 1 to 1024 letters, digits, _ or -`);
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
    tags: input.tags ?? {},
  };
  if (asset.sourceRoleArn === undefined) delete asset.sourceRoleArn;
  await catalog.putAsset(asset, guard);
  return asset;
}

/** `arn:aws:s3:::bucket/key` becomes `s3://bucket/key`; `s3://` and `file://` pass through. */
export function normaliseSourceArn(source: string): string {
  const arn = /^arn:aws:s3:::([^/]+)\/(.+)$/.exec(source);
  if (arn) return `s3://${arn[1]}/${arn[2]}`;
  if (/^(s3|file|https?):\/\//.test(source)) return source;
  throw new KinoraError('INVALID_REQUEST', `source "${source}" is not arn:aws:s3:::bucket/key, s3://bucket/key, an https:// URL or a local file`);
}
