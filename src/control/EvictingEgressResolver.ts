import { KinoraError } from '../errors/KinoraError.ts';
import type { PackagingGroupRecord } from '../catalog/records.ts';
import { EgressResolver } from '../origin/EgressResolver.ts';
import type { EgressPath } from '../origin/parseEgressPath.ts';

const MAX_TOMBSTONES = 100_000;

/**
 * The origin's resolver, told about control-plane changes made in this
 * process: `EgressResolver` caches groups, configurations and PLAYABLE
 * assets for good (they were immutable before the control plane could
 * delete them or change a group's authorization). Deleted records' hashes
 * are remembered (hashes are random and never reused, so a tombstone is
 * right forever; the oldest are dropped past 100,000) and answer 404 at
 * once; an updated group replaces the cached one. Changes made by another
 * process (the CLI on the same data dir) reach a running server when it restarts.
 */
export class EvictingEgressResolver extends EgressResolver {
  private readonly tombstones = new Set<string>();
  private readonly groups = new Map<string, PackagingGroupRecord>();

  override async resolve(egress: EgressPath) {
    if (this.tombstones.has(egress.groupHash)) throw new KinoraError('GROUP_NOT_FOUND', `no packaging group with hash ${egress.groupHash}`, { subject: egress.groupHash });
    if (this.tombstones.has(egress.configurationHash)) throw new KinoraError('CONFIGURATION_NOT_FOUND', `no packaging configuration with hash ${egress.configurationHash}`, { subject: egress.configurationHash });
    if (this.tombstones.has(egress.assetHash)) throw new KinoraError('ASSET_NOT_FOUND', `no asset with hash ${egress.assetHash}`, { subject: egress.assetHash });
    const found = await super.resolve(egress);
    const group = this.groups.get(found.group.hash);
    return group ? { ...found, group } : found;
  }

  /** A group, configuration or asset with this hash was deleted. */
  deleted(hash: string): void {
    this.tombstones.add(hash);
    this.groups.delete(hash);
    if (this.tombstones.size > MAX_TOMBSTONES) this.tombstones.delete(this.tombstones.values().next().value!);
  }

  /** A group's authorization or logging changed. */
  groupChanged(group: PackagingGroupRecord): void {
    this.groups.set(group.hash, group);
  }
}
