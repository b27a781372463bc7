import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteKeyStore } from '../../../src/keys/SqliteKeyStore.ts';
import { BuiltinKeyProvider, BUILTIN_KEY_PROVIDER_URL } from '../../../src/keys/BuiltinKeyProvider.ts';
import { ContentKeys } from '../../../src/keys/ContentKeys.ts';
import { KeyTokens } from '../../../src/keys/KeyTokens.ts';
import { loadMasterKey } from '../../../src/keys/loadMasterKey.ts';
import { openSealedKey, sealKey } from '../../../src/keys/sealKey.ts';
import type { KeyProvider } from '../../../src/keys/KeyProvider.ts';
import type { KeyRequest } from '../../../src/keys/KeyRequest.ts';
import type { ContentKey } from '../../../src/keys/ContentKey.ts';
import type { KeyProviderFailure } from '../../../src/keys/ContentKeys.ts';
import { planKeyUsageRules } from '../../../src/keys/planKeyUsageRules.ts';
import { readPlayReadyObject } from '../../../src/media/cenc/readPlayReadyObject.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../../src/media/cenc/hexFromBytes.ts';
import type { AssetRecord, PackagingConfigurationRecord } from '../../../src/catalog/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const master = new Uint8Array(32).fill(7);
const otherMaster = new Uint8Array(32).fill(8);
const isKeyError = (e: unknown) => e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR';

function request(overrides: Partial<KeyRequest> = {}): KeyRequest {
  return { assetId: 'movie', resourceId: 'movie', configurationId: 'dash', systemIds: [systemIds.clearKey], scheme: 'cenc', ...overrides };
}

test('the SQLite key store seals keys at rest: its own 0600 file, one migration, no key bytes in clear', async () => {
  const path = join(dir, 'keys.sqlite');
  const store = new SqliteKeyStore(path, master);
  assert.deepEqual(store.schemaVersions(), [1, 2]);
  const key = { kid: new Uint8Array(16).fill(1), key: Uint8Array.from({ length: 16 }, (_, i) => 0xc0 + i), iv: new Uint8Array(16).fill(3), createdAt: '2026-01-01T00:00:00.000Z' };
  assert.deepEqual(await store.putIfAbsent('movie/dash', key), key);
  // First writer wins: a second put for the same name returns the stored key.
  assert.deepEqual(await store.putIfAbsent('movie/dash', { ...key, key: new Uint8Array(16) }), key);
  assert.equal(await store.get('missing'), undefined);
  await store.close();
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const raw = readFileSync(path);
  assert.equal(raw.indexOf(Buffer.from(key.key)), -1, 'the key is stored in clear');
  const reopened = new SqliteKeyStore(path, master);
  assert.deepEqual(await reopened.get('movie/dash'), key);
  await reopened.close();
  const wrong = new SqliteKeyStore(path, otherMaster);
  await assert.rejects(wrong.get('movie/dash'), isKeyError);
  await wrong.close();
});

test('sealed keys are bound to their row: another context does not open them', () => {
  const sealed = sealKey(master, new Uint8Array(32).fill(9), 'row a');
  assert.deepEqual(openSealedKey(master, sealed, 'row a'), new Uint8Array(32).fill(9));
  assert.throws(() => openSealedKey(master, sealed, 'row b'), isKeyError);
});

test('the built-in provider makes a key per asset and configuration once, and gives it back every time', async () => {
  const store = new SqliteKeyStore(':memory:', master);
  const provider = new BuiltinKeyProvider(store);
  const [first] = await provider.keysFor(request());
  const [again] = await new BuiltinKeyProvider(store).keysFor(request());
  assert.deepEqual([again.kid, again.key, again.iv], [first.kid, first.key, first.iv]);
  const [other] = await provider.keysFor(request({ configurationId: 'cmaf' }));
  assert.notDeepEqual(other.key, first.key);
  assert.equal(first.kid.byteLength, 16);
  assert.equal(first.key.byteLength, 16);
  await store.close();
});

test('the built-in provider writes pssh boxes for the requested systems and refuses systems it cannot serve', async () => {
  const store = new SqliteKeyStore(':memory:', master);
  const provider = new BuiltinKeyProvider(store, { playReadyLicenseUrl: 'https://pr.example/rightsmanager.asmx?a=1&b=2' });
  const [key] = await provider.keysFor(request({ systemIds: [systemIds.clearKey, systemIds.widevine, systemIds.fairPlay, systemIds.playReady] }));
  assert.deepEqual(
    key.pssh.map((p) => [hexFromBytes(p.systemId), p.version, p.kids.map(hexFromBytes)]),
    [
      [systemIds.common.replace(/-/g, ''), 1, [hexFromBytes(key.kid)]],
      [systemIds.widevine.replace(/-/g, ''), 0, []],
      [systemIds.playReady.replace(/-/g, ''), 0, []],
    ],
  );
  // The PlayReady pssh data is the PlayReady Object the manifests carry, naming this key and the LA_URL.
  const pro = key.drm?.find((d) => d.systemId === systemIds.playReady)?.playReadyObject;
  assert.ok(pro);
  assert.deepEqual(key.pssh[2].data, pro);
  const header = readPlayReadyObject(pro);
  assert.deepEqual(header.kids.map(hexFromBytes), [hexFromBytes(key.kid)]);
  assert.equal(header.licenseUrl, 'https://pr.example/rightsmanager.asmx?a=1&b=2');
  assert.deepEqual((await provider.keysFor(request({ scheme: 'aes-128', systemIds: [systemIds.aes128] })))[0].pssh, []);
  await assert.rejects(provider.keysFor(request({ systemIds: ['80a6be7e-1448-4c37-9e70-d5aebe04c8d2'] })), (e) => isKeyError(e) && /80a6be7e/.test((e as Error).message));
  await store.close();
});

test('the built-in provider gives one key per rule of an encryption contract, each made once; the single ALL key keeps its old name', async () => {
  const store = new SqliteKeyStore(':memory:', master);
  const provider = new BuiltinKeyProvider(store);
  const [shared] = await provider.keysFor(request());
  assert.ok(await store.get('movie/dash'), 'the ALL key is stored as <asset>/<configuration>');
  const rules = planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-2', presetSpeke20Audio: 'PRESET-AUDIO-1' });
  const keys = await provider.keysFor(request({ rules }));
  assert.equal(keys.length, 3);
  assert.equal(new Set(keys.map((k) => hexFromBytes(k.kid))).size, 3, 'a key ID per track type');
  assert.ok(!keys.some((k) => hexFromBytes(k.kid) === hexFromBytes(shared.kid)));
  assert.deepEqual((await provider.keysFor(request({ rules }))).map((k) => hexFromBytes(k.key)), keys.map((k) => hexFromBytes(k.key)));
  assert.ok(await store.get('movie/dash/SD') && (await store.get('movie/dash/HD')) && (await store.get('movie/dash/AUDIO')));
  await store.close();
});

test('key tokens: valid for their key until they expire; any change is refused', () => {
  const tokens = new KeyTokens(master);
  const kid = '00112233445566778899aabbccddeeff';
  const token = tokens.sign(kid, 2_000_000_000);
  assert.match(token, /^2000000000\.[A-Za-z0-9_-]{22}$/);
  assert.equal(tokens.verify(kid, token, 1_999_999_999), true);
  assert.equal(tokens.verify(kid.toUpperCase(), token, 1_999_999_999), true);
  assert.equal(tokens.verify(kid, token, 2_000_000_001), false, 'expired');
  assert.equal(tokens.verify('ffeeddccbbaa99887766554433221100', token, 0), false, 'another key');
  assert.equal(tokens.verify(kid, token.replace('2000000000', '2000000001'), 0), false, 'expiry changed');
  assert.equal(tokens.verify(kid, new KeyTokens(otherMaster).sign(kid, 2_000_000_000), 0), false, 'another secret');
  assert.equal(tokens.verify(kid, undefined, 0), false);
  assert.equal(tokens.verify(kid, 'junk', 0), false);
});

const asset = { id: 'movie', hash: 'a'.repeat(32) } as AssetRecord;
const configuration = { id: 'dash', hash: 'c'.repeat(32) } as PackagingConfigurationRecord;
const builtin = { url: BUILTIN_KEY_PROVIDER_URL, roleArn: 'arn:aws:iam::1:role/r', systemIds: [systemIds.clearKey] };

test('content keys: fetched once per asset and configuration; a failure fails closed and answers for the hold, then the provider is asked again', async () => {
  let calls = 0;
  let fail = true;
  const provider: KeyProvider = {
    async keysFor() {
      calls++;
      if (fail) throw new Error('connection reset');
      return [{ kid: new Uint8Array(16).fill(1), key: new Uint8Array(16).fill(2), pssh: [] }];
    },
  };
  let now = 1_000_000;
  const keys = new ContentKeys({ builtin: provider, tokens: new KeyTokens(master), failureHoldMs: 5_000, now: () => now });
  const failures: KeyProviderFailure[] = [];
  keys.onFailure((f) => failures.push(f));
  const ask = () => keys.keyFor(asset, configuration, { spekeKeyProvider: builtin, scheme: 'cenc' });
  await assert.rejects(ask(), (e) => isKeyError(e) && /connection reset/.test((e as Error).message));
  assert.deepEqual(failures.map((f) => [f.asset.id, f.configuration.id, f.url, f.error.code]), [['movie', 'dash', BUILTIN_KEY_PROVIDER_URL, 'KEY_PROVIDER_ERROR']]);
  fail = false;
  now += 4_999;
  await assert.rejects(ask(), (e) => isKeyError(e) && /connection reset/.test((e as Error).message), 'within the hold the failure answers');
  assert.equal(calls, 1, 'the provider is not asked again within the hold');
  assert.equal(failures.length, 1, 'a held failure is told once');
  now += 1;
  const [a, b] = await Promise.all([ask(), ask()]);
  assert.equal(a, b);
  await ask();
  assert.equal(calls, 2, 'one failed call, then one call (after the hold) for every later request');

  const eager = new ContentKeys({ builtin: provider, tokens: new KeyTokens(master), failureHoldMs: 0 });
  fail = true;
  await assert.rejects(eager.keyFor(asset, configuration, { spekeKeyProvider: builtin, scheme: 'cenc' }), isKeyError);
  fail = false;
  await eager.keyFor(asset, configuration, { spekeKeyProvider: builtin, scheme: 'cenc' });
  assert.equal(calls, 4, 'with no hold the next request asks again');
});

test('content keys: without a SPEKE client a SPEKE URL fails; short keys, a wrong key count and a shared KID are refused; presets ask one key per rule', async () => {
  let answer: (n: number) => ContentKey[] = () => [{ kid: new Uint8Array(16), key: new Uint8Array(8), pssh: [] }];
  const asked: KeyRequest[] = [];
  const provider: KeyProvider = {
    keysFor: async (r) => {
      asked.push(r);
      return answer(r.rules?.length ?? 1);
    },
  };
  const keys = new ContentKeys({ builtin: provider, tokens: new KeyTokens(master), failureHoldMs: 0 });
  await assert.rejects(keys.keyFor(asset, configuration, { spekeKeyProvider: { ...builtin, url: 'https://speke.example/v1' }, scheme: 'cenc' }), (e) => isKeyError(e) && /SPEKE/.test((e as Error).message));
  await assert.rejects(keys.keyFor(asset, configuration, { spekeKeyProvider: builtin, scheme: 'cenc' }), (e) => isKeyError(e) && /8-byte key/.test((e as Error).message));
  const presets = { ...builtin, encryptionContractConfiguration: { presetSpeke20Audio: 'PRESET-AUDIO-2', presetSpeke20Video: 'PRESET-VIDEO-1' } };
  answer = () => [{ kid: new Uint8Array(16).fill(1), key: new Uint8Array(16), pssh: [] }];
  await assert.rejects(keys.keySetFor(asset, configuration, { spekeKeyProvider: presets, scheme: 'cenc' }), (e) => isKeyError(e) && /returned 1 key\(s\).*expected 3/.test((e as Error).message));
  answer = (n) => Array.from({ length: n }, () => ({ kid: new Uint8Array(16).fill(1), key: new Uint8Array(16), pssh: [] }));
  await assert.rejects(keys.keySetFor(asset, configuration, { spekeKeyProvider: presets, scheme: 'cenc' }), (e) => isKeyError(e) && /two track types/.test((e as Error).message));
  answer = (n) => Array.from({ length: n }, (_, i) => ({ kid: new Uint8Array(16).fill(i + 1), key: new Uint8Array(16), pssh: [] }));
  const set = await keys.keySetFor(asset, configuration, { spekeKeyProvider: presets, scheme: 'cenc' });
  assert.deepEqual(set.entries.map((e) => e.rule.intendedTrackType), ['VIDEO', 'STEREO_AUDIO', 'MULTICHANNEL_AUDIO']);
  assert.equal(asked.at(-1)?.spekeVersion, 2);
  await assert.rejects(keys.keyFor(asset, configuration, { spekeKeyProvider: presets, scheme: 'cenc' }), (e) => isKeyError(e) && /has 3 keys/.test((e as Error).message));
  const bad = { ...builtin, encryptionContractConfiguration: { presetSpeke20Audio: 'SHARED', presetSpeke20Video: 'PRESET-VIDEO-1' } };
  await assert.rejects(keys.keySetFor({ ...asset, hash: 'b'.repeat(32) }, configuration, { spekeKeyProvider: bad, scheme: 'cenc' }), (e) => isKeyError(e) && /SHARED must be chosen for both/.test((e as Error).message));
});

test('master key: KINORA_KEYS_KEY as hex or base64, else a generated 0600 key file; a file others can read is refused', () => {
  const hex = 'ab'.repeat(32);
  assert.deepEqual(loadMasterKey({ env: hex, file: join(dir, 'unused.key') }), new Uint8Array(32).fill(0xab));
  assert.deepEqual(loadMasterKey({ env: Buffer.alloc(32, 5).toString('base64'), file: join(dir, 'unused.key') }), new Uint8Array(32).fill(5));
  assert.throws(() => loadMasterKey({ env: 'short', file: join(dir, 'unused.key') }), isKeyError);
  assert.equal(existsSync(join(dir, 'unused.key')), false);
  const file = join(dir, 'data', 'keys.key');
  const generated = loadMasterKey({ file });
  assert.equal(generated.byteLength, 32);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(loadMasterKey({ file }), generated, 'the same key on the next start');
  const loose = join(dir, 'loose.key');
  writeFileSync(loose, hex);
  chmodSync(loose, 0o644);
  assert.throws(() => loadMasterKey({ file: loose }), (e) => isKeyError(e) && /chmod 600/.test((e as Error).message));
});
