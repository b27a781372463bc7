/**
 * Encryption through the origin, with the built-in key store: what each
 * encrypted configuration signals (MPD ContentProtection, EXT-X-KEY,
 * EXT-X-SESSION-KEY) agrees with what its segments carry (tenc, pssh, senc,
 * saiz/saio); keys are stable per asset and configuration, across requests
 * and restarts; the key URI and ClearKey license answer only with a valid
 * token; and every failure fails closed (no key provider, a SPEKE URL, a
 * scheme Kinora cannot write yet): an error, never clear media.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEncryptedOrigin, type EncryptedOrigin } from './support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { uuidFromBytes } from '../../src/media/cenc/uuidFromBytes.ts';
import { openContentKeys } from '../../src/keys/openContentKeys.ts';
import { iterateBoxes } from '../../src/media/isobmff/iterateBoxes.ts';
import type { BoxHeader } from '../../src/media/isobmff/BoxHeader.ts';
import { readVisualSampleEntry } from '../../src/media/isobmff/boxes/visualSampleEntry.ts';
import { readAudioSampleEntry } from '../../src/media/isobmff/boxes/audioSampleEntry.ts';
import { readTenc } from '../../src/media/isobmff/boxes/tenc.ts';
import { readPssh, psshBytes } from '../../src/media/isobmff/boxes/pssh.ts';
import { readSenc } from '../../src/media/isobmff/boxes/senc.ts';
import { readSaiz } from '../../src/media/isobmff/boxes/saiz.ts';
import { readSaio } from '../../src/media/isobmff/boxes/saio.ts';
import { readTrun } from '../../src/media/isobmff/boxes/trun.ts';
import { base64FromBytes } from '../../src/media/bytes/base64.ts';

const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const clearKeySystems = [systemIds.clearKey, systemIds.common];
const configurations: Record<string, PackageSettings> = {
  'dash-cenc': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, includeIframeOnlyStream: true, encryption: { spekeKeyProvider: builtin(clearKeySystems) } } },
  'dash-clear': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6 } },
  'cmaf-cbcs': {
    cmafPackage: {
      hlsManifests: [{ includeIframeOnlyStream: true }, { manifestName: 'repeat', repeatExtXKey: true }],
      segmentDurationSeconds: 6,
      encryption: { spekeKeyProvider: builtin([systemIds.clearKey, systemIds.fairPlay]) },
    },
  },
  'hls-aes': { hlsPackage: { hlsManifests: [{}, { manifestName: 'repeat', repeatExtXKey: true }], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]) } } },
  'hls-aes-iv': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), constantInitializationVector: '000102030405060708090A0B0C0D0E0F' } } },
  'dash-speke': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: { ...builtin(clearKeySystems), url: 'http://127.0.0.1:1/speke/v1' } } } },
  'dash-unknown-system': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin(['80a6be7e-1448-4c37-9e70-d5aebe04c8d2']) } } },
  'hls-sample-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.fairPlay]), encryptionMethod: 'SAMPLE_AES' } } },
};

let server: EncryptedOrigin;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder', 'multi'], configurations });
});
after(() => server?.close());

/** The egress folder of an asset under a configuration (its manifests and children live there). */
const base = (asset: string, config: string, origin: EncryptedOrigin = server) => origin.urls[asset][config].slice(0, origin.urls[asset][config].lastIndexOf('/') + 1);

async function get(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; bytes: Uint8Array; text: string }> {
  const r = await fetch(url, init);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, bytes, text: new TextDecoder().decode(bytes) };
}

async function ok(url: string): Promise<Uint8Array> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.bytes;
}

const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf', 'sinf', 'schi']);

/** Every box of `type`, searching containers, sample descriptions and sample entries. */
function boxesOf(bytes: Uint8Array, type: string, start = 0, end = bytes.byteLength): BoxHeader[] {
  const found: BoxHeader[] = [];
  for (const box of iterateBoxes(bytes, start, end)) {
    if (box.type === type) found.push(box);
    if (containers.has(box.type)) found.push(...boxesOf(bytes, type, box.contentStart, box.end));
    else if (box.type === 'stsd') found.push(...boxesOf(bytes, type, box.contentStart + 8, box.end));
    else if (box.type === 'encv') found.push(...boxesOf(bytes, type, readVisualSampleEntry(bytes, box).childrenStart, box.end));
    else if (box.type === 'enca') found.push(...boxesOf(bytes, type, readAudioSampleEntry(bytes, box).childrenStart, box.end));
  }
  return found;
}

/** Samples of a one-traf segment with their senc entries (16-byte IVs for cenc, none for cbcs). */
function encryptedSamples(segment: Uint8Array, ivSize: number) {
  const moof = [...iterateBoxes(segment)].find((b) => b.type === 'moof')!;
  const trun = readTrun(segment, boxesOf(segment, 'trun')[0]);
  const sencBox = boxesOf(segment, 'senc')[0];
  const entries = readSenc(segment, sencBox, ivSize);
  const saiz = readSaiz(segment, boxesOf(segment, 'saiz')[0]);
  const saio = readSaio(segment, boxesOf(segment, 'saio')[0]);
  return { moof, trun, sencBox, entries, saiz, saio };
}

describe('DASH cenc', () => {
  test('the MPD signals the key the init segments carry: default_KID = tenc KID, cenc:pssh = the moov pssh, an absolute tokenised license URL', async () => {
    const mpd = (await get(server.urls.ladder['dash-cenc'])).text;
    const kid = /cenc:default_KID="([0-9a-f-]{36})"/.exec(mpd)![1];
    for (const track of ['v1', 'a1', 'i1']) {
      const init = await ok(`${base('ladder', 'dash-cenc')}${track}/init.mp4`);
      assert.equal(boxesOf(init, track === 'a1' ? 'enca' : 'encv').length, 1, `${track} has an encrypted sample entry`);
      const tenc = readTenc(init, boxesOf(init, 'tenc')[0]);
      assert.equal(uuidFromBytes(tenc.defaultKid), kid);
      assert.deepEqual([tenc.version, tenc.defaultPerSampleIvSize, tenc.defaultIsProtected], [0, 16, true]);
      const [pssh] = boxesOf(init, 'pssh').map((b) => readPssh(init, b));
      assert.equal(uuidFromBytes(pssh.systemId), systemIds.common);
      assert.match(mpd, new RegExp(`<cenc:pssh>${base64FromBytes(psshBytes(pssh)).replace(/[+/]/g, '\\$&')}</cenc:pssh>`));
    }
    const laurl = /<dashif:Laurl>([^<]+)<\/dashif:Laurl>/.exec(mpd)![1].replace(/&amp;/g, '&');
    assert.ok(laurl.startsWith(`${base('ladder', 'dash-cenc')}license/clearkey?token=`), laurl);
    // The video, audio and trick-mode AdaptationSets are protected; the MPD carries a fresh token, so it has no ETag.
    assert.equal(mpd.match(/urn:mpeg:dash:mp4protection:2011/g)?.length, 3);
    assert.equal((await get(server.urls.ladder['dash-cenc'])).headers.get('etag'), null);
    assert.doesNotMatch((await get(server.urls.ladder['dash-clear'])).text, /ContentProtection/);
  });

  test('segments: senc per sample, saiz sizes and saio offset pointing at it, subsample maps covering each sample; no counter serves two samples', async () => {
    const segmentStarts = new Set<string>();
    for (const track of ['v1', 'v2', 'a1', 'i1']) {
      for (const n of [1, 2]) {
        const segment = await ok(`${base('ladder', 'dash-cenc')}${track}/${n}.m4s`);
        const clear = await ok(`${base('ladder', 'dash-clear')}${track.replace('i', 'v')}/${n}.m4s`);
        const { moof, trun, sencBox, entries, saiz, saio } = encryptedSamples(segment, 16);
        assert.equal(entries.length, trun.samples.length);
        assert.deepEqual(saio.offsets, [sencBox.contentStart + 8 - moof.start]);
        assert.equal(saiz.sampleCount, entries.length);
        // One CTR stream per segment: the upper 64 bits (track, first source time) are the segment's
        // own, and each sample's counter starts where the previous sample's blocks end.
        const upper = hexFromBytes(entries[0].iv.subarray(0, 8));
        assert.ok(!segmentStarts.has(upper), `${track}/${n} shares counters with another segment`);
        segmentStarts.add(upper);
        let counter = 0n;
        trun.samples.forEach((s, i) => {
          const entry = entries[i];
          if (track === 'a1') assert.equal(entry.subsamples, undefined, 'audio is protected whole');
          else assert.equal(entry.subsamples!.reduce((total, x) => total + x.clearBytes + x.protectedBytes, 0), s.size, `${track} sample ${i} map`);
          assert.equal(hexFromBytes(entry.iv.subarray(0, 8)), upper);
          assert.equal(Buffer.from(entry.iv.subarray(8)).readBigUInt64BE(), counter, `${track}/${n} sample ${i} counter`);
          const protectedBytes = entry.subsamples ? entry.subsamples.reduce((total, x) => total + x.protectedBytes, 0) : s.size!;
          counter += BigInt(Math.ceil(protectedBytes / 16));
        });
        if (track !== 'i1') {
          const mdat = (b: Uint8Array) => [...iterateBoxes(b)].find((x) => x.type === 'mdat')!;
          const [em, cm] = [mdat(segment), mdat(clear)];
          assert.equal(em.end - em.contentStart, cm.end - cm.contentStart, `${track}: encryption keeps the payload size`);
          assert.notDeepEqual(segment.subarray(em.contentStart, em.end), clear.subarray(cm.contentStart, cm.end), `${track} payload is encrypted`);
        }
      }
    }
  });

  test('a clip encrypts source samples as the whole asset does: a clip segment starting where an asset segment starts has its IVs', async () => {
    const whole = encryptedSamples(await ok(`${base('ladder', 'dash-cenc')}v1/2.m4s`), 16).entries.map((e) => hexFromBytes(e.iv));
    // 6.1 s snaps back to the boundary of source segment 2 (6.02 s), which the clip shifts to time 0.
    const clip = encryptedSamples(await ok(`${base('ladder', 'dash-cenc')}clip/6100-18000/v1/1.m4s`), 16).entries.map((e) => hexFromBytes(e.iv));
    assert.ok(clip.length > 50);
    assert.deepEqual(clip, whole.slice(0, clip.length));
  });

  test('the ClearKey license: W3C EME JSON for a valid token; 403 without one, 404 for another key, 422 for a malformed request', async () => {
    const mpd = (await get(server.urls.ladder['dash-cenc'])).text;
    const laurl = /<dashif:Laurl>([^<]+)<\/dashif:Laurl>/.exec(mpd)![1].replace(/&amp;/g, '&');
    const kid = /cenc:default_KID="([0-9a-f-]{36})"/.exec(mpd)![1].replace(/-/g, '');
    const kidB64 = Buffer.from(kid, 'hex').toString('base64url');
    const post = (url: string, body: string, contentType = 'application/json') => get(url, { method: 'POST', body, headers: { 'content-type': contentType } });
    const granted = await post(laurl, JSON.stringify({ kids: [kidB64], type: 'temporary' }));
    assert.equal(granted.status, 200, granted.text);
    assert.equal(granted.headers.get('cache-control'), 'private, no-store');
    const license = JSON.parse(granted.text);
    assert.equal(license.type, 'temporary');
    assert.equal(license.keys.length, 1);
    assert.deepEqual({ kty: license.keys[0].kty, kid: license.keys[0].kid }, { kty: 'oct', kid: kidB64 });
    const configuration = (await server.origin.kinora.catalog.getConfiguration('dash-cenc'))!;
    const key = await server.keys.keyFor(server.origin.assets.ladder, configuration, { spekeKeyProvider: builtin(clearKeySystems), scheme: 'cenc' });
    assert.equal(Buffer.from(license.keys[0].k, 'base64url').toString('hex'), hexFromBytes(key.key));
    // Players send the request as JSON or as raw bytes.
    assert.equal((await post(laurl, JSON.stringify({ kids: [kidB64] }), 'application/octet-stream')).status, 200);
    assert.equal((await post(laurl.replace(/\?token=.*/, ''), JSON.stringify({ kids: [kidB64] }))).status, 403);
    assert.equal((await post(laurl.replace(/token=([0-9]+)\./, 'token=$1.x'), JSON.stringify({ kids: [kidB64] }))).status, 403);
    assert.equal((await post(laurl, JSON.stringify({ kids: [Buffer.alloc(16, 9).toString('base64url')] }))).status, 404);
    assert.equal((await post(laurl, 'not json')).status, 422);
    assert.equal((await post(laurl, JSON.stringify({ kids: ['short'] }))).status, 422);
    assert.equal((await get(laurl)).status, 404, 'a license is POSTed');
    const preflight = await get(laurl, { method: 'OPTIONS' });
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('keys are per asset and configuration, the same for every request and after a restart', async () => {
    const kidOf = async (asset: string, config: string) => /cenc:default_KID="([0-9a-f-]{36})"/.exec((await get(server.urls[asset][config])).text)![1];
    const first = await kidOf('ladder', 'dash-cenc');
    assert.equal(await kidOf('ladder', 'dash-cenc'), first);
    assert.notEqual(await kidOf('multi', 'dash-cenc'), first);
    const cmafInit = await ok(`${base('ladder', 'cmaf-cbcs')}v1/init.mp4`);
    assert.notEqual(uuidFromBytes(readTenc(cmafInit, boxesOf(cmafInit, 'tenc')[0]).defaultKid), first);
    // A new key store on the same data dir (a restart) finds the same key.
    const restarted = openContentKeys({ dataDir: server.origin.kinora.config.dataDir, masterKey: 'a'.repeat(64) });
    const configuration = (await server.origin.kinora.catalog.getConfiguration('dash-cenc'))!;
    const key = await restarted.keyFor(server.origin.assets.ladder, configuration, { spekeKeyProvider: builtin(clearKeySystems), scheme: 'cenc' });
    await restarted.close();
    assert.equal(uuidFromBytes(key.kid), first);
  });
});

describe('CMAF cbcs and HLS AES-128', () => {
  test('CMAF: cbcs tenc (1:9 video, 0:0 audio, constant IV); identity and FairPlay EXT-X-KEY; FairPlay EXT-X-SESSION-KEY; subtitles clear', async () => {
    const video = await ok(`${base('multi', 'cmaf-cbcs')}v1/init.mp4`);
    const audio = await ok(`${base('multi', 'cmaf-cbcs')}a1/init.mp4`);
    const vt = readTenc(video, boxesOf(video, 'tenc')[0]);
    const at = readTenc(audio, boxesOf(audio, 'tenc')[0]);
    assert.deepEqual([vt.version, vt.defaultCryptByteBlock, vt.defaultSkipByteBlock, vt.defaultPerSampleIvSize, vt.defaultConstantIv?.byteLength], [1, 1, 9, 0, 16]);
    assert.deepEqual([at.defaultCryptByteBlock, at.defaultSkipByteBlock, at.defaultPerSampleIvSize], [0, 0, 0]);
    const kid = hexFromBytes(vt.defaultKid);
    const multivariant = (await get(`${base('multi', 'cmaf-cbcs')}index.m3u8`)).text;
    assert.match(multivariant, new RegExp(`#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://${kid}",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"`));
    const media = (await get(`${base('multi', 'cmaf-cbcs')}v1/media.m3u8`)).text;
    assert.match(media, new RegExp(`#EXT-X-MAP:URI="init.mp4"\\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\\.\\./key/${kid}\\.key\\?token=[0-9]+\\.[A-Za-z0-9_-]{22}",KEYFORMAT="identity",KEYFORMATVERSIONS="1"\\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://${kid}"`));
    const subtitles = (await get(`${base('multi', 'cmaf-cbcs')}t1/media.m3u8`)).text;
    assert.doesNotMatch(subtitles, /EXT-X-KEY/);
    assert.match(new TextDecoder().decode(await ok(`${base('multi', 'cmaf-cbcs')}t1/1.vtt`)), /^WEBVTT/);
    const segment = encryptedSamples(await ok(`${base('multi', 'cmaf-cbcs')}v1/1.m4s`), 0);
    assert.ok(segment.entries.every((e) => e.iv.byteLength === 0 && e.subsamples !== undefined));
  });

  test('an I-frame playlist of encrypted CMAF carries the media playlist\'s EXT-X-KEY with a fresh token (decryption: test/conformance/encryptedIframes.test.ts)', async () => {
    const media = (await get(`${base('ladder', 'cmaf-cbcs')}v1/media.m3u8`)).text;
    const iframes = (await get(`${base('ladder', 'cmaf-cbcs')}v1/iframes.m3u8`)).text;
    const keyLines = (text: string) => text.split('\n').filter((l) => l.startsWith('#EXT-X-KEY:')).map((l) => l.replace(/token=[^"]+/, 'token=T'));
    assert.ok(keyLines(media).length > 0);
    assert.deepEqual(keyLines(iframes), keyLines(media));
    assert.match(iframes, /#EXT-X-I-FRAMES-ONLY/);
  });

  test('HLS AES-128: one EXT-X-KEY, or one before every segment with repeatExtXKey (its own media playlists); the key URI gives the 16 key bytes', async () => {
    const multivariant = (await get(`${base('ladder', 'hls-aes')}index.m3u8`)).text;
    assert.match(multivariant, /v1\/media\.m3u8/);
    const repeat = (await get(`${base('ladder', 'hls-aes')}repeat.m3u8`)).text;
    assert.match(repeat, /v1\/media-repeat\.m3u8/);
    const once = (await get(`${base('ladder', 'hls-aes')}v1/media.m3u8`)).text;
    const every = (await get(`${base('ladder', 'hls-aes')}v1/media-repeat.m3u8`)).text;
    assert.equal(once.match(/#EXT-X-KEY/g)?.length, 1);
    assert.equal(every.match(/#EXT-X-KEY/g)?.length, every.match(/#EXTINF/g)?.length);
    const uri = /#EXT-X-KEY:METHOD=AES-128,URI="\.\.\/(key\/([0-9a-f]{32})\.key\?token=[^"]+)"\n/.exec(once)!;
    assert.ok(uri, once);
    const key = await get(`${base('ladder', 'hls-aes')}${uri[1]}`);
    assert.equal(key.status, 200);
    assert.equal(key.bytes.byteLength, 16);
    assert.equal(key.headers.get('cache-control'), 'private, no-store');
    assert.equal(key.headers.get('etag'), null);
    // Without the IV attribute, each segment's IV is its sequence number: segment 1 decrypts with IV 1.
    const segment = await ok(`${base('ladder', 'hls-aes')}v1/1.ts`);
    const { createDecipheriv } = await import('node:crypto');
    const decipher = createDecipheriv('aes-128-cbc', key.bytes, Buffer.from('00000000000000000000000000000001', 'hex'));
    const plain = Buffer.concat([decipher.update(segment), decipher.final()]);
    assert.deepEqual([plain[0], plain[188], plain.byteLength % 188], [0x47, 0x47, 0]);
  });

  test('a constant IV is written in EXT-X-KEY (ffmpeg decrypts every segment with it: test/conformance/encryption.test.ts)', async () => {
    const media = (await get(`${base('ladder', 'hls-aes-iv')}a1/media.m3u8`)).text;
    assert.match(media, /#EXT-X-KEY:METHOD=AES-128,URI="[^"]+",IV=0x000102030405060708090A0B0C0D0E0F\n/);
  });

  test('the key URI: 403 without a token, with a tampered or expired one; 404 for another key ID or a clear configuration', async () => {
    const once = (await get(`${base('ladder', 'hls-aes')}v1/media.m3u8`)).text;
    const [, path, kid] = /URI="\.\.\/(key\/([0-9a-f]{32})\.key\?token=[^"]+)"/.exec(once)!;
    const url = `${base('ladder', 'hls-aes')}${path}`;
    assert.equal((await get(url.replace(/\?.*/, ''))).status, 403);
    const [path0, token] = url.split('?token=');
    assert.equal((await get(`${path0}?token=${token.replace(/\.([A-Za-z0-9_-])/, '.A$1').slice(0, -1)}`)).status, 403, 'tampered');
    const expired = server.keys.tokens.sign(kid, Math.floor(Date.now() / 1000) - 1);
    assert.equal((await get(url.replace(/token=.*/, `token=${expired}`))).status, 403);
    const otherKid = 'f'.repeat(32);
    assert.equal((await get(`${base('ladder', 'hls-aes')}key/${otherKid}.key?token=${server.keys.tokens.sign(otherKid, 2_000_000_000)}`)).status, 404);
    assert.equal((await get(`${base('ladder', 'hls-ts')}key/${kid}.key?token=${server.keys.tokens.sign(kid, 2_000_000_000)}`)).status, 404);
  });
});

describe('fails closed', () => {
  const paths = ['index.mpd', 'v1/init.mp4', 'v1/1.m4s', 'a1/1.m4s'];

  test('a SPEKE key provider that refuses connections and a system the built-in store cannot serve: 502 KEY_PROVIDER_ERROR, no media', async () => {
    for (const config of ['dash-speke', 'dash-unknown-system']) {
      for (const path of paths) {
        const r = await get(`${base('ladder', config)}${path}`);
        assert.equal(r.status, 502, `${config}/${path}`);
        assert.equal(JSON.parse(r.text).code, 'KEY_PROVIDER_ERROR');
      }
    }
  });

  test('an origin without a key store serves no encrypted configuration', async () => {
    const bare = await startEncryptedOrigin({ fixtures: ['ladder'], configurations: { 'dash-cenc': configurations['dash-cenc'], 'hls-aes': configurations['hls-aes'] }, withKeys: false });
    try {
      const dash = base('ladder', 'dash-cenc', bare);
      for (const path of paths) assert.equal((await get(`${dash}${path}`)).status, 502, path);
      const hls = base('ladder', 'hls-aes', bare);
      for (const path of ['index.m3u8', 'v1/media.m3u8', 'v1/1.ts']) assert.equal(JSON.parse((await get(`${hls}${path}`)).text).code, 'KEY_PROVIDER_ERROR', path);
    } finally {
      await bare.close();
    }
  });

  test('HLS SAMPLE-AES with FairPlay requested: EXT-X-KEY METHOD=SAMPLE-AES with an skd:// URI and the IV (identity keys: test/conformance/sampleAes.test.ts)', async () => {
    const media = (await get(`${base('ladder', 'hls-sample-aes')}v1/media.m3u8`)).text;
    assert.match(media, /#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd:\/\/[0-9a-f]{32}",IV=0x[0-9A-Fa-f]{32},KEYFORMAT="com\.apple\.streamingkeydelivery",KEYFORMATVERSIONS="1"/);
    const segment = await get(`${base('ladder', 'hls-sample-aes')}v1/1.ts`);
    assert.equal(segment.status, 200);
  });
});
