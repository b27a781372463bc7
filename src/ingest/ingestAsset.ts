import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord } from '../catalog/records.ts';
import { writeSourceIndex } from '../media/index/writeSourceIndex.ts';
import type { SourceReader } from '../storage/SourceReader.ts';
import { indexHlsSource, type IngestLimits } from './indexHlsSource.ts';

/**
 * Runs ingest for one asset: PROCESSING, then PLAYABLE with its index
 * persisted, or FAILED with a reason naming the problem and the object. The
 * index is written before the status flips, so a PLAYABLE asset always has one.
 */
export async function ingestAsset(catalog: Catalog, reader: SourceReader, asset: AssetRecord, limits?: IngestLimits): Promise<AssetRecord> {
  await catalog.setAssetStatus(asset.id, 'PROCESSING');
  try {
    const index = await indexHlsSource(reader, asset.sourceArn, limits);
    await catalog.putAssetIndex(asset.id, writeSourceIndex(index));
    await catalog.setAssetStatus(asset.id, 'PLAYABLE');
  } catch (e: any) {
    const reason = `${e?.code ?? 'INTERNAL'}: ${e?.message ?? String(e)}`;
    await catalog.setAssetStatus(asset.id, 'FAILED', reason);
  }
  return (await catalog.getAsset(asset.id))!;
}
