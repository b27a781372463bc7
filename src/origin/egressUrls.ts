import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import { outputOf, type OutputFormat } from './outputOf.ts';

/** The manifest file name after `<manifestName>`, per package type (Smooth clients expect `.ism/Manifest`). */
export const MANIFEST_SUFFIX: Record<OutputFormat, string> = { hls: '.m3u8', cmaf: '.m3u8', dash: '.mpd', mss: '.ism/Manifest' };

/** MediaPackage-shaped egress endpoints of an asset: one URL per configuration manifest. */
export function egressUrls(baseUrl: string, group: PackagingGroupRecord, configurations: PackagingConfigurationRecord[], asset: AssetRecord): { packagingConfigurationId: string; url: string; status: string }[] {
  const out = [];
  for (const c of configurations) {
    const output = outputOf(c);
    const suffix = MANIFEST_SUFFIX[output.format];
    for (const m of output.manifests) {
      out.push({ packagingConfigurationId: c.id, url: `${baseUrl}/out/v1/${group.hash}/${c.hash}/${asset.hash}/${m.manifestName ?? 'index'}${suffix}`, status: asset.status });
    }
  }
  return out;
}
