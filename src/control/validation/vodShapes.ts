import type { Shape } from './Shape.ts';

/*
 * Request shapes of the MediaPackage VOD API (botocore
 * `mediapackage-vod/2018-11-07/service-2.json`), member for member. Bounds
 * the model leaves open are Kinora's, chosen so every accepted value is one
 * the origin can serve: ids as MediaPackage documents them; manifest names
 * as they appear in egress URLs; segment durations 1-30 s; 32-bit integers.
 */

const str = (extra: Omit<Extract<Shape, { kind: 'string' }>, 'kind'> = {}): Shape => ({ kind: 'string', maxLength: 2048, ...extra });
const int = (min?: number, max?: number): Shape => ({ kind: 'integer', min, max });
const bool: Shape = { kind: 'boolean' };
const list = (member: Shape, extra: { minItems?: number; maxItems?: number } = {}): Shape => ({ kind: 'list', member, ...extra });
const struct = (name: string, members: Record<string, Shape>, required: string[] = []): Shape => ({ kind: 'structure', name, members, required });

/** [UG:asset-create-details, gs-output-vod]: letters, digits, `_` and `-`. */
const resourceId = str({ pattern: /^[A-Za-z0-9_-]+$/, rule: 'may contain only letters, digits, _ and -', minLength: 1, maxLength: 1024 });
const roleArn = str({ pattern: /^arn:[a-z-]+:iam::\d{0,12}:role\/[\w+=,.@/-]+$/, rule: 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)' });

/** AWS tagging rules (Tagging AWS Resources, "Tag naming limits"): 50 tags, keys 1-128, values 0-256, no `aws:` prefix. */
export const tagsShape: Shape = {
  kind: 'map',
  key: { kind: 'string', minLength: 1, maxLength: 128, pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, rule: 'must be letters, digits, spaces and _ . : / = + - @, not starting with aws:' },
  value: { kind: 'string', maxLength: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, rule: 'must be letters, digits, spaces and _ . : / = + - @' },
  maxEntries: 50,
};

const authorization = struct(
  'Authorization',
  {
    cdnIdentifierSecret: str({ pattern: /^arn:[a-z-]+:secretsmanager:[a-z0-9-]*:\d{0,12}:secret:[\w/+=.@-]+$/, rule: 'must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)' }),
    secretsRoleArn: roleArn,
  },
  ['secretsRoleArn', 'cdnIdentifierSecret'],
);

const egressAccessLogs = struct('EgressAccessLogs', {
  logGroupName: str({ pattern: /^[\w.\-/#]+$/, rule: 'must be a CloudWatch log group name (letters, digits, _ - / . #)', minLength: 1, maxLength: 512 }),
});

const streamSelection = struct('StreamSelection', {
  maxVideoBitsPerSecond: int(0),
  minVideoBitsPerSecond: int(0),
  streamOrder: str({ enum: ['ORIGINAL', 'VIDEO_BITRATE_ASCENDING', 'VIDEO_BITRATE_DESCENDING'] }),
});

/** The manifest name becomes the manifest's file name in egress URLs (`<name>.m3u8`), so it obeys the origin's path rules. */
const manifestName = str({ pattern: /^[A-Za-z0-9_-]+$/, rule: 'may contain only letters, digits, _ and - (it becomes the manifest file name)', minLength: 1, maxLength: 128 });
const segmentDurationSeconds = int(1, 30);

const spekeKeyProvider = struct(
  'SpekeKeyProvider',
  {
    encryptionContractConfiguration: struct(
      'EncryptionContractConfiguration',
      {
        presetSpeke20Audio: str({ enum: ['PRESET-AUDIO-1', 'PRESET-AUDIO-2', 'PRESET-AUDIO-3', 'SHARED', 'UNENCRYPTED'] }),
        presetSpeke20Video: str({ enum: ['PRESET-VIDEO-1', 'PRESET-VIDEO-2', 'PRESET-VIDEO-3', 'PRESET-VIDEO-4', 'PRESET-VIDEO-5', 'PRESET-VIDEO-6', 'PRESET-VIDEO-7', 'PRESET-VIDEO-8', 'SHARED', 'UNENCRYPTED'] }),
      },
      ['presetSpeke20Audio', 'presetSpeke20Video'],
    ),
    roleArn,
    systemIds: list(str({ pattern: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/, rule: 'must be a DRM system id (UUID)' }), { minItems: 1, maxItems: 3 }),
    // `kinora:builtin` names Kinora's own key store (docs/encryption.md); anything else is a SPEKE endpoint.
    url: str({ pattern: /^(https?:\/\/\S+|kinora:builtin)$/, rule: 'must be an http(s) URL or kinora:builtin' }),
  },
  ['systemIds', 'url', 'roleArn'],
);
const constantInitializationVector = str({ pattern: /^[0-9a-fA-F]{32}$/, rule: 'must be 32 hex digits (a 128-bit IV)' });

const hlsManifest = struct('HlsManifest', {
  adMarkers: str({ enum: ['NONE', 'SCTE35_ENHANCED', 'PASSTHROUGH'] }),
  includeIframeOnlyStream: bool,
  manifestName,
  programDateTimeIntervalSeconds: int(0, 3600),
  repeatExtXKey: bool,
  streamSelection,
});

const dashManifest = struct('DashManifest', {
  manifestLayout: str({ enum: ['FULL', 'COMPACT'] }),
  manifestName,
  minBufferTimeSeconds: int(0, 3600),
  profile: str({ enum: ['NONE', 'HBBTV_1_5'] }),
  scteMarkersSource: str({ enum: ['SEGMENTS', 'MANIFEST'] }),
  streamSelection,
});

const mssManifest = struct('MssManifest', { manifestName, streamSelection });

export const hlsPackageShape = struct(
  'HlsPackage',
  {
    encryption: struct('HlsEncryption', { constantInitializationVector, encryptionMethod: str({ enum: ['AES_128', 'SAMPLE_AES'] }), spekeKeyProvider }, ['spekeKeyProvider']),
    hlsManifests: list(hlsManifest, { minItems: 1, maxItems: 10 }),
    includeDvbSubtitles: bool,
    segmentDurationSeconds,
    useAudioRenditionGroup: bool,
  },
  ['hlsManifests'],
);

export const cmafPackageShape = struct(
  'CmafPackage',
  {
    encryption: struct('CmafEncryption', { constantInitializationVector, spekeKeyProvider }, ['spekeKeyProvider']),
    hlsManifests: list(hlsManifest, { minItems: 1, maxItems: 10 }),
    includeEncoderConfigurationInSegments: bool,
    segmentDurationSeconds,
  },
  ['hlsManifests'],
);

export const dashPackageShape = struct(
  'DashPackage',
  {
    dashManifests: list(dashManifest, { minItems: 1, maxItems: 10 }),
    encryption: struct('DashEncryption', { spekeKeyProvider }, ['spekeKeyProvider']),
    includeEncoderConfigurationInSegments: bool,
    includeIframeOnlyStream: bool,
    periodTriggers: list(str({ enum: ['ADS'] }), { maxItems: 1 }),
    segmentDurationSeconds,
    segmentTemplateFormat: str({ enum: ['NUMBER_WITH_TIMELINE', 'TIME_WITH_TIMELINE', 'NUMBER_WITH_DURATION'] }),
  },
  ['dashManifests'],
);

export const mssPackageShape = struct(
  'MssPackage',
  {
    encryption: struct('MssEncryption', { spekeKeyProvider }, ['spekeKeyProvider']),
    mssManifests: list(mssManifest, { minItems: 1, maxItems: 10 }),
    segmentDurationSeconds,
  },
  ['mssManifests'],
);

/** Request bodies, by operation. */
export const vodShapes = {
  CreatePackagingGroup: struct('CreatePackagingGroupRequest', { authorization, egressAccessLogs, id: resourceId, tags: tagsShape }, ['id']),
  UpdatePackagingGroup: struct('UpdatePackagingGroupRequest', { authorization }),
  ConfigureLogs: struct('ConfigureLogsRequest', { egressAccessLogs }),
  CreatePackagingConfiguration: struct(
    'CreatePackagingConfigurationRequest',
    { cmafPackage: cmafPackageShape, dashPackage: dashPackageShape, hlsPackage: hlsPackageShape, id: resourceId, mssPackage: mssPackageShape, packagingGroupId: resourceId, tags: tagsShape },
    ['id', 'packagingGroupId'],
  ),
  CreateAsset: struct(
    'CreateAssetRequest',
    { id: resourceId, packagingGroupId: resourceId, resourceId: str({ minLength: 1, maxLength: 1024 }), sourceArn: str({ minLength: 1 }), sourceRoleArn: roleArn, tags: tagsShape },
    ['sourceArn', 'id', 'packagingGroupId', 'sourceRoleArn'],
  ),
  TagResource: struct('TagResourceRequest', { tags: tagsShape }, ['tags']),
} as const;
