/**
 * Catalog records. Field names follow the MediaPackage VOD API model
 * (2018-11-07, camelCase wire names) so the control plane can return them as
 * they are.
 */
export interface PackagingGroupRecord {
  id: string;
  arn: string;
  /** 32 hex digits, random at creation: the first path part of egress URLs. */
  hash: string;
  createdAt: string;
  tags: Record<string, string>;
  /** CDN authorization: egress requests must carry `X-MediaPackage-CDNIdentifier` equal to the secret's value. */
  authorization?: CdnAuthorization;
  egressAccessLogs?: EgressAccessLogs;
}

/** MediaPackage VOD `Authorization`: both members required when present. */
export interface CdnAuthorization {
  /** ARN of the secret holding the CDN identifier (`kinora secret put <arn> <value>`). */
  cdnIdentifierSecret: string;
  /** Kept and returned; Kinora has no IAM, so the role is not assumed. */
  secretsRoleArn: string;
}

/** MediaPackage VOD `EgressAccessLogs`; Kinora writes egress access logs as JSON lines whether or not it is set. */
export interface EgressAccessLogs {
  logGroupName?: string;
}

export interface HlsManifestSettings {
  manifestName?: string;
  adMarkers?: 'NONE' | 'SCTE35_ENHANCED' | 'PASSTHROUGH';
  includeIframeOnlyStream?: boolean;
  programDateTimeIntervalSeconds?: number;
  repeatExtXKey?: boolean;
  streamSelection?: StreamSelection;
}

export interface DashManifestSettings {
  manifestName?: string;
  manifestLayout?: 'FULL' | 'COMPACT';
  minBufferTimeSeconds?: number;
  profile?: 'NONE' | 'HBBTV_1_5';
  scteMarkersSource?: 'SEGMENTS' | 'MANIFEST';
  streamSelection?: StreamSelection;
}

export interface StreamSelection {
  minVideoBitsPerSecond?: number;
  maxVideoBitsPerSecond?: number;
  streamOrder?: 'ORIGINAL' | 'VIDEO_BITRATE_ASCENDING' | 'VIDEO_BITRATE_DESCENDING';
}

export interface SpekeKeyProvider {
  url: string;
  roleArn: string;
  systemIds: string[];
  encryptionContractConfiguration?: { presetSpeke20Audio: string; presetSpeke20Video: string };
}

/** HLS with MPEG-TS segments. */
export interface HlsPackage {
  hlsManifests: HlsManifestSettings[];
  segmentDurationSeconds?: number;
  useAudioRenditionGroup?: boolean;
  includeDvbSubtitles?: boolean;
  encryption?: { spekeKeyProvider: SpekeKeyProvider; encryptionMethod?: 'AES_128' | 'SAMPLE_AES'; constantInitializationVector?: string };
}

export interface MssManifestSettings {
  manifestName?: string;
  streamSelection?: StreamSelection;
}

/** Microsoft Smooth Streaming. */
export interface MssPackage {
  mssManifests: MssManifestSettings[];
  segmentDurationSeconds?: number;
  encryption?: { spekeKeyProvider: SpekeKeyProvider };
}

export interface CmafPackage {
  hlsManifests: HlsManifestSettings[];
  segmentDurationSeconds?: number;
  includeEncoderConfigurationInSegments?: boolean;
  encryption?: { spekeKeyProvider: SpekeKeyProvider; constantInitializationVector?: string };
}

export interface DashPackage {
  dashManifests: DashManifestSettings[];
  segmentDurationSeconds?: number;
  segmentTemplateFormat?: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
  periodTriggers?: 'ADS'[];
  includeIframeOnlyStream?: boolean;
  includeEncoderConfigurationInSegments?: boolean;
  encryption?: { spekeKeyProvider: SpekeKeyProvider };
}

/** Exactly one package per configuration, as in MediaPackage. */
export type PackageSettings = { hlsPackage: HlsPackage } | { cmafPackage: CmafPackage } | { dashPackage: DashPackage } | { mssPackage: MssPackage };

export type PackagingConfigurationRecord = {
  id: string;
  arn: string;
  packagingGroupId: string;
  hash: string;
  createdAt: string;
  tags: Record<string, string>;
} & PackageSettings;

export type AssetStatus = 'QUEUED' | 'PROCESSING' | 'PLAYABLE' | 'FAILED';

export interface AssetRecord {
  id: string;
  arn: string;
  packagingGroupId: string;
  /** `s3://bucket/key`, `arn:aws:s3:::bucket/key` normalised to `s3://`, or `file:///path` (CLI only). */
  sourceArn: string;
  sourceRoleArn?: string;
  resourceId?: string;
  hash: string;
  createdAt: string;
  status: AssetStatus;
  statusReason?: string;
  /**
   * Packaging configuration hash -> why its egress endpoint is FAILED while
   * the asset is otherwise PLAYABLE: a key provider that could not give that
   * configuration's keys (MediaPackage's KeyProviderError). Cleared when the
   * keys come. Keyed by hash, not id, so a configuration deleted and made
   * again under the same id (a new hash) does not inherit the failure.
   */
  endpointFailures?: Record<string, string>;
  tags: Record<string, string>;
}
