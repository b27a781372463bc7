import { createHash } from 'node:crypto';
import { KinoraError } from '../../errors/KinoraError.ts';
import type { BuiltInFunction } from '../bus/BuiltInFunction.ts';

/** The control-plane operations the function uses (a `VodControlPlane`, or a client of it). */
export interface VodAssetApi {
  describePackagingGroup(id: string): Promise<unknown>;
  createPackagingGroup(body: unknown): Promise<unknown>;
  createPackagingConfiguration(body: unknown): Promise<unknown>;
  createAsset(body: unknown): Promise<unknown>;
  describeAsset(id: string): Promise<unknown>;
}

/** The target's parameters (its `Input`), where the tutorial's Lambda read environment variables. */
export interface CreateVodAssetParameters {
  packagingGroupId?: string;
  sourceRoleArn?: string;
  segmentDurationSeconds?: number;
}

export const DEFAULT_VOD_GROUP_ID = 'kinora-vod';
const DEFAULT_ROLE_ARN = 'arn:aws:iam::000000000000:role/kinora-source-read';

/**
 * The seed tutorial's `ingest_asset.py` as a built-in function
 * (`arn:kinora:function:::create-vod-asset`), with its bugs fixed:
 * - acts only on a MediaConvert `COMPLETE` job event (anything else is a logged no-op);
 * - takes every `HLS_GROUP` and every playlist in it (the original kept only the last group);
 * - an event without an HLS group is a clean no-op with a log line (the original crashed);
 * - creates the packaging group with CMAF, MSS and DASH configurations at 2 s on first
 *   use, tolerating a concurrent creator (already-exists is success);
 * - the asset id is a safe slug of the playlist's base name, `_`, and the event's time in
 *   epoch seconds: stable for one event, so a duplicate delivery finds the asset already
 *   there and creates no second one (the bus also runs a function once per event id);
 * - an asset already there under that id counts as done only if it has the same source:
 *   another playlist with the same base name in the same second (two jobs, or two groups of
 *   one job) gets the id with `_` and 8 hex digits of its path's SHA-256 instead of being
 *   skipped (the original would have lost it).
 * Group and source role come from the target's `Input` ({packagingGroupId, sourceRoleArn}).
 */
export function createVodAssetFunction(api: VodAssetApi, options: { log?: (line: Record<string, unknown>) => void } = {}): BuiltInFunction {
  const log = options.log ?? (() => {});
  return async (event, input) => {
    const parameters = (isParameters(input) ? input : {}) as CreateVodAssetParameters;
    const groupId = parameters.packagingGroupId ?? DEFAULT_VOD_GROUP_ID;
    const detail = (event.detail ?? {}) as { status?: unknown; outputGroupDetails?: unknown };
    if (event.source !== 'aws.mediaconvert' || detail.status !== 'COMPLETE') {
      log({ fn: 'create-vod-asset', event: event.id, outcome: 'ignored', reason: `not a COMPLETE MediaConvert job event (source ${String(event.source)}, status ${String(detail.status)})` });
      return { assetIds: [] };
    }
    const groups = Array.isArray(detail.outputGroupDetails) ? detail.outputGroupDetails : [];
    const playlists = groups
      .filter((g): g is { type: string; playlistFilePaths?: unknown } => typeof g === 'object' && g !== null && (g as { type?: unknown }).type === 'HLS_GROUP')
      .flatMap((g) => (Array.isArray(g.playlistFilePaths) ? g.playlistFilePaths : []))
      .filter((p): p is string => typeof p === 'string' && p.startsWith('s3://'));
    if (playlists.length === 0) {
      log({ fn: 'create-vod-asset', event: event.id, outcome: 'ignored', reason: 'the job event has no HLS_GROUP playlist' });
      return { assetIds: [] };
    }
    await ensureGroup(api, groupId, parameters.segmentDurationSeconds ?? 2);
    const seconds = Math.floor((Date.parse(event.time ?? '') || Date.now()) / 1000);
    const assetIds: string[] = [];
    for (const path of playlists) {
      const sourceArn = `arn:aws:s3:::${path.slice('s3://'.length)}`;
      const base = `${slug(path)}_${seconds}`;
      let id = base;
      let outcome = await createOnce(api, { id, packagingGroupId: groupId, sourceArn, sourceRoleArn: parameters.sourceRoleArn ?? DEFAULT_ROLE_ARN });
      if (outcome === 'taken') {
        id = `${base}_${createHash('sha256').update(path).digest('hex').slice(0, 8)}`;
        outcome = await createOnce(api, { id, packagingGroupId: groupId, sourceArn, sourceRoleArn: parameters.sourceRoleArn ?? DEFAULT_ROLE_ARN });
        // Retrying cannot free either id: the delivery fails at once (`retryable: false`, as DeliveryWorker reads it).
        if (outcome === 'taken') throw Object.assign(new KinoraError('ALREADY_EXISTS', `assets ${base} and ${id} both exist with sources other than ${sourceArn}`, { subject: id }), { retryable: false });
      }
      log({ fn: 'create-vod-asset', event: event.id, outcome, assetId: id, sourceArn: path });
      assetIds.push(id);
    }
    return { assetIds };
  };
}

/**
 * Creates the asset; an asset already there with the same source is this
 * event's, from an earlier delivery (`exists`), one with another source is
 * someone else's (`taken`).
 */
async function createOnce(api: VodAssetApi, body: { id: string; packagingGroupId: string; sourceArn: string; sourceRoleArn: string }): Promise<'created' | 'exists' | 'taken'> {
  if (await tolerateExisting(() => api.createAsset(body))) return 'created';
  const existing = (await api.describeAsset(body.id)) as { sourceArn?: unknown; packagingGroupId?: unknown };
  return existing.sourceArn === body.sourceArn && existing.packagingGroupId === body.packagingGroupId ? 'exists' : 'taken';
}

async function ensureGroup(api: VodAssetApi, groupId: string, segmentDurationSeconds: number): Promise<void> {
  try {
    await api.describePackagingGroup(groupId);
    return;
  } catch (e) {
    if (!(e instanceof KinoraError && e.code === 'GROUP_NOT_FOUND')) throw e;
  }
  await tolerateExisting(() => api.createPackagingGroup({ id: groupId }));
  const configurations = [
    { id: `${groupId}_CMAF_config`, cmafPackage: { hlsManifests: [{}], segmentDurationSeconds } },
    { id: `${groupId}_MSS_config`, mssPackage: { mssManifests: [{}], segmentDurationSeconds } },
    { id: `${groupId}_DASH_config`, dashPackage: { dashManifests: [{}], segmentDurationSeconds } },
  ];
  for (const c of configurations) await tolerateExisting(() => api.createPackagingConfiguration({ ...c, packagingGroupId: groupId }));
}

/** Runs a create; "already exists" (a concurrent or repeated creator) counts as done. Returns whether it created. */
async function tolerateExisting(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (e) {
    if (e instanceof KinoraError && e.code === 'ALREADY_EXISTS') return false;
    throw e;
  }
}

/** The playlist's base name up to its first dot, reduced to MediaPackage's id alphabet. */
function slug(path: string): string {
  const base = path.split('/').pop()!.split('.')[0];
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (safe || 'asset').slice(0, 200);
}

function isParameters(input: unknown): boolean {
  return typeof input === 'object' && input !== null && ('packagingGroupId' in input || 'sourceRoleArn' in input || 'segmentDurationSeconds' in input);
}
