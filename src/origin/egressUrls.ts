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

/** One egress endpoint; `statusReason` is a Kinora extension, sent only for a FAILED endpoint. */
export interface EgressEndpoint {
  packagingConfigurationId: string;
  url: string;
  status: string;
  statusReason?: string;
}

/**
 * MediaPackage-shaped egress endpoints of an asset: one URL per configuration
 * manifest, each with its own status (MediaPackage's EgressEndpoint.status):
 * the asset's, or FAILED with the reason when that configuration's keys could
 * not be had (`asset.endpointFailures`).
 */
export function egressUrls(baseUrl: string, group: PackagingGroupRecord, configurations: PackagingConfigurationRecord[], asset: AssetRecord): EgressEndpoint[] {
  const domain = groupDomainName(baseUrl, group);
  const out: EgressEndpoint[] = [];
  for (const c of configurations) {
    const output = outputOf(c);
    const suffix = MANIFEST_SUFFIX[output.format];
    const failure = asset.status === 'PLAYABLE' ? asset.endpointFailures?.[c.hash] : undefined;
    const status = failure !== undefined ? { status: 'FAILED', statusReason: failure } : { status: asset.status, ...(asset.status === 'FAILED' && asset.statusReason ? { statusReason: asset.statusReason } : {}) };
    for (const m of output.manifests) {
      out.push({ packagingConfigurationId: c.id, url: `${domain}/out/v1/${group.hash}/${c.hash}/${asset.hash}/${m.manifestName ?? 'index'}${suffix}`, ...status });
    }
  }
  return out;
}
