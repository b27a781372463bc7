import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord } from '../catalog/records.ts';
import { egressUrls } from '../origin/egressUrls.ts';

/** `asset <id>: STATUS (reason)`, then one egress URL per configuration manifest when PLAYABLE. */
export async function printAsset(catalog: Catalog, baseUrl: string, asset: AssetRecord): Promise<void> {
  const group = await catalog.getGroup(asset.packagingGroupId);
  if (!group) return;
  console.log(`\nasset ${asset.id}: ${asset.status}${asset.statusReason ? ` (${asset.statusReason})` : ''}`);
  if (asset.status !== 'PLAYABLE') return;
  for (const e of egressUrls(baseUrl, group, await catalog.listConfigurations(group.id), asset)) console.log(`  ${e.packagingConfigurationId.padEnd(24)} ${e.url}`);
}
