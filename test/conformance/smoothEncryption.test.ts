// Smooth Streaming with PlayReady, checked by a tool we did not write: ffmpeg decrypts each
// PIFF-encrypted fragment with -decryption_key and decodes exactly the frames (framemd5) of the
// same fragment of the clear Smooth configuration; without the key it does not.
//
// As test/conformance/smooth.test.ts does, each fragment goes behind the track's CMAF header: here
// the encrypted one (encv/enca, tenc with 8-byte IVs, the PlayReady pssh) a Smooth client builds
// from the manifest's ProtectionHeader. A Smooth client also turns PIFF's SampleEncryptionBox
// (uuid A2394F52-...) into `senc` with saiz/saio before its decryptor sees the fragment (dash.js's
// MssFragmentMoofProcessor: "convert sepiff box into a senc box, create saio and saiz boxes"), and
// so does this test, because ffmpeg 5.1 does not read the PIFF box (ffprobe -v trace lists it as a
// plain `uuid`, and ffmpeg then decrypts every sample whole from a zero IV); the sample payloads are
// passed on untouched. The clear fragments go through the same rewrite, so both sides have the same
// timestamps. One fragment at a time (ffmpeg 5.1 loses its place in the sample encryption index
// after the first fragment of a multi-fragment file; see test/conformance/encryption.test.ts).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { readPlayReadyObject } from '../../src/media/cenc/readPlayReadyObject.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';
import { iterateBoxes } from '../../src/media/isobmff/iterateBoxes.ts';
import { readTrun } from '../../src/media/isobmff/boxes/trun.ts';
import { isTfxd, readTfxd } from '../../src/media/isobmff/boxes/tfxd.ts';
import { writeMediaSegment } from '../../src/media/isobmff/writeMediaSegment.ts';
import { writeEncryptedMediaSegment } from '../../src/media/cenc/writeEncryptedMediaSegment.ts';
import type { Sample } from '../../src/media/model/Sample.ts';
import type { SampleEncryption } from '../../src/media/cenc/SampleEncryption.ts';
import { readPiffSampleEncryption } from '../../src/media/mss/readPiffSampleEncryption.ts';
import { PIFF_SAMPLE_ENCRYPTION_UUID } from '../../src/media/mss/writePiffSampleEncryption.ts';
import { planEncryption } from '../../src/packaging/planEncryption.ts';
import { smoothRecipe } from '../../src/packaging/smoothRecipe.ts';
import { outputOf } from '../../src/origin/outputOf.ts';

const run = promisify(execFile);
const playReady = { spekeKeyProvider: { url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: [systemIds.playReady] } };
const configurations: Record<string, PackageSettings> = {
  'mss-playready': { mssPackage: { mssManifests: [{}], segmentDurationSeconds: 2, encryption: playReady } },
  'mss-clear': { mssPackage: { mssManifests: [{}], segmentDurationSeconds: 2 } },
};
/** Fragments checked per quality level (each is one ffmpeg run with the key, one without, one clear). */
const FRAGMENTS = 3;

let server: EncryptedOrigin;
let index: SourceIndex;
let work: string;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder'], configurations });
  index = readSourceIndex((await server.origin.kinora.catalog.getAssetIndex('ladder'))!);
  work = mkdtempSync(join(tmpdir(), 'kinora-mss-drm-'));
});
after(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  return new Uint8Array(await r.arrayBuffer());
}

/**
 * A Smooth fragment as a Smooth client hands it to its decoder: the same sample payloads in a
 * CMAF fragment, with tfdt from the TfxdBox and, when encrypted, PIFF's entries as senc/saiz/saio.
 */
function asCmafFragment(fragment: Uint8Array): { bytes: Uint8Array; entries?: SampleEncryption[] } {
  const moof = [...iterateBoxes(fragment)].find((b) => b.type === 'moof')!;
  const traf = [...iterateBoxes(fragment, moof.contentStart, moof.end)].find((b) => b.type === 'traf')!;
  const children = [...iterateBoxes(fragment, traf.contentStart, traf.end)];
  const trun = readTrun(fragment, children.find((b) => b.type === 'trun')!);
  const time = readTfxd(fragment, children.find((b) => isTfxd(fragment, b))!).fragmentAbsoluteTime;
  const piff = children.find((b) => b.type === 'uuid' && fragment.subarray(b.contentStart - 16, b.contentStart).every((x, i) => x === PIFF_SAMPLE_ENCRYPTION_UUID[i]));
  let at = moof.start + trun.dataOffset!;
  let decodeTime = time;
  const samples: Sample[] = trun.samples.map((s, i) => {
    const sample = { decodeTime, compositionOffset: s.compositionOffset ?? 0, duration: s.duration!, isSync: i === 0 || ((s.flags ?? 0) & 0x10000) === 0, data: fragment.slice(at, at + s.size!) };
    at += s.size!;
    decodeTime += s.duration!;
    return sample;
  });
  if (!piff) return { bytes: writeMediaSegment({ sequenceNumber: 1, baseMediaDecodeTime: time, samples }) };
  const entries = readPiffSampleEncryption(fragment, piff, 8);
  return { bytes: writeEncryptedMediaSegment({ sequenceNumber: 1, baseMediaDecodeTime: time, samples, encryption: entries }), entries };
}

let files = 0;
async function frames(parts: Uint8Array[], key?: string): Promise<string> {
  const file = join(work, `${files++}.mp4`);
  writeFileSync(file, Buffer.concat(parts));
  try {
    const { stdout, stderr } = await run('ffmpeg', ['-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file, '-f', 'framemd5', '-'], { maxBuffer: 32 << 20 });
    return stderr.trim() === '' ? stdout : `ffmpeg errors: ${stderr}`;
  } catch (e) {
    return `ffmpeg failed: ${(e as { stderr?: string }).stderr ?? e}`;
  }
}

it('ffmpeg decrypts every PlayReady quality level, fragment by fragment, to the clear frames; not without the key', async () => {
  const manifestUrl = server.urls.ladder['mss-playready'];
  const clearUrl = server.urls.ladder['mss-clear'];
  const manifest = await (await fetch(manifestUrl)).text();
  const header = /<ProtectionHeader SystemID="9A04F079-9840-4286-AB92-E65BE0885F95">([^<]+)</.exec(manifest);
  assert.ok(header, manifest);
  const [kid] = readPlayReadyObject(new Uint8Array(Buffer.from(header[1], 'base64'))).kids;
  const configuration = (await server.origin.kinora.catalog.getConfiguration('mss-playready'))!;
  const plan = (await planEncryption({ keys: server.keys, asset: server.origin.assets.ladder, configuration, encryption: outputOf(configuration).encryption }))!;
  assert.equal(hexFromBytes(plan.keys[0].kid), hexFromBytes(kid), 'the manifest names the content key');
  const key = hexFromBytes(plan.keys[0].key);
  const recipe = plan.smoothRecipe({});
  let checked = 0;
  for (const [, type, name, body] of manifest.matchAll(/<StreamIndex Type="(video|audio)" Name="([^"]+)"[^>]*>([\s\S]*?)<\/StreamIndex>/g)) {
    const times = [...body.matchAll(/<c t="(\d+)"/g)].map((m) => m[1]).slice(0, FRAGMENTS);
    const bitrates = [...body.matchAll(/<QualityLevel Index="(\d+)" Bitrate="(\d+)"/g)].map((m) => m[2]);
    const tracks = index.tracks.filter((t) => t.track.kind === type);
    assert.equal(bitrates.length, tracks.length);
    for (const [level, bitrate] of bitrates.entries()) {
      const track = tracks[level].track;
      const init = recipe.init(track);
      const clearInit = smoothRecipe.init(track);
      for (const t of times) {
        const path = `QualityLevels(${bitrate})/Fragments(${name}=${t})`;
        const encrypted = asCmafFragment(await fetchBytes(manifestUrl.replace(/Manifest$/, path)));
        assert.ok(encrypted.entries, `${path} carries a PIFF SampleEncryptionBox`);
        assert.ok(encrypted.entries.every((e) => e.iv.byteLength === 8), 'PIFF IVs are 8 bytes');
        const clear = asCmafFragment(await fetchBytes(clearUrl.replace(/Manifest$/, path)));
        const expected = await frames([clearInit, clear.bytes]);
        assert.match(expected, /^0,/m, `${path}: the clear fragment decodes`);
        assert.equal(await frames([init, encrypted.bytes], key), expected, `${path} with the key`);
        assert.notEqual(await frames([init, encrypted.bytes], '00'.repeat(16)), expected, `${path} with another key`);
        checked++;
      }
    }
  }
  assert.equal(checked, index.tracks.filter((t) => t.track.kind !== 'text').length * FRAGMENTS);
});
