import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import { outputOf, type OutputFormat } from './outputOf.ts';

/** The manifest file name after `<manifestName>`, per package type (Smooth clients expect `.ism/Manifest`). */
export const MANIFEST_SUFFIX: Record<OutputFormat, string> = { hls: '.m3u8', cmaf: '.m3u8', dash: '.mpd', mss: '.ism/Manifest' };

/**
 * A packaging group's egress base URL, MediaPackage's `domainName`: the
 * public URL, with `{groupHash}` replaced by the group's hash when present
 * (`https://{groupHash}.egress.example.com` gives each group its own host,
 * as MediaPackage does, for deployments with wildcard DNS; the origin itself
 * ignores the host). No trailing slash.
 */
export function groupDomainName(publicUrl: string, group: PackagingGroupRecord): string {
  return publicUrl.replaceAll('{groupHash}', group.hash).replace(/\/+$/, '');
}

/** MediaPackage-shaped egress endpoints of an asset: one URL per configuration manifest. */
export function egressUrls(baseUrl: string, group: PackagingGroupRecord, configurations: PackagingConfigurationRecord[], asset: AssetRecord): { packagingConfigurationId: string; url: string; status: string }[] {
  const domain = groupDomainName(baseUrl, group);
  const out = [];
  for (const c of configurations) {
    const output = outputOf(c);
    const suffix = MANIFEST_SUFFIX[output.format];
    for (const m of output.manifests) {
      out.push({ packagingConfigurationId: c.id, url: `${domain}/out/v1/${group.hash}/${c.hash}/${asset.hash}/${m.manifestName ?? 'index'}${suffix}`, status: asset.status });
    }
  }
  return out;
}
