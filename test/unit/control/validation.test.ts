/**
 * Control-plane request validation: the MediaPackage VOD shapes of the four
 * package types (types, enums, ranges, unknown fields), the rules across
 * fields, the unsupported-field table, source ARNs and page tokens. Every
 * refusal is an INVALID_REQUEST (422) whose message names the field.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { readCreatePackagingConfiguration } from '../../../src/control/validation/readCreatePackagingConfiguration.ts';
import { readSourceArn } from '../../../src/control/validation/readSourceArn.ts';
import { checkShape } from '../../../src/control/validation/checkShape.ts';
import { vodShapes } from '../../../src/control/validation/vodShapes.ts';
import { unsupportedFields, type UnsupportedField } from '../../../src/control/unsupportedFields.ts';
import { readPageToken, writePageToken } from '../../../src/control/pageToken.ts';

const base = { id: 'c1', packagingGroupId: 'g1' };
const speke = { spekeKeyProvider: { url: 'https://keys.example/speke', roleArn: 'arn:aws:iam::111122223333:role/speke', systemIds: ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed'] } };
const minimal = {
  hlsPackage: { hlsManifests: [{}] },
  cmafPackage: { hlsManifests: [{}] },
  dashPackage: { dashManifests: [{}] },
  mssPackage: { mssManifests: [{}] },
} as const;

function rejects(work: () => unknown, field: string | RegExp, problem?: RegExp) {
  assert.throws(work, (e: unknown) => {
    assert.ok(e instanceof KinoraError, String(e));
    assert.equal(e.code, 'INVALID_REQUEST');
    if (typeof field === 'string') assert.ok(e.message.includes(field), `"${e.message}" should name ${field}`);
    else assert.match(e.message, field);
    if (problem) assert.match(e.message, problem);
    return true;
  });
}

const config = (body: Record<string, unknown>) => () => readCreatePackagingConfiguration({ ...base, ...body });

describe('packaging configuration shapes', () => {
  test('the minimal form of each package type is accepted, and kept as sent', () => {
    for (const [kind, pkg] of Object.entries(minimal)) {
      const read = readCreatePackagingConfiguration({ ...base, [kind]: pkg });
      assert.deepEqual(read.settings, { [kind]: pkg });
      assert.equal(read.id, 'c1');
      assert.equal(read.packagingGroupId, 'g1');
      assert.deepEqual(read.tags, {});
    }
  });

  test('every supported field of each package type is accepted', () => {
    const hlsManifest = { manifestName: 'main', adMarkers: 'NONE', includeIframeOnlyStream: false, programDateTimeIntervalSeconds: 0, repeatExtXKey: true };
    const bodies = [
      { hlsPackage: { hlsManifests: [hlsManifest, { manifestName: 'alt' }], segmentDurationSeconds: 6, useAudioRenditionGroup: false, includeDvbSubtitles: false } },
      { cmafPackage: { hlsManifests: [hlsManifest], segmentDurationSeconds: 2, includeEncoderConfigurationInSegments: false } },
      {
        dashPackage: {
          dashManifests: [{ manifestName: 'full', manifestLayout: 'FULL', minBufferTimeSeconds: 10, profile: 'NONE' }, { manifestName: 'compact', manifestLayout: 'COMPACT' }],
          segmentDurationSeconds: 4,
          segmentTemplateFormat: 'NUMBER_WITH_DURATION',
          periodTriggers: [],
          includeIframeOnlyStream: false,
          includeEncoderConfigurationInSegments: false,
        },
      },
      { mssPackage: { mssManifests: [{ manifestName: 'smooth' }], segmentDurationSeconds: 2 } },
    ];
    for (const body of bodies) assert.deepEqual(readCreatePackagingConfiguration({ ...base, ...body, tags: { team: 'video' } }).settings, body);
  });

  test('exactly one package', () => {
    rejects(config({}), /exactly one of cmafPackage, dashPackage, hlsPackage, mssPackage; found none/);
    rejects(config({ ...minimal.cmafPackage && { cmafPackage: minimal.cmafPackage, dashPackage: minimal.dashPackage } }), /found cmafPackage and dashPackage/);
  });

  test('required members', () => {
    rejects(() => readCreatePackagingConfiguration({ packagingGroupId: 'g1', cmafPackage: minimal.cmafPackage }), /^id is required/);
    rejects(() => readCreatePackagingConfiguration({ id: 'c1', cmafPackage: minimal.cmafPackage }), /^packagingGroupId is required/);
    rejects(config({ cmafPackage: {} }), 'cmafPackage.hlsManifests is required');
    rejects(config({ dashPackage: { segmentDurationSeconds: 2 } }), 'dashPackage.dashManifests is required');
    rejects(config({ mssPackage: { mssManifests: [] } }), 'mssPackage.mssManifests must have at least 1 item');
    rejects(config({ hlsPackage: { hlsManifests: [{}], encryption: {} } }), 'hlsPackage.encryption.spekeKeyProvider is required');
  });

  test('types', () => {
    rejects(config({ cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: '6' } }), 'cmafPackage.segmentDurationSeconds', /must be an integer; found the string "6"/);
    rejects(config({ cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 2.5 } }), 'cmafPackage.segmentDurationSeconds', /integer/);
    rejects(config({ cmafPackage: { hlsManifests: {} } }), 'cmafPackage.hlsManifests', /must be a list/);
    rejects(config({ cmafPackage: { hlsManifests: [{ repeatExtXKey: 'yes' }] } }), 'cmafPackage.hlsManifests[0].repeatExtXKey', /true or false/);
    rejects(config({ dashPackage: { dashManifests: [{ manifestName: 7 }] } }), 'dashPackage.dashManifests[0].manifestName', /must be a string/);
    rejects(config({ mssPackage: 'mss' }), 'mssPackage', /must be an object \(MssPackage\)/);
    rejects(config({ cmafPackage: minimal.cmafPackage, tags: { a: 1 } }), 'tags.a', /must be a string/);
    rejects(() => readCreatePackagingConfiguration([]), /the request body must be an object/);
  });

  test('enums', () => {
    rejects(config({ dashPackage: { dashManifests: [{}], segmentTemplateFormat: 'NUMBER' } }), 'dashPackage.segmentTemplateFormat', /one of NUMBER_WITH_TIMELINE, TIME_WITH_TIMELINE, NUMBER_WITH_DURATION/);
    rejects(config({ dashPackage: { dashManifests: [{ manifestLayout: 'SMALL' }] } }), 'dashPackage.dashManifests[0].manifestLayout');
    rejects(config({ dashPackage: { dashManifests: [{ profile: 'HBBTV_2' }] } }), 'dashPackage.dashManifests[0].profile');
    rejects(config({ dashPackage: { dashManifests: [{}], periodTriggers: ['BREAKS'] } }), 'dashPackage.periodTriggers[0]');
    rejects(config({ cmafPackage: { hlsManifests: [{ adMarkers: 'ALL' }] } }), 'cmafPackage.hlsManifests[0].adMarkers');
    rejects(config({ hlsPackage: { hlsManifests: [{}], encryption: { ...speke, encryptionMethod: 'AES_256' } } }), 'hlsPackage.encryption.encryptionMethod');
    rejects(config({ mssPackage: { mssManifests: [{ streamSelection: { streamOrder: 'RANDOM' } }] } }), 'mssPackage.mssManifests[0].streamSelection.streamOrder');
  });

  test('ranges and patterns', () => {
    rejects(config({ cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 0 } }), 'cmafPackage.segmentDurationSeconds', /between 1 and 30; found 0/);
    rejects(config({ dashPackage: { dashManifests: [{}], segmentDurationSeconds: 31 } }), 'dashPackage.segmentDurationSeconds', /between 1 and 30/);
    rejects(config({ dashPackage: { dashManifests: [{ minBufferTimeSeconds: -1 }] } }), 'dashPackage.dashManifests[0].minBufferTimeSeconds');
    rejects(config({ cmafPackage: { hlsManifests: [{ programDateTimeIntervalSeconds: 3601 }] } }), 'cmafPackage.hlsManifests[0].programDateTimeIntervalSeconds');
    rejects(config({ cmafPackage: { hlsManifests: [{ manifestName: 'in dex' }] } }), 'cmafPackage.hlsManifests[0].manifestName', /letters, digits, _ and -/);
    rejects(config({ cmafPackage: { hlsManifests: [{ manifestName: 'x'.repeat(129) }] } }), 'cmafPackage.hlsManifests[0].manifestName', /at most 128/);
    rejects(config({ hlsPackage: { hlsManifests: [{}], encryption: { ...speke, constantInitializationVector: 'abc' } } }), 'hlsPackage.encryption.constantInitializationVector', /32 hex digits/);
    rejects(config({ dashPackage: { dashManifests: [{}], encryption: { spekeKeyProvider: { ...speke.spekeKeyProvider, systemIds: [] } } } }), 'dashPackage.encryption.spekeKeyProvider.systemIds');
    rejects(config({ cmafPackage: { hlsManifests: Array.from({ length: 11 }, (_, i) => ({ manifestName: `m${i}` })) } }), 'cmafPackage.hlsManifests', /at most 10/);
  });

  test('ids: letters, digits, _ and -, 1 to 1024 characters', () => {
    assert.equal(readCreatePackagingConfiguration({ ...base, id: `A-z_9${'x'.repeat(1019)}`, cmafPackage: minimal.cmafPackage }).id.length, 1024);
    rejects(() => readCreatePackagingConfiguration({ ...base, id: 'x'.repeat(1025), cmafPackage: minimal.cmafPackage }), /^id must be at most 1024/);
    rejects(() => readCreatePackagingConfiguration({ ...base, id: 'a.b', cmafPackage: minimal.cmafPackage }), /^id may contain only letters, digits, _ and -/);
    rejects(() => readCreatePackagingConfiguration({ ...base, id: '', cmafPackage: minimal.cmafPackage }), /^id must be at least 1/);
    rejects(() => readCreatePackagingConfiguration({ ...base, packagingGroupId: 'g/1', cmafPackage: minimal.cmafPackage }), /^packagingGroupId may contain only/);
  });

  test('unknown fields are refused, with the camelCase name when a PascalCase one was sent', () => {
    rejects(config({ cmafPackage: { hlsManifests: [{}], segmentSeconds: 6 } }), 'cmafPackage.segmentSeconds', /is not a field of CmafPackage/);
    rejects(config({ cmafPackage: { HlsManifests: [{}] } }), 'cmafPackage.HlsManifests', /camelCase: "hlsManifests"/);
    rejects(config({ dashPackage: { dashManifests: [{ minBufferTime: 2 }] } }), 'dashPackage.dashManifests[0].minBufferTime');
    rejects(config({ cmafPackage: minimal.cmafPackage, description: 'x' }), /^description is not a field of CreatePackagingConfigurationRequest/);
  });

  test('JSON nulls count as absent', () => {
    assert.deepEqual(readCreatePackagingConfiguration({ ...base, cmafPackage: { hlsManifests: [{ manifestName: null }], segmentDurationSeconds: null }, hlsPackage: null }).settings, { cmafPackage: { hlsManifests: [{}] } });
  });

  test('manifest names are unique within a configuration (each is a URL)', () => {
    rejects(config({ cmafPackage: { hlsManifests: [{}, { manifestName: 'index' }] } }), 'cmafPackage.hlsManifests[1].manifestName', /also the name of manifest 0/);
  });

  test('NUMBER_WITH_DURATION cannot be multi-period (checked before the unsupported table, so it holds once periodTriggers lands)', () => {
    rejects(config({ dashPackage: { dashManifests: [{}], segmentTemplateFormat: 'NUMBER_WITH_DURATION', periodTriggers: ['ADS'] } }), 'dashPackage.segmentTemplateFormat');
  });

  test('stream selection bounds in order', () => {
    rejects(config({ mssPackage: { mssManifests: [{ streamSelection: { minVideoBitsPerSecond: 2000000, maxVideoBitsPerSecond: 1000000 } }] } }), 'mssPackage.mssManifests[0].streamSelection.minVideoBitsPerSecond');
  });
});

describe('unsupported fields', () => {
  /** A value of the field that asks for the feature. */
  function using(entry: UnsupportedField): unknown {
    const name = entry.path.split('.').at(-1)!.replace('[]', '');
    if (name === 'encryption') return entry.path.startsWith('hlsPackage') ? { ...speke, encryptionMethod: 'AES_128' } : speke;
    if (name === 'streamSelection') return { minVideoBitsPerSecond: 100000 };
    if (name === 'scteMarkersSource') return 'SEGMENTS';
    if (name === 'encryptionContractConfiguration') return { presetSpeke20Audio: 'PRESET-AUDIO-1', presetSpeke20Video: 'PRESET-VIDEO-1' };
    if (entry.when === 'true') return true;
    if (entry.when === 'nonEmpty') return ['ADS'];
    if (entry.when === 'positive') return 60;
    if (entry.when === 'present') throw new Error(`no sample value for ${entry.path}`);
    if ('not' in entry.when) return entry.path.includes('adMarkers') ? 'PASSTHROUGH' : 'x';
    return entry.when.is;
  }

  /** A minimal valid body of the entry's package with `value` at the entry's path ([] = item 0). */
  function bodyWith(entry: UnsupportedField, value: unknown): Record<string, unknown> {
    const kind = entry.path.split('.')[0] as keyof typeof minimal;
    const body: any = { ...base, [kind]: structuredClone(minimal[kind]) };
    // Fields inside `encryption` need a valid encryption around them.
    if (entry.path.startsWith(`${kind}.encryption.`)) body[kind].encryption = structuredClone(kind === 'hlsPackage' ? { ...speke, encryptionMethod: 'AES_128' } : speke);
    let node = body;
    const parts = entry.path.split('.');
    for (const part of parts.slice(0, -1)) node = part.endsWith('[]') ? node[part.slice(0, -2)][0] : (node[part] ??= {});
    node[parts.at(-1)!.replace('[]', '')] = value;
    return body;
  }

  for (const entry of unsupportedFields) {
    test(`${entry.path} (${entry.feature}) is refused by name`, () => {
      const path = entry.path.replace('[]', '[0]');
      rejects(() => readCreatePackagingConfiguration(bodyWith(entry, using(entry))), `${path} = `, /is not supported by Kinora yet/);
    });
  }

  test('values that ask for nothing are accepted (false, NONE, 0, [])', () => {
    const neutral = [
      { hlsPackage: { hlsManifests: [{ adMarkers: 'NONE', includeIframeOnlyStream: false, programDateTimeIntervalSeconds: 0 }], includeDvbSubtitles: false, useAudioRenditionGroup: false } },
      { dashPackage: { dashManifests: [{ profile: 'NONE' }], periodTriggers: [], includeIframeOnlyStream: false, includeEncoderConfigurationInSegments: false } },
      { cmafPackage: { hlsManifests: [{ adMarkers: 'NONE' }], includeEncoderConfigurationInSegments: false } },
    ];
    for (const body of neutral) assert.deepEqual(readCreatePackagingConfiguration({ ...base, ...body }).settings, body);
  });

  test('the table names only fields of the model', () => {
    for (const entry of unsupportedFields) {
      const body = bodyWith(entry, using(entry));
      // Shape-checks fine: the refusal comes from the table, not from an unknown field.
      checkShape(body, vodShapes.CreatePackagingConfiguration, '');
    }
  });
});

describe('sourceArn', () => {
  test('an S3 object ARN naming an .m3u8 becomes s3://bucket/key', () => {
    assert.equal(readSourceArn('arn:aws:s3:::media/assets/VANLIFE/HLS/VANLIFE.m3u8'), 's3://media/assets/VANLIFE/HLS/VANLIFE.m3u8');
    assert.equal(readSourceArn('arn:aws:s3:::my.bucket-1/a%20b/x.M3U8'), 's3://my.bucket-1/a%20b/x.M3U8');
  });
  test('anything that would leave the bucket is refused', () => {
    rejects(() => readSourceArn('arn:aws:s3:::media/../other/x.m3u8'), 'sourceArn', /"\.\." path segment, which would leave bucket media/);
    rejects(() => readSourceArn('arn:aws:s3:::media/a/%2e%2e/x.m3u8'), 'sourceArn', /leave bucket/);
    rejects(() => readSourceArn('arn:aws:s3:::media/./x.m3u8'), 'sourceArn', /leave bucket/);
    rejects(() => readSourceArn('arn:aws:s3:::media/a\\..\\x.m3u8'), 'sourceArn', /backslashes/);
    rejects(() => readSourceArn('arn:aws:s3:::media/x.m3u8?versionId=1'), 'sourceArn', /\? or #/);
  });
  test('other forms, bad buckets and non-HLS sources are refused', () => {
    assert.equal(readSourceArn('s3://media/a/x.m3u8'), 's3://media/a/x.m3u8');
    rejects(() => readSourceArn('s3://media/../x.m3u8'), 'sourceArn', /leave bucket/);
    rejects(() => readSourceArn('gs://media/x.m3u8'), 'sourceArn', /arn:aws:s3:::<bucket>\/<key>/);
    rejects(() => readSourceArn('file:///etc/passwd'), 'sourceArn', /S3 object ARN/);
    rejects(() => readSourceArn('arn:aws:s3:::Media/x.m3u8'), 'sourceArn', /not a valid bucket name/);
    rejects(() => readSourceArn('arn:aws:s3:::media/'), 'sourceArn', /object key/);
    rejects(() => readSourceArn('arn:aws:s3:::media/x.smil'), 'sourceArn', /SMIL/);
    rejects(() => readSourceArn('arn:aws:s3:::media/x.mp4'), 'sourceArn', /HLS multivariant or media playlist/);
  });
});

describe('other request shapes', () => {
  test('packaging group: authorization needs both members, as ARNs', () => {
    const ok = { id: 'g1', authorization: { cdnIdentifierSecret: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:cdn-AbCd', secretsRoleArn: 'arn:aws:iam::111122223333:role/cdn' } };
    assert.deepEqual(checkShape(ok, vodShapes.CreatePackagingGroup, ''), ok);
    rejects(() => checkShape({ id: 'g1', authorization: { cdnIdentifierSecret: ok.authorization.cdnIdentifierSecret } }, vodShapes.CreatePackagingGroup, ''), 'authorization.secretsRoleArn is required');
    rejects(() => checkShape({ id: 'g1', authorization: { ...ok.authorization, cdnIdentifierSecret: 'my-secret' } }, vodShapes.CreatePackagingGroup, ''), 'authorization.cdnIdentifierSecret', /Secrets Manager secret ARN/);
    rejects(() => checkShape({ id: 'g1', egressAccessLogs: { logGroupName: 'a b' } }, vodShapes.CreatePackagingGroup, ''), 'egressAccessLogs.logGroupName');
  });
  test('tags: at most 50, keys 1-128 without aws:, values up to 256', () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    checkShape({ tags: fifty }, vodShapes.TagResource, '');
    rejects(() => checkShape({ tags: { ...fifty, k50: 'v' } }, vodShapes.TagResource, ''), 'tags', /at most 50 entries/);
    rejects(() => checkShape({ tags: { 'aws:owner': 'x' } }, vodShapes.TagResource, ''), 'tags key "aws:owner"');
    rejects(() => checkShape({ tags: { ['k'.repeat(129)]: 'x' } }, vodShapes.TagResource, ''), /tags key .* at most 128/);
    rejects(() => checkShape({ tags: { k: 'v'.repeat(257) } }, vodShapes.TagResource, ''), 'tags.k', /at most 256/);
    rejects(() => checkShape({}, vodShapes.TagResource, ''), 'tags is required');
  });
  test('asset: source role is an IAM role ARN; resourceId bounded', () => {
    const ok = { id: 'a1', packagingGroupId: 'g1', sourceArn: 'arn:aws:s3:::b/k.m3u8', sourceRoleArn: 'arn:aws:iam::111122223333:role/MediaPackageRead' };
    assert.deepEqual(checkShape(ok, vodShapes.CreateAsset, ''), ok);
    rejects(() => checkShape({ ...ok, sourceRoleArn: 'role' }, vodShapes.CreateAsset, ''), 'sourceRoleArn', /IAM role ARN/);
    rejects(() => checkShape({ ...ok, sourceRoleArn: undefined }, vodShapes.CreateAsset, ''), 'sourceRoleArn is required');
    rejects(() => checkShape({ ...ok, resourceId: 'r'.repeat(1025) }, vodShapes.CreateAsset, ''), 'resourceId');
  });
});

describe('page tokens', () => {
  test('round trip, and anything else is refused', () => {
    assert.equal(readPageToken(writePageToken('asset_9')), 'asset_9');
    assert.equal(readPageToken(undefined), undefined);
    assert.equal(readPageToken(''), undefined);
    rejects(() => readPageToken('not a token'), 'nextToken');
    rejects(() => readPageToken(Buffer.from('k1:../x').toString('base64url')), 'nextToken');
    rejects(() => readPageToken(Buffer.from('k2:a').toString('base64url')), 'nextToken');
  });
});
