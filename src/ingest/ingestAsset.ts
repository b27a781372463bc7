import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord } from '../catalog/records.ts';
import { writeSourceIndex } from '../media/index/writeSourceIndex.ts';
import type { SourceReader } from '../storage/SourceReader.ts';
import { indexHlsSource, type IngestLimits } from './indexHlsSource.ts';

/**
 * Told about each step of an asset's ingest (the control plane turns these
 * into MediaPackage's IngestStart / IngestComplete / VodAssetPlayable /
 * IngestError events). An observer that throws never changes the outcome.
 */
export interface IngestObserver {
  started?(asset: AssetRecord): void | Promise<void>;
  completed?(asset: AssetRecord): void | Promise<void>;
  failed?(asset: AssetRecord, reason: string): void | Promise<void>;
}

/** What an ingest reads from and writes to, and who hears of it. */
export interface IngestDeps {
  /** What an ingest does with the catalog (the ingest queue passes writes conditional on its lease). */
  catalog: Pick<Catalog, 'getAsset' | 'setAssetStatus' | 'putAssetIndex'>;
  reader: SourceReader;
  limits?: IngestLimits;
  observer?: IngestObserver;
  /** Runs once the index is stored, before the asset turns PLAYABLE (`EndpointKeyHealth.checkAsset`). */
  prepareEndpoints?: (asset: AssetRecord) => Promise<unknown>;
}

/**
 * Runs ingest for one asset: PROCESSING, then PLAYABLE with its index
 * persisted, or FAILED with a reason naming the problem and the object. The
 * index is written before the status flips, so a PLAYABLE asset always has one.
 * `prepareEndpoints` runs between the two (the server fetches encrypted
 * configurations' keys there, and records the endpoints whose keys fail); a
 * throw from it fails the asset.
 * An asset deleted while being ingested stays deleted: its status writes are
 * no-ops, no completion is reported, and the last known record is returned.
 */
export async function ingestAsset(asset: AssetRecord, deps: IngestDeps): Promise<AssetRecord> {
  const { catalog, reader, limits, observer = {}, prepareEndpoints } = deps;
  await catalog.setAssetStatus(asset.id, 'PROCESSING');
  await notify(() => observer.started?.({ ...asset, status: 'PROCESSING' }));
  let reason: string | undefined;
  try {
    // The asset's role goes with every read: the source read policy is checked on each object ingest reads.
    const index = await indexHlsSource(reader, asset.sourceArn, limits, { role: asset.sourceRoleArn });
    await catalog.putAssetIndex(asset.id, writeSourceIndex(index));
    await prepareEndpoints?.(asset);
    await catalog.setAssetStatus(asset.id, 'PLAYABLE');
  } catch (e: any) {
    reason = `${e?.code ?? 'INTERNAL'}: ${e?.message ?? String(e)}`;
    await catalog.setAssetStatus(asset.id, 'FAILED', reason);
  }
  const now = await catalog.getAsset(asset.id);
  if (!now) return { ...asset, status: 'FAILED', statusReason: reason ?? 'the asset was deleted during ingest' };
  if (reason === undefined) await notify(() => observer.completed?.(now));
  else await notify(() => observer.failed?.(now, reason));
  return now;
}

async function notify(call: () => void | Promise<void>): Promise<void> {
  try {
    await call();
  } catch (e) {
    console.error('ingest observer failed:', e);
  }
}
