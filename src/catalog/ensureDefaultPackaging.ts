import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog } from './Catalog.ts';
import type { PackageSettings, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';
import { newHash } from './newHash.ts';
import { arnOf } from './arns.ts';

export const DEFAULT_GROUP_ID = 'kinora-default';

/**
 * The embedded default: one packaging group with a CMAF (HLS fMP4) and a DASH
 * configuration, so `kinora start` and `kinora asset add` work before anyone
 * has used the control plane. Idempotent.
 */
export async function ensureDefaultPackaging(catalog: Catalog): Promise<{ group: PackagingGroupRecord; configurations: PackagingConfigurationRecord[] }> {
  let group = await catalog.getGroup(DEFAULT_GROUP_ID);
  if (!group) {
    try {
      await catalog.putGroup({ id: DEFAULT_GROUP_ID, arn: arnOf('packaging-groups', DEFAULT_GROUP_ID), hash: newHash(), createdAt: new Date().toISOString(), tags: {} });
    } catch (e) {
      if (!(e instanceof KinoraError && e.code === 'ALREADY_EXISTS')) throw e; // another process made it first
    }
    group = (await catalog.getGroup(DEFAULT_GROUP_ID))!;
  }
  const wanted: ({ id: string } & PackageSettings)[] = [
    { id: `${DEFAULT_GROUP_ID}-cmaf`, cmafPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6 } },
    { id: `${DEFAULT_GROUP_ID}-dash`, dashPackage: { dashManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' } },
  ];
  for (const w of wanted) {
    if (await catalog.getConfiguration(w.id)) continue;
    try {
      await catalog.putConfiguration({ ...w, packagingGroupId: group.id, arn: arnOf('packaging-configurations', w.id), hash: newHash(), createdAt: new Date().toISOString(), tags: {} } as PackagingConfigurationRecord);
    } catch (e) {
      if (!(e instanceof KinoraError && e.code === 'ALREADY_EXISTS')) throw e;
    }
  }
  return { group, configurations: await catalog.listConfigurations(group.id) };
}
