import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourcePolicy } from '../../../src/storage/SourcePolicy.ts';
import { createSourceReader } from '../../../src/storage/createSourceReader.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageRead';
const policy = SourcePolicy.fromJson(
  JSON.stringify({
    roles: {
      [ROLE]: { allow: ['s3://media/assets/*', 'arn:aws:s3:::archive/20??/*.m3u8', 'https://CDN.example.com:443/vod/*'] },
      'arn:aws:iam::111122223333:role/Nothing': { allow: [] },
    },
  }),
  '/data/source-policies.json',
);

const denied = (role: string | undefined, uri: string, message: RegExp) =>
  assert.throws(() => policy.authorize(role, uri), (e: any) => e.code === 'SOURCE_FORBIDDEN' && e.subject === uri && message.test(e.message), uri);

test('allowAll: every role reads everything', () => {
  const open = SourcePolicy.allowAll();
  assert.equal(open.restricted, false);
  open.authorize(ROLE, 's3://anything/at/all.m3u8');
  open.authorize('arn:aws:iam::1:role/x', 'https://cdn.example.com/x.m3u8');
});

test('patterns: * spans slashes, ? is one character, ARN patterns are S3 patterns, web patterns are normalised URLs', () => {
  assert.equal(policy.restricted, true);
  policy.authorize(ROLE, 's3://media/assets/a/b/c/seg_00001.ts');
  policy.authorize(ROLE, 's3://archive/2019/x.m3u8');
  policy.authorize(ROLE, 's3://archive/2019/deeper/x.m3u8');
  policy.authorize(ROLE, 'https://cdn.example.com/vod/a/index.m3u8');
  policy.authorize(ROLE, 'https://cdn.example.com/vod/a/seg.ts?token=1');
  denied(ROLE, 's3://media/assetsX/a.ts', /Access Denied: role arn:aws:iam::111122223333:role\/MediaPackageRead is not authorized to read s3:\/\/media\/assetsX\/a\.ts: no "allow" pattern of the role in \/data\/source-policies\.json matches it/);
  denied(ROLE, 's3://archive/201/x.m3u8', /not authorized/);
  denied(ROLE, 's3://archive/2019/x.ts', /not authorized/);
  denied(ROLE, 's3://other/assets/x.m3u8', /not authorized/);
  denied(ROLE, 'https://cdn.example.com:8443/vod/a.m3u8', /not authorized/);
  denied(ROLE, 'http://cdn.example.com/vod/a.m3u8', /not authorized/);
  denied(ROLE, 'https://cdn.example.com/vodka/a.m3u8', /not authorized/);
});

test('S3 keys are compared decoded; keys with dot segments never match', () => {
  const p = SourcePolicy.fromJson(JSON.stringify({ roles: { [ROLE]: { allow: ['s3://media/my assets/*'] } } }), 'p.json');
  p.authorize(ROLE, 's3://media/my%20assets/a.ts');
  p.authorize(ROLE, 's3://media/my assets/a.ts');
  assert.throws(() => p.authorize(ROLE, 's3://media/my%20assets/%2e%2e/secret/a.ts'), { code: 'SOURCE_FORBIDDEN' });
  assert.throws(() => p.authorize(ROLE, 'file:///etc/passwd'), { code: 'SOURCE_FORBIDDEN' });
});

test('a role missing from the file, or with no patterns, reads nothing; assets without a role are not restricted', () => {
  denied('arn:aws:iam::111122223333:role/Stranger', 's3://media/assets/a.m3u8', /Access Denied: role arn:aws:iam::111122223333:role\/Stranger is not authorized to read s3:\/\/media\/assets\/a\.m3u8: the role is not in the source read policy \/data\/source-policies\.json/);
  denied('arn:aws:iam::111122223333:role/Nothing', 's3://media/assets/a.m3u8', /no "allow" pattern/);
  policy.authorize(undefined, 's3://anything/x.m3u8');
});

test('malformed documents are INVALID_REQUEST naming the file and the problem', () => {
  const bad = (doc: string, message: RegExp) => assert.throws(() => SourcePolicy.fromJson(doc, 'p.json'), (e: any) => e.code === 'INVALID_REQUEST' && /^source read policy p\.json: /.test(e.message) && message.test(e.message), doc);
  bad('{', /not JSON/);
  bad('[]', /must be an object/);
  bad('{"roles": [], "x": 1}', /unknown member "x"/);
  bad('{"roles": []}', /"roles" must be an object/);
  bad('{"roles": {"MediaPackageRead": {"allow": []}}}', /"MediaPackageRead" is not an IAM role ARN/);
  bad(`{"roles": {"${ROLE}": {"allow": "s3://a/*"}}}`, /allow must be an array/);
  bad(`{"roles": {"${ROLE}": {"allow": [], "deny": []}}}`, /unknown member "deny"/);
  bad(`{"roles": {"${ROLE}": {"allow": ["media/*"]}}}`, /"media\/\*" must be an s3:\/\/bucket\/key, arn:aws:s3:::bucket\/key or https:\/\/ pattern/);
  bad(`{"roles": {"${ROLE}": {"allow": ["https://*.example.com/*"]}}}`, /must be an s3:\/\//);
});

test('read: the default path may be absent (allow all); a named path must exist; createSourceReader picks the path', async () => {
  assert.equal(SourcePolicy.read(join(dir, 'absent.json')).restricted, false);
  assert.throws(() => SourcePolicy.read(join(dir, 'absent.json'), { required: true }), { code: 'INVALID_REQUEST', message: /absent\.json: no such file/ });
  const store = new FolderObjectStore(join(dir, 'buckets'));
  const open = createSourceReader(store, { dataDir: dir, sourceTimeoutMs: 1000 });
  assert.equal(open.policy.restricted, false);
  await open.close();
  writeFileSync(join(dir, 'source-policies.json'), JSON.stringify({ roles: { [ROLE]: { allow: ['s3://media/*'] } } }));
  const guarded = createSourceReader(store, { dataDir: dir, sourceTimeoutMs: 1000 });
  assert.equal(guarded.policy.restricted, true);
  assert.equal(guarded.policy.file, join(dir, 'source-policies.json'));
  await assert.rejects(guarded.read('s3://other/x.m3u8', { role: ROLE }), { code: 'SOURCE_FORBIDDEN', message: /Access Denied/ });
  // Without a role the read is not checked against the policy: it reaches the store (and finds nothing).
  await assert.rejects(guarded.read('s3://other/x.m3u8'), { code: 'SOURCE_NOT_FOUND' });
  await guarded.close();
  assert.throws(() => createSourceReader(store, { dataDir: dir, sourceTimeoutMs: 1000, sourcePolicies: join(dir, 'named.json') }), { code: 'INVALID_REQUEST' });
  writeFileSync(join(dir, 'broken.json'), '{"roles": 1}');
  assert.throws(() => createSourceReader(store, { dataDir: dir, sourceTimeoutMs: 1000, sourcePolicies: join(dir, 'broken.json') }), { code: 'INVALID_REQUEST', message: /broken\.json/ });
});
