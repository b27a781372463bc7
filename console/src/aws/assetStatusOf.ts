import type { Asset } from './MediaPackageVodApi.ts';

/**
 * The asset's status from its endpoints': one ingest serves them all, but an
 * encrypted endpoint whose key provider failed is FAILED on its own, which
 * leaves the asset PARTIALLY_PLAYABLE when others play.
 */
export function assetStatusOf(asset: Asset): string {
  const statuses = new Set(asset.egressEndpoints.map((e) => e.status));
  if (statuses.size === 0) return asset.statusReason ? 'FAILED' : 'NO_ENDPOINTS';
  for (const s of ['PROCESSING', 'QUEUED']) if (statuses.has(s)) return s;
  if (statuses.has('FAILED')) return statuses.size === 1 ? 'FAILED' : 'PARTIALLY_PLAYABLE';
  return [...statuses][0];
}
