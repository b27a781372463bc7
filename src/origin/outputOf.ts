import type { DashManifestSettings, HlsManifestSettings, PackagingConfigurationRecord } from '../catalog/records.ts';

/** A packaging configuration reduced to what the origin needs, with defaults applied. */
export interface OutputSettings {
  format: 'cmaf' | 'dash';
  segmentDurationSeconds: number;
  segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
  manifests: (HlsManifestSettings | DashManifestSettings)[];
}

/** MediaPackage documents no default segment duration; 6 s is the HLS authoring guideline. */
export const DEFAULT_SEGMENT_SECONDS = 6;

export function outputOf(c: PackagingConfigurationRecord): OutputSettings {
  if ('cmafPackage' in c) {
    return { format: 'cmaf', segmentDurationSeconds: c.cmafPackage.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS, segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', manifests: c.cmafPackage.hlsManifests };
  }
  return {
    format: 'dash',
    segmentDurationSeconds: c.dashPackage.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS,
    segmentTemplateFormat: c.dashPackage.segmentTemplateFormat ?? 'NUMBER_WITH_TIMELINE',
    manifests: c.dashPackage.dashManifests,
  };
}
