import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import type { EgressPath } from './parseEgressPath.ts';
import { LruCache } from './LruCache.ts';

/**
 * Resolves the three hashes of an egress path to catalog records. Groups and
 * configurations are immutable and a PLAYABLE asset's record no longer
 * changes, so they are cached: the hot path then does no catalog I/O.
 * Assets in any other state are looked up every time (their status moves).
 * When the control plane can delete resources, deletion must evict them here.
 */
export class EgressResolver {
  private readonly catalog: Catalog;
  private readonly records = new LruCache<PackagingGroupRecord | PackagingConfigurationRecord | AssetRecord>(10_000);

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  async resolve(egress: EgressPath): Promise<{ group: PackagingGroupRecord; configuration: PackagingConfigurationRecord; asset: AssetRecord }> {
    const [group, configuration, asset] = await Promise.all([
      this.cached(`g:${egress.groupHash}`, () => this.catalog.getGroupByHash(egress.groupHash), () => true),
      this.cached(`c:${egress.configurationHash}`, () => this.catalog.getConfigurationByHash(egress.configurationHash), () => true),
      this.cached(`a:${egress.assetHash}`, () => this.catalog.getAssetByHash(egress.assetHash), (a) => a.status === 'PLAYABLE'),
    ]);
    if (!group) throw new KinoraError('GROUP_NOT_FOUND', `no packaging group with hash ${egress.groupHash}`, { subject: egress.groupHash });
    if (!configuration || configuration.packagingGroupId !== group.id) {
      throw new KinoraError('CONFIGURATION_NOT_FOUND', `no packaging configuration with hash ${egress.configurationHash} in group ${group.id}`, { subject: egress.configurationHash });
    }
    if (!asset || asset.packagingGroupId !== group.id) throw new KinoraError('ASSET_NOT_FOUND', `no asset with hash ${egress.assetHash} in group ${group.id}`, { subject: egress.assetHash });
    return { group, configuration: configuration as PackagingConfigurationRecord, asset: asset as AssetRecord };
  }

  private async cached<T extends PackagingGroupRecord | PackagingConfigurationRecord | AssetRecord>(key: string, load: () => Promise<T | undefined>, stable: (record: T) => boolean): Promise<T | undefined> {
    const hit = this.records.get(key) as T | undefined;
    if (hit) return hit;
    const record = await load();
    if (record && stable(record)) this.records.set(key, record);
    return record;
  }
}
