// The configuration form's reading (form entries -> request body) and its validation, which must
// refuse what the MediaPackage VOD API refuses with the same words: checked here against the
// control plane itself (VodControlPlane.createPackagingConfiguration over an in-memory catalog).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFormEntries, parsePath } from '../../../console/src/form/readFormEntries.ts';
import { validateConfiguration } from '../../../console/src/form/validateConfiguration.ts';
import type { FormEntry } from '../../../console/src/form/FormEntry.ts';
import { VodControlPlane } from '../../../src/control/VodControlPlane.ts';
import { awsErrorOf } from '../../../src/control/awsErrorOf.ts';
import { SqliteCatalog } from '../../../src/catalog/SqliteCatalog.ts';

test('parsePath reads dotted paths with list indices', () => {
  assert.deepEqual(parsePath('cmafPackage.hlsManifests[2].streamSelection.streamOrder'), ['cmafPackage', 'hlsManifests', 2, 'streamSelection', 'streamOrder']);
  assert.deepEqual(parsePath('id'), ['id']);
});

test('readFormEntries keeps only what was filled in, typed as the API expects', () => {
  const entries: FormEntry[] = [
    { path: 'id', kind: 'string', raw: ' cmaf-1 ' },
    { path: 'packagingGroupId', kind: 'string', raw: 'g' },
    { path: 'cmafPackage', kind: 'structure' },
    { path: 'cmafPackage.segmentDurationSeconds', kind: 'integer', raw: '6' },
    { path: 'cmafPackage.includeEncoderConfigurationInSegments', kind: 'boolean', raw: false },
    { path: 'cmafPackage.hlsManifests[0]', kind: 'structure' },
    { path: 'cmafPackage.hlsManifests[0].manifestName', kind: 'string', raw: '' },
    { path: 'cmafPackage.hlsManifests[1]', kind: 'structure' },
    { path: 'cmafPackage.hlsManifests[1].manifestName', kind: 'string', raw: 'low' },
    { path: 'cmafPackage.hlsManifests[1].repeatExtXKey', kind: 'boolean', raw: true },
    { path: 'cmafPackage.hlsManifests[1].streamSelection', kind: 'structure' },
    { path: 'cmafPackage.hlsManifests[1].streamSelection.maxVideoBitsPerSecond', kind: 'integer', raw: '800000' },
    { path: 'tags', kind: 'map', raw: 'team=video\n\nenv = test' },
  ];
  const { body, problems } = readFormEntries(entries);
  assert.deepEqual(problems, []);
  assert.deepEqual(body, {
    id: 'cmaf-1',
    packagingGroupId: 'g',
    cmafPackage: {
      segmentDurationSeconds: 6,
      hlsManifests: [{}, { manifestName: 'low', repeatExtXKey: true, streamSelection: { maxVideoBitsPerSecond: 800000 } }],
    },
    tags: { team: 'video', env: 'test' },
  });
});

test('readFormEntries: lists of strings and enum lists; a tag line without = is a form problem', () => {
  const { body, problems } = readFormEntries([
    { path: 'dashPackage.periodTriggers', kind: 'enumList', raw: ['ADS'] },
    { path: 'dashPackage.encryption.spekeKeyProvider.systemIds', kind: 'stringList', raw: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed,\n 9a04f079-9840-4286-ab92-e65be0885f95' },
    { path: 'tags', kind: 'map', raw: 'good=1\nbad line' },
  ]);
  assert.deepEqual(body, { dashPackage: { periodTriggers: ['ADS'], encryption: { spekeKeyProvider: { systemIds: ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', '9a04f079-9840-4286-ab92-e65be0885f95'] } } }, tags: { good: '1' } });
  assert.deepEqual(problems, [{ path: 'tags', message: 'tags line 2 must be key=value; found "bad line"' }]);
});

test('a number box holding text is sent as text, so the API rule names it', () => {
  const { body } = readFormEntries([{ path: 'mssPackage.segmentDurationSeconds', kind: 'integer', raw: 'two' }]);
  assert.deepEqual(body, { mssPackage: { segmentDurationSeconds: 'two' } });
});

const control = new VodControlPlane({
  catalog: new SqliteCatalog(':memory:'),
  ingest: { enqueue() {} },
  secrets: { get: async () => undefined },
  publicUrl: () => 'http://127.0.0.1:1',
  quotas: { maxPackagingGroups: 10, maxConfigurationsPerGroup: 10, maxAssetsPerGroup: 10 },
});
await control.createPackagingGroup({ id: 'g' });

/** The API's answer to this body: 'ok', or the 422 message. */
async function apiAnswer(body: unknown): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  try {
    await control.createPackagingConfiguration(body);
    return { ok: true };
  } catch (e) {
    const aws = awsErrorOf(e);
    return { ok: false, status: aws.status, message: aws.message };
  }
}

const invalid: { name: string; body: Record<string, unknown>; path: string }[] = [
  { name: 'segment duration out of range', body: { id: 'c1', packagingGroupId: 'g', dashPackage: { dashManifests: [{}], segmentDurationSeconds: 45 } }, path: 'dashPackage.segmentDurationSeconds' },
  { name: 'text in a number box', body: { id: 'c2', packagingGroupId: 'g', mssPackage: { mssManifests: [{}], segmentDurationSeconds: 'two' } }, path: 'mssPackage.segmentDurationSeconds' },
  { name: 'manifest name with a dot', body: { id: 'c3', packagingGroupId: 'g', cmafPackage: { hlsManifests: [{ manifestName: 'my.index' }] } }, path: 'cmafPackage.hlsManifests[0].manifestName' },
  { name: 'id with a space', body: { id: 'c 4', packagingGroupId: 'g', hlsPackage: { hlsManifests: [{}] } }, path: 'id' },
  { name: 'two manifests with one name', body: { id: 'c5', packagingGroupId: 'g', cmafPackage: { hlsManifests: [{ manifestName: 'a' }, { manifestName: 'a' }] } }, path: 'cmafPackage.hlsManifests[1].manifestName' },
  { name: 'no manifest', body: { id: 'c6', packagingGroupId: 'g', dashPackage: { dashManifests: [] } }, path: 'dashPackage.dashManifests' },
  { name: 'no package', body: { id: 'c8', packagingGroupId: 'g' }, path: 'cmafPackage' },
];

for (const c of invalid) {
  test(`the form refuses what the API refuses, in the API's words: ${c.name}`, async () => {
    const form = validateConfiguration(c.body);
    const api = await apiAnswer(c.body);
    assert.equal(form.ok, false);
    assert.equal(api.ok, false);
    if (form.ok || api.ok) return;
    assert.equal(api.status, 422);
    assert.equal(form.message, api.message);
    assert.equal(form.path, c.path);
  });
}

test('on a field Kinora does not implement yet (src/control/unsupportedFields.ts), the form and the API refuse with the same words', async () => {
  const cases = [
    { body: { id: 'c7', packagingGroupId: 'g', hlsPackage: { hlsManifests: [{}], includeDvbSubtitles: true } }, path: 'hlsPackage.includeDvbSubtitles' },
    { body: { id: 'c8', packagingGroupId: 'g', dashPackage: { dashManifests: [{ scteMarkersSource: 'SEGMENTS' }] } }, path: 'dashPackage.dashManifests[0].scteMarkersSource' },
  ];
  for (const c of cases) {
    const form = validateConfiguration(c.body);
    const api = await apiAnswer(c.body);
    assert.equal(form.ok, false, c.path);
    assert.equal(api.ok, false, c.path);
    if (!form.ok && !api.ok) {
      assert.equal(form.message, api.message);
      assert.match(form.message, / is not supported by Kinora yet \(/);
      assert.equal(form.path, c.path);
    }
  }
});

test('the form accepts what the API accepts', async () => {
  const body = { id: 'ok-1', packagingGroupId: 'g', dashPackage: { dashManifests: [{ manifestName: 'index', manifestLayout: 'COMPACT', minBufferTimeSeconds: 4 }], segmentDurationSeconds: 4, segmentTemplateFormat: 'TIME_WITH_TIMELINE' } };
  assert.deepEqual(validateConfiguration(body), { ok: true });
  assert.deepEqual(await apiAnswer(body), { ok: true });
});
