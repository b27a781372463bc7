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

export interface CmafPackage {
  hlsManifests: HlsManifestSettings[];
  segmentDurationSeconds?: number;
  includeEncoderConfigurationInSegments?: boolean;
}

export interface DashPackage {
  dashManifests: DashManifestSettings[];
  segmentDurationSeconds?: number;
  segmentTemplateFormat?: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
  periodTriggers?: 'ADS'[];
  includeIframeOnlyStream?: boolean;
  includeEncoderConfigurationInSegments?: boolean;
}

/** Exactly one package per configuration, as in MediaPackage. */
export type PackageSettings = { cmafPackage: CmafPackage } | { dashPackage: DashPackage };

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
  tags: Record<string, string>;
}
