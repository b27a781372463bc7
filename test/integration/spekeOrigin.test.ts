/**
 * A whole Kinora server whose packaging configurations name a SPEKE key
 * provider: its own built-in SPEKE server (`/speke/v1`, `/speke/v2`, SigV4
 * service `speke`, the role ARN mapped to Kinora's access key in
 * `<data>/speke-credentials.json`), reached over HTTP by its SPEKE client.
 *
 * - DASH (SPEKE v1, ClearKey + PlayReady), CMAF (SPEKE v2 with an
 *   UNENCRYPTED audio preset), DASH (SPEKE v2, one key for video and one for
 *   audio), Smooth PlayReady and HLS-TS AES-128: the key in every init
 *   segment, manifest and key URI is one the SPEKE server holds for the
 *   asset's resourceId, and the segments decrypt with it to exactly the
 *   clear configuration's samples.
 * - A key provider that fails: 502 KEY_PROVIDER_ERROR on every request, no
 *   media bytes, and one MediaPackage KeyProviderError event through the
 *   server's event sink.
 * - Keys are fetched at ingest: the endpoint of a configuration whose key
 *   provider fails is FAILED with the reason (the others PLAYABLE), gets a
 *   KeyProviderError event and no VodAssetPlayable; when the provider is back,
 *   the next request plays and the endpoint is PLAYABLE again.
 * - After a restart the same keys serve, without asking the SPEKE server again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createCipheriv } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { answerCpixRequest } from '../../src/keys/speke/answerCpixRequest.ts';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { readPlayReadyObject } from '../../src/media/cenc/readPlayReadyObject.ts';
import { iterateBoxes } from '../../src/media/isobmff/iterateBoxes.ts';
import type { BoxHeader } from '../../src/media/isobmff/BoxHeader.ts';
import { readTenc } from '../../src/media/isobmff/boxes/tenc.ts';
import { readTrun } from '../../src/media/isobmff/boxes/trun.ts';
import { readSenc } from '../../src/media/isobmff/boxes/senc.ts';
import { readPiffSampleEncryption } from '../../src/media/mss/readPiffSampleEncryption.ts';
import { PIFF_SAMPLE_ENCRYPTION_UUID } from '../../src/media/mss/writePiffSampleEncryption.ts';
import type { SampleEncryption } from '../../src/media/cenc/SampleEncryption.ts';

const ROLE = 'arn:aws:iam::111122223333:role/kinora-speke';
let dataDir: string;
/** The server listens on the same port across restarts: configurations (immutable) name its SPEKE URL. */
let port: number;
/** A port nothing listens on: a key provider that refuses connections. */
let deadPort: number;
let server: KinoraServer;
let events: MemoryEventSink;
/** configuration id -> manifest URL of the asset. */
let urls: Record<string, string>;
/** What the first server (the one that ingested `movie`) emitted. */
let ingestEvents: MemoryEventSink['events'];

const speke = (version: 1 | 2, ids: string[], presets?: { presetSpeke20Video: string; presetSpeke20Audio: string }) => ({
  spekeKeyProvider: { url: `${server.url}/speke/v${version}`, roleArn: ROLE, systemIds: ids, ...(presets ? { encryptionContractConfiguration: presets } : {}) },
});

/** Starts the server; its SPEKE requests are signed with its own access key, or with a wrong secret when `signable` is false. */
async function start(options: { signable?: boolean } = {}): Promise<void> {
  events = new MemoryEventSink();
  // No failure hold: a provider that comes back serves the next request (the hold is tested with a clock in test/unit/cenc/keys.test.ts).
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, host: '127.0.0.1', port, segmentCacheBytes: 0, keyFailureHoldMs: 0 }, accessLog: () => {}, events });
  // Kinora has no IAM: the configuration's role ARN names the credentials that sign SPEKE requests.
  const credentials = { ...server.accessKey.key, ...(options.signable === false ? { secretAccessKey: 'not-the-secret' } : {}), service: 'speke' };
  writeFileSync(join(dataDir, 'speke-credentials.json'), JSON.stringify({ [ROLE]: credentials }), { mode: 0o600 });
  if (!(await server.kinora.catalog.getAsset('movie'))) return;
  const asset = (await server.control.describeAsset('movie')) as { egressEndpoints: { packagingConfigurationId: string; url: string }[] };
  urls = Object.fromEntries(asset.egressEndpoints.map((e) => [e.packagingConfigurationId, e.url]));
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-speke-origin-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  [port, deadPort] = [await freePort(), await freePort()];
  await start();
  await server.control.createPackagingGroup({ id: 'drm' });
  const configurations: Record<string, object> = {
    'dash-v1': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: speke(1, [systemIds.clearKey, systemIds.playReady]) } },
    'dash-v2': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: speke(2, [systemIds.clearKey, systemIds.widevine], { presetSpeke20Video: 'PRESET-VIDEO-1', presetSpeke20Audio: 'PRESET-AUDIO-1' }) } },
    'cmaf-v2': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: speke(2, [systemIds.fairPlay], { presetSpeke20Video: 'PRESET-VIDEO-3', presetSpeke20Audio: 'UNENCRYPTED' }) } },
    'mss-playready': { mssPackage: { mssManifests: [{}], segmentDurationSeconds: 2, encryption: speke(1, [systemIds.playReady]) } },
    'hls-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { ...speke(1, [systemIds.aes128]), encryptionMethod: 'AES_128' } } },
    'dash-broken': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: { url: `http://127.0.0.1:${deadPort}/speke/v1`, roleArn: ROLE, systemIds: [systemIds.clearKey] } } } },
    'dash-clear': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6 } },
    'mss-clear': { mssPackage: { mssManifests: [{}], segmentDurationSeconds: 2 } },
  };
  for (const [id, settings] of Object.entries(configurations)) await server.control.createPackagingConfiguration({ id, packagingGroupId: 'drm', ...settings });
  await server.control.createAsset({ id: 'movie', packagingGroupId: 'drm', resourceId: 'movie-42', sourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', sourceRoleArn: ROLE });
  await server.ingest.idle();
  ingestEvents = events.events;
  await server.close();
  await start();
});

/** A TCP port free right now (listened on, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = (config: string) => urls[config].slice(0, urls[config].lastIndexOf('/') + 1);

async function get(url: string, init?: RequestInit): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  // A kept-alive connection to the server before its restart may be the one fetch picks: once more on a new one.
  const r = await fetch(url, init).catch(() => fetch(url, init));
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, bytes, text: new TextDecoder().decode(bytes) };
}

async function ok(url: string): Promise<Uint8Array> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 300)}`);
  return r.bytes;
}

/** The key the SPEKE server holds for the asset's content ID (its resourceId) and a key ID. */
async function serverKey(kidHex: string): Promise<Uint8Array> {
  const stored = await server.kinora.keys!.store!.get(`speke-server/movie-42/${kidHex}`);
  assert.ok(stored, `the SPEKE server has no key ${kidHex} for content movie-42`);
  return stored.key;
}

function find(bytes: Uint8Array, path: string[], start = 0, end = bytes.byteLength): BoxHeader | undefined {
  for (const box of iterateBoxes(bytes, start, end)) {
    if (box.type !== path[0]) continue;
    if (path.length === 1) return box;
    const skip = box.type === 'stsd' ? 8 : box.type === 'encv' ? 78 : box.type === 'enca' ? 28 : 0;
    const inner = find(bytes, path.slice(1), box.contentStart + skip, box.end);
    if (inner) return inner;
  }
  return undefined;
}

/** default_KID of an init segment's tenc, or undefined when the track is clear. */
function tencKid(init: Uint8Array, kind: 'encv' | 'enca'): string | undefined {
  const tenc = find(init, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', kind, 'sinf', 'schi', 'tenc']);
  return tenc && hexFromBytes(readTenc(init, tenc).defaultKid);
}

/** The samples of a one-traf fragment, decrypted with AES-CTR from the entries' IVs (8 or 16 bytes) when `key` is given. */
function samplesOf(fragment: Uint8Array, options: { key?: Uint8Array; entries?: (traf: BoxHeader) => SampleEncryption[] } = {}): Uint8Array[] {
  const moof = [...iterateBoxes(fragment)].find((b) => b.type === 'moof')!;
  const traf = find(fragment, ['traf'], moof.contentStart, moof.end)!;
  const trun = readTrun(fragment, find(fragment, ['trun'], traf.contentStart, traf.end)!);
  const entries = options.entries?.(traf);
  let at = moof.start + trun.dataOffset!;
  return trun.samples.map((s, i) => {
    const data = fragment.slice(at, at + s.size!);
    at += s.size!;
    if (!options.key || !entries) return data;
    const counter = new Uint8Array(16);
    counter.set(entries[i].iv);
    const cipher = createCipheriv('aes-128-ctr', options.key, counter);
    let offset = 0;
    for (const sub of entries[i].subsamples ?? [{ clearBytes: 0, protectedBytes: data.byteLength }]) {
      offset += sub.clearBytes;
      data.set(cipher.update(data.subarray(offset, offset + sub.protectedBytes)), offset);
      offset += sub.protectedBytes;
    }
    return data;
  });
}

describe('SPEKE-keyed output', () => {
  test('DASH, SPEKE v1: one key, the SPEKE server\'s for the resourceId, in the MPD, the PlayReady header and tenc; segments decrypt to the clear samples', async () => {
    const mpd = new TextDecoder().decode(await ok(urls['dash-v1']));
    const defaultKids = [...mpd.matchAll(/cenc:default_KID="([0-9a-f-]{36})"/g)].map((m) => m[1].replace(/-/g, ''));
    assert.ok(defaultKids.length >= 2);
    assert.equal(new Set(defaultKids).size, 1, 'SPEKE v1: one key');
    const kid = defaultKids[0];
    const key = await serverKey(kid);
    assert.match(mpd, /xmlns:mspr="urn:microsoft:playready"/);
    const pro = /schemeIdUri="urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95" value="MSPR 2.0">\s*<mspr:pro>([^<]+)<\/mspr:pro>\s*<cenc:pssh>/.exec(mpd);
    assert.ok(pro, mpd);
    assert.deepEqual(readPlayReadyObject(new Uint8Array(Buffer.from(pro[1], 'base64'))).kids.map(hexFromBytes), [kid]);
    for (const track of ['v1', 'a1']) {
      const init = await ok(`${base('dash-v1')}${track}/init.mp4`);
      assert.equal(tencKid(init, track === 'v1' ? 'encv' : 'enca'), kid, track);
      const encrypted = await ok(`${base('dash-v1')}${track}/1.m4s`);
      const clear = samplesOf(await ok(`${base('dash-clear')}${track}/1.m4s`));
      const decrypted = samplesOf(encrypted, { key, entries: (traf) => readSenc(encrypted, find(encrypted, ['senc'], traf.contentStart, traf.end)!, 16) });
      assert.notDeepEqual(samplesOf(encrypted), clear, `${track} is encrypted`);
      assert.deepEqual(decrypted, clear, `${track} decrypts with the SPEKE server's key`);
    }
  });

  test('DASH, SPEKE v2 PRESET-VIDEO-1 + PRESET-AUDIO-1: a video key and an audio key, both the server\'s; one license URL gives both', async () => {
    const mpd = new TextDecoder().decode(await ok(urls['dash-v2']));
    const video = tencKid(await ok(`${base('dash-v2')}v1/init.mp4`), 'encv')!;
    const audio = tencKid(await ok(`${base('dash-v2')}a1/init.mp4`), 'enca')!;
    assert.notEqual(video, audio);
    await serverKey(video);
    await serverKey(audio);
    const license = /<dashif:Laurl>([^<]+)<\/dashif:Laurl>/.exec(mpd)![1].replace(/&amp;/g, '&');
    const kids = [video, audio].map((k) => Buffer.from(k, 'hex').toString('base64url'));
    const r = await get(license, { method: 'POST', body: JSON.stringify({ kids, type: 'temporary' }) });
    assert.equal(r.status, 200, r.text);
    const keys = (JSON.parse(r.text) as { keys: { kid: string; k: string }[] }).keys;
    assert.deepEqual(
      keys.map((k) => [Buffer.from(k.kid, 'base64url').toString('hex'), Buffer.from(k.k, 'base64url').toString('hex')]),
      [[video, hexFromBytes(await serverKey(video))], [audio, hexFromBytes(await serverKey(audio))]],
    );
  });

  test('CMAF, SPEKE v2 with UNENCRYPTED audio: video encrypted with the server\'s key and its FairPlay URI; audio clear, with no EXT-X-KEY', async () => {
    const kid = tencKid(await ok(`${base('cmaf-v2')}v1/init.mp4`), 'encv')!;
    await serverKey(kid);
    const videoPlaylist = new TextDecoder().decode(await ok(`${base('cmaf-v2')}v1/media.m3u8`));
    assert.match(videoPlaylist, new RegExp(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://${kid}",KEYFORMAT="com.apple.streamingkeydelivery"`));
    const audioInit = await ok(`${base('cmaf-v2')}a1/init.mp4`);
    assert.equal(find(audioInit, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'enca']), undefined, 'audio is clear');
    assert.doesNotMatch(new TextDecoder().decode(await ok(`${base('cmaf-v2')}a1/media.m3u8`)), /EXT-X-KEY/);
  });

  test('Smooth PlayReady: ProtectionHeader with the server\'s KID; PIFF fragments decrypt with its key to the clear fragments\' samples', async () => {
    const manifest = new TextDecoder().decode(await ok(urls['mss-playready']));
    const header = /<Protection>\s*<ProtectionHeader SystemID="9A04F079-9840-4286-AB92-E65BE0885F95">([^<]+)<\/ProtectionHeader>\s*<\/Protection>/.exec(manifest);
    assert.ok(header, manifest);
    const [kid] = readPlayReadyObject(new Uint8Array(Buffer.from(header[1], 'base64'))).kids;
    const key = await serverKey(hexFromBytes(kid));
    const clearManifest = new TextDecoder().decode(await ok(urls['mss-clear']));
    for (const [stream, type] of [['video', 'video'], ['audio', 'audio']] as const) {
      const [, bitrate, time] = new RegExp(`<StreamIndex Type="${type}"[^]*?<QualityLevel Index="0" Bitrate="(\\d+)"[^]*?<c t="(\\d+)"`).exec(manifest)!;
      assert.deepEqual(new RegExp(`<StreamIndex Type="${type}"[^]*?<QualityLevel Index="0" Bitrate="(\\d+)"[^]*?<c t="(\\d+)"`).exec(clearManifest)!.slice(1), [bitrate, time]);
      const path = `QualityLevels(${bitrate})/Fragments(${stream}=${time})`;
      const fragment = await ok(urls['mss-playready'].replace(/Manifest$/, path));
      const clear = samplesOf(await ok(urls['mss-clear'].replace(/Manifest$/, path)));
      const piff = (traf: BoxHeader) => {
        const box = [...iterateBoxes(fragment, traf.contentStart, traf.end)].find((b) => b.type === 'uuid' && fragment.subarray(b.contentStart - 16, b.contentStart).every((x, i) => x === PIFF_SAMPLE_ENCRYPTION_UUID[i]));
        assert.ok(box, 'the traf has a PIFF SampleEncryptionBox');
        return readPiffSampleEncryption(fragment, box, 8);
      };
      assert.notDeepEqual(samplesOf(fragment), clear);
      assert.deepEqual(samplesOf(fragment, { key, entries: piff }), clear, `${stream} decrypts with the SPEKE server's key`);
    }
  });

  test('HLS-TS AES-128: EXT-X-KEY is Kinora\'s tokenised key URI, and it serves the SPEKE server\'s key', async () => {
    const playlist = new TextDecoder().decode(await ok(`${base('hls-aes')}v1/media.m3u8`));
    const uri = /#EXT-X-KEY:METHOD=AES-128,URI="\.\.\/(key\/([0-9a-f]{32})\.key\?token=[^"]+)"/.exec(playlist);
    assert.ok(uri, playlist);
    assert.deepEqual(await ok(`${base('hls-aes')}${uri[1]}`), await serverKey(uri[2]));
  });
});

describe('a failing key provider', () => {
  test('502 KEY_PROVIDER_ERROR for every request, no media, and one KeyProviderError event', async () => {
    for (const path of ['index.mpd', 'v1/init.mp4', 'v1/1.m4s', 'a1/1.m4s', 'index.mpd']) {
      const r = await get(`${base('dash-broken')}${path}`);
      assert.equal(r.status, 502, path);
      assert.equal(JSON.parse(r.text).code, 'KEY_PROVIDER_ERROR', path);
    }
    const failures = events.events.filter((e) => e['detail-type'] === 'MediaPackage Key Provider Notification');
    assert.equal(failures.length, 1, JSON.stringify(failures));
    const [event] = failures;
    assert.equal(event.source, 'aws.mediapackage');
    assert.equal(event.detail.event, 'KeyProviderError');
    assert.equal(event.detail.packaging_configuration_id, 'dash-broken');
    assert.match(String(event.detail.message), new RegExp(`http://127\\.0\\.0\\.1:${deadPort}/speke/v1 .*'movie'.*'dash-broken'.*ECONNREFUSED`));
    assert.deepEqual(event.resources, [(await server.kinora.catalog.getAsset('movie'))!.arn, (await server.kinora.catalog.getConfiguration('dash-broken'))!.arn]);
  });
});

type Endpoint = { packagingConfigurationId: string; url: string; status: string; statusReason?: string };
const endpointsOf = async (assetId: string) => ((await server.control.describeAsset(assetId)) as { egressEndpoints: Endpoint[] }).egressEndpoints;

describe('keys fetched at ingest', () => {
  test('the failing configuration\'s endpoint is FAILED with the reason; it alone has a KeyProviderError and no VodAssetPlayable', async () => {
    const endpoints = await endpointsOf('movie');
    const broken = endpoints.find((e) => e.packagingConfigurationId === 'dash-broken')!;
    assert.equal(broken.status, 'FAILED');
    assert.match(broken.statusReason!, new RegExp(`^KEY_PROVIDER_ERROR: .*127\\.0\\.0\\.1:${deadPort}/speke/v1.*ECONNREFUSED`));
    for (const e of endpoints.filter((x) => x.packagingConfigurationId !== 'dash-broken')) assert.deepEqual([e.packagingConfigurationId, e.status, e.statusReason], [e.packagingConfigurationId, 'PLAYABLE', undefined]);
    const playable = ingestEvents.filter((e) => e.detail.event === 'VodAssetPlayable').map((e) => e.detail.packaging_configuration_id).sort();
    assert.deepEqual(playable, ['cmaf-v2', 'dash-clear', 'dash-v1', 'dash-v2', 'hls-aes', 'mss-clear', 'mss-playready']);
    const keyErrors = ingestEvents.filter((e) => e.detail.event === 'KeyProviderError');
    assert.deepEqual(keyErrors.map((e) => e.detail.packaging_configuration_id), ['dash-broken']);
    const order = ingestEvents.map((e) => e.detail.event);
    assert.ok(order.indexOf('KeyProviderError') < order.indexOf('IngestComplete'), `keys are asked before the asset is playable: ${order.join(', ')}`);
  });

  test('a key provider that comes back: 502 while it fails, then the endpoint plays and is PLAYABLE again', async () => {
    const key = new Uint8Array(16).fill(0x24);
    let up = false;
    let asked = 0;
    const flaky = createHttpServer((request, response) => {
      asked++;
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', async () => {
        if (!up) return void response.writeHead(500).end('key server down');
        const body = await answerCpixRequest(Buffer.concat(chunks).toString('utf8'), { version: 1, keyOf: async () => key });
        response.writeHead(200, { 'content-type': 'application/xml' }).end(body);
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const flakyPort = (flaky.address() as { port: number }).port;
      await server.control.createPackagingConfiguration({
        id: 'dash-flaky',
        packagingGroupId: 'drm',
        dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: { url: `http://127.0.0.1:${flakyPort}/speke`, roleArn: ROLE, systemIds: [systemIds.clearKey] } } },
      });
      await server.control.createAsset({ id: 'movie-2', packagingGroupId: 'drm', sourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', sourceRoleArn: ROLE });
      await server.ingest.idle();
      const failed = (await endpointsOf('movie-2')).find((e) => e.packagingConfigurationId === 'dash-flaky')!;
      assert.equal(failed.status, 'FAILED');
      assert.match(failed.statusReason!, /^KEY_PROVIDER_ERROR: .*HTTP 500/);
      assert.ok(asked >= 1, 'the key provider was asked at ingest');
      assert.deepEqual(
        events.events.filter((e) => e.detail.event === 'KeyProviderError' && e.detail.packaging_configuration_id === 'dash-flaky').map((e) => e.resources[0]),
        [(await server.kinora.catalog.getAsset('movie-2'))!.arn],
      );
      assert.ok(!events.events.some((e) => e.detail.event === 'VodAssetPlayable' && e.detail.packaging_configuration_id === 'dash-flaky'));
      const down = await get(failed.url);
      assert.equal(down.status, 502);
      assert.equal(JSON.parse(down.text).code, 'KEY_PROVIDER_ERROR');

      up = true;
      const mpd = new TextDecoder().decode(await ok(failed.url));
      const kid = /cenc:default_KID="([0-9a-f-]{36})"/.exec(mpd)?.[1].replaceAll('-', '');
      assert.ok(kid, 'the MPD signals the key the provider gave');
      const init = await ok(`${failed.url.slice(0, failed.url.lastIndexOf('/') + 1)}v1/init.mp4`);
      assert.equal(tencKid(init, 'encv'), kid);
      let healed: Endpoint | undefined;
      for (let i = 0; i < 50 && healed?.status !== 'PLAYABLE'; i++) {
        healed = (await endpointsOf('movie-2')).find((e) => e.packagingConfigurationId === 'dash-flaky');
        if (healed?.status !== 'PLAYABLE') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual([healed!.status, healed!.statusReason], ['PLAYABLE', undefined]);
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  });
});

describe('after a restart', () => {
  test('the same keys serve, without asking the SPEKE server again', async () => {
    const before = tencKid(await ok(`${base('dash-v1')}v1/init.mp4`), 'encv');
    const beforeSmooth = /<ProtectionHeader[^>]*>([^<]+)</.exec(new TextDecoder().decode(await ok(urls['mss-playready'])))![1];
    await server.close();
    // Restarted with credentials the SPEKE server refuses: only keys kept from before can serve.
    await start({ signable: false });
    assert.equal(tencKid(await ok(`${base('dash-v1')}v1/init.mp4`), 'encv'), before);
    assert.equal(/<ProtectionHeader[^>]*>([^<]+)</.exec(new TextDecoder().decode(await ok(urls['mss-playready'])))![1], beforeSmooth);
    assert.equal(events.events.length, 0, 'no key provider failed');
    // A configuration whose keys were never fetched does ask, and is refused: the credentials really are wrong.
    await server.control.createPackagingConfiguration({ id: 'dash-new', packagingGroupId: 'drm', dashPackage: { dashManifests: [{}], encryption: speke(1, [systemIds.clearKey]) } });
    const fresh = ((await server.control.describeAsset('movie')) as { egressEndpoints: { packagingConfigurationId: string; url: string }[] }).egressEndpoints.find((e) => e.packagingConfigurationId === 'dash-new')!;
    const refused = await get(fresh.url);
    assert.equal(refused.status, 502);
    assert.match(JSON.parse(refused.text).message, /HTTP 403/);
  });
});
