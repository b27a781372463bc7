import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import { outputOf } from './outputOf.ts';

/** MediaPackage-shaped egress endpoints of an asset: one URL per configuration manifest. */
export function egressUrls(baseUrl: string, group: PackagingGroupRecord, configurations: PackagingConfigurationRecord[], asset: AssetRecord): { packagingConfigurationId: string; url: string; status: string }[] {
  const out = [];
  for (const c of configurations) {
    const output = outputOf(c);
    const ext = output.format === 'dash' ? 'mpd' : 'm3u8';
    for (const m of output.manifests) {
      out.push({ packagingConfigurationId: c.id, url: `${baseUrl}/out/v1/${group.hash}/${c.hash}/${asset.hash}/${m.manifestName ?? 'index'}.${ext}`, status: asset.status });
    }
  }
  return out;
}
