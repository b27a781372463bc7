import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import type { EgressEndpoint } from '../origin/egressUrls.ts';

/*
 * Catalog records as MediaPackage VOD returns them (camelCase wire names of
 * the 2018-11-07 model). Records already use those names; what differs is
 * what Kinora keeps internally (hashes, status) and what is computed per
 * response (domain name, asset count, egress endpoints).
 */

export function toWirePackagingGroup(g: PackagingGroupRecord, computed: { domainName: string; approximateAssetCount: number }) {
  return {
    id: g.id,
    arn: g.arn,
    domainName: computed.domainName,
    approximateAssetCount: computed.approximateAssetCount,
    ...(g.authorization ? { authorization: g.authorization } : {}),
    ...(g.egressAccessLogs ? { egressAccessLogs: g.egressAccessLogs } : {}),
    createdAt: g.createdAt,
    tags: g.tags ?? {},
  };
}

export function toWirePackagingConfiguration(c: PackagingConfigurationRecord) {
  const { hash: _hash, ...wire } = c;
  return { ...wire, tags: c.tags ?? {} };
}

/** AssetShallow (ListAssets); `statusReason` is a Kinora extension, sent only for FAILED assets. */
export function toWireAssetShallow(a: AssetRecord) {
  return {
    id: a.id,
    arn: a.arn,
    packagingGroupId: a.packagingGroupId,
    sourceArn: sourceArnOf(a.sourceArn),
    ...(a.sourceRoleArn !== undefined ? { sourceRoleArn: a.sourceRoleArn } : {}),
    ...(a.resourceId !== undefined ? { resourceId: a.resourceId } : {}),
    createdAt: a.createdAt,
    tags: a.tags ?? {},
    ...(a.status === 'FAILED' && a.statusReason ? { statusReason: a.statusReason } : {}),
  };
}

/** Asset (Create/DescribeAsset): the shallow form plus its egress endpoints. */
export function toWireAsset(a: AssetRecord, egressEndpoints: EgressEndpoint[]) {
  return { ...toWireAssetShallow(a), egressEndpoints };
}

/** The catalog stores `s3://bucket/key`; the API speaks `arn:aws:s3:::bucket/key`. */
function sourceArnOf(uri: string): string {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? `arn:aws:s3:::${m[1]}/${m[2]}` : uri;
}
