import type { DashManifestSettings, HlsManifestSettings, MssManifestSettings, PackagingConfigurationRecord } from '../catalog/records.ts';

export type OutputFormat = 'hls' | 'cmaf' | 'dash' | 'mss';

/** A packaging configuration reduced to what the origin needs, with defaults applied. */
export interface OutputSettings {
  format: OutputFormat;
  segmentDurationSeconds: number;
  segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
  manifests: (HlsManifestSettings | DashManifestSettings | MssManifestSettings)[];
}

/** MediaPackage documents no default segment duration; 6 s is the HLS authoring guideline, 2 s Smooth's usual fragment. */
export const DEFAULT_SEGMENT_SECONDS = 6;
export const DEFAULT_MSS_SEGMENT_SECONDS = 2;

export function outputOf(c: PackagingConfigurationRecord): OutputSettings {
  if ('cmafPackage' in c) {
    return { format: 'cmaf', segmentDurationSeconds: c.cmafPackage.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS, segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', manifests: c.cmafPackage.hlsManifests };
  }
  if ('hlsPackage' in c) {
    return { format: 'hls', segmentDurationSeconds: c.hlsPackage.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS, segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', manifests: c.hlsPackage.hlsManifests };
  }
  if ('mssPackage' in c) {
    return { format: 'mss', segmentDurationSeconds: c.mssPackage.segmentDurationSeconds ?? DEFAULT_MSS_SEGMENT_SECONDS, segmentTemplateFormat: 'TIME_WITH_TIMELINE', manifests: c.mssPackage.mssManifests };
  }
  return {
    format: 'dash',
    segmentDurationSeconds: c.dashPackage.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS,
    segmentTemplateFormat: c.dashPackage.segmentTemplateFormat ?? 'NUMBER_WITH_TIMELINE',
    manifests: c.dashPackage.dashManifests,
  };
}
