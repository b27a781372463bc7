import type { ClipRange } from '../media/select/Clip.ts';
import type { DashManifestSettings, HlsManifestSettings, MssManifestSettings, PackagingConfigurationRecord, SpekeKeyProvider } from '../catalog/records.ts';

export type OutputFormat = 'hls' | 'cmaf' | 'dash' | 'mss';

/**
 * A configuration's `encryption`, as the scheme each package type uses in
 * MediaPackage VOD (reference §1.5): DASH `cenc`, CMAF `cbcs`, HLS-TS
 * `AES_128` (the default method) or `SAMPLE_AES`, Smooth PlayReady (`piff`).
 */
export interface OutputEncryption {
  method: 'cenc' | 'cbcs' | 'aes-128' | 'sample-aes' | 'piff';
  spekeKeyProvider: SpekeKeyProvider;
  /** `constantInitializationVector` (32 hex digits), HLS and CMAF only. */
  constantInitializationVector?: string;
}

/** A packaging configuration reduced to what the origin needs, with defaults applied. */
export interface OutputSettings {
  format: OutputFormat;
  segmentDurationSeconds: number;
  segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
  manifests: (HlsManifestSettings | DashManifestSettings | MssManifestSettings)[];
  /** `includeEncoderConfigurationInSegments`: parameter sets in every key frame, `avc3`/`hev1` sample entries. */
  parameterSetsInBand: boolean;
  /** A keyframe-aligned sub-clip asked for in the URL (`clip/<startMs>-<endMs>/...`), set per request by the origin. */
  clip?: ClipRange;
  /** DASH `periodTriggers: ['ADS']`: a Period at each ad break of the source (discontinuities always start one). */
  periodsAtAds?: boolean;
  /** DASH `includeIframeOnlyStream` (package level): a trick-mode AdaptationSet. HLS has it per manifest. */
  includeIframeOnlyStream?: boolean;
  /** HLS-TS: audio in `EXT-X-MEDIA` rendition groups (true) or muxed into every video segment (false, MediaPackage's default). */
  useAudioRenditionGroup: boolean;
  /** Set when the configuration has `encryption`: every video and audio segment is then encrypted, or the request fails. */
  encryption?: OutputEncryption;
}

/** MediaPackage documents no default segment duration; 6 s is the HLS authoring guideline, 2 s Smooth's usual fragment. */
export const DEFAULT_SEGMENT_SECONDS = 6;
export const DEFAULT_MSS_SEGMENT_SECONDS = 2;

export function outputOf(c: PackagingConfigurationRecord): OutputSettings {
  if ('cmafPackage' in c) {
    const p = c.cmafPackage;
    return {
      format: 'cmaf',
      segmentDurationSeconds: p.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS,
      segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
      manifests: p.hlsManifests,
      parameterSetsInBand: p.includeEncoderConfigurationInSegments === true,
      useAudioRenditionGroup: true,
      encryption: p.encryption && { method: 'cbcs', spekeKeyProvider: p.encryption.spekeKeyProvider, constantInitializationVector: p.encryption.constantInitializationVector },
    };
  }
  if ('hlsPackage' in c) {
    const p = c.hlsPackage;
    return {
      format: 'hls',
      segmentDurationSeconds: p.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS,
      segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
      manifests: p.hlsManifests,
      parameterSetsInBand: true,
      useAudioRenditionGroup: p.useAudioRenditionGroup === true,
      encryption: p.encryption && {
        method: p.encryption.encryptionMethod === 'SAMPLE_AES' ? 'sample-aes' : 'aes-128',
        spekeKeyProvider: p.encryption.spekeKeyProvider,
        constantInitializationVector: p.encryption.constantInitializationVector,
      },
    };
  }
  if ('mssPackage' in c) {
    const p = c.mssPackage;
    return {
      format: 'mss',
      segmentDurationSeconds: p.segmentDurationSeconds ?? DEFAULT_MSS_SEGMENT_SECONDS,
      segmentTemplateFormat: 'TIME_WITH_TIMELINE',
      manifests: p.mssManifests,
      parameterSetsInBand: false,
      useAudioRenditionGroup: true,
      encryption: p.encryption && { method: 'piff', spekeKeyProvider: p.encryption.spekeKeyProvider },
    };
  }
  const p = c.dashPackage;
  return {
    format: 'dash',
    segmentDurationSeconds: p.segmentDurationSeconds ?? DEFAULT_SEGMENT_SECONDS,
    segmentTemplateFormat: p.segmentTemplateFormat ?? 'NUMBER_WITH_TIMELINE',
    manifests: p.dashManifests,
    parameterSetsInBand: p.includeEncoderConfigurationInSegments === true,
    useAudioRenditionGroup: true,
    includeIframeOnlyStream: p.includeIframeOnlyStream === true,
    periodsAtAds: (p.periodTriggers ?? []).includes('ADS'),
    encryption: p.encryption && { method: 'cenc', spekeKeyProvider: p.encryption.spekeKeyProvider },
  };
}
