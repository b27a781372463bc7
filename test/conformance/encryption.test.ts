// Encrypted output checked by a tool we did not write. ffmpeg decrypts each `cenc` (DASH) and
// `cbcs` (CMAF) init segment + media segment with -decryption_key, and the decoded frames hash
// (framemd5) exactly as the same segment of the clear configuration does; without the key
// they do not. ffmpeg plays the AES-128 HLS-TS output, fetching the key from the tokenised key
// URI itself, frame for frame as the clear HLS-TS. The slice header lengths the subsample maps
// keep clear equal the ones ffmpeg's trace_headers parses, for H.264 and H.265.
//
// Segments are decrypted one at a time: ffmpeg 5.1 loses its place in the per-fragment sample
// encryption index after the first fragment of a multi-fragment file ("subsample size exceeds
// the packet size left", fixed in later ffmpeg), so init + one segment is the reliable unit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { readAvcSliceParameters, measureAvcSliceHeaderBits } from '../../src/media/cenc/avcSliceHeader.ts';
import { readHevcSliceParameters, measureHevcSliceHeaderBits } from '../../src/media/cenc/hevcSliceHeader.ts';

const run = promisify(execFile);
const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const configurations: Record<string, PackageSettings> = {
  'dash-cenc': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.clearKey, systemIds.common, systemIds.widevine]) } } },
  'dash-clear': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6 } },
  'cmaf-cbcs': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.clearKey]) } } },
  'cmaf-clear': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 6 } },
  'cmaf-cbcs-inband': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, includeEncoderConfigurationInSegments: true, encryption: { spekeKeyProvider: builtin([systemIds.clearKey]) } } },
  'cmaf-clear-inband': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, includeEncoderConfigurationInSegments: true } },
  'hls-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]) } } },
  'hls-aes-civ': {
    hlsPackage: {
      hlsManifests: [{ repeatExtXKey: true }],
      segmentDurationSeconds: 6,
      useAudioRenditionGroup: true,
      encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'AES_128', constantInitializationVector: '0123456789abcdef0123456789abcdef' },
    },
  },
};

let server: EncryptedOrigin;
let work: string;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder', 'hevc'], configurations });
  work = mkdtempSync(join(tmpdir(), 'kinora-encryption-'));
});
after(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: HTTP ${r.status} ${r.status === 200 ? '' : await r.text()}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** The content key of an asset under an encrypted configuration, in hex, as -decryption_key takes it. */
async function keyHex(asset: string, configurationId: string): Promise<string> {
  const configuration = (await server.origin.kinora.catalog.getConfiguration(configurationId))!;
  const settings = Object.values(configurations[configurationId])[0] as { encryption: { spekeKeyProvider: SpekeKeyProvider } };
  const key = await server.keys.keyFor(server.origin.assets[asset], configuration, { spekeKeyProvider: settings.encryption.spekeKeyProvider, scheme: 'cenc' });
  return hexFromBytes(key.key);
}

let files = 0;
/** framemd5 of init + one segment, decrypted with `key` when given; ffmpeg's errors when it cannot decode. */
async function frames(base: string, track: string, segment: number, key?: string): Promise<string> {
  const file = join(work, `${files++}.mp4`);
  writeFileSync(file, Buffer.concat([await fetchBytes(`${base}${track}/init.mp4`), await fetchBytes(`${base}${track}/${segment}.m4s`)]));
  try {
    const { stdout } = await run('ffmpeg', ['-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file, '-f', 'framemd5', '-'], { maxBuffer: 32 << 20 });
    return stdout;
  } catch (e) {
    return `ffmpeg failed: ${(e as { stderr?: string }).stderr ?? e}`;
  }
}

function baseOf(url: string): string {
  return url.slice(0, url.lastIndexOf('/') + 1);
}

const fmp4Cases = [
  { asset: 'ladder', encrypted: 'dash-cenc', clear: 'dash-clear', tracks: ['v1', 'v3', 'a1'] },
  { asset: 'ladder', encrypted: 'cmaf-cbcs', clear: 'cmaf-clear', tracks: ['v1', 'v3', 'a1'] },
  { asset: 'ladder', encrypted: 'cmaf-cbcs-inband', clear: 'cmaf-clear-inband', tracks: ['v2'] },
  { asset: 'hevc', encrypted: 'dash-cenc', clear: 'dash-clear', tracks: ['v1', 'a1'] },
  { asset: 'hevc', encrypted: 'cmaf-cbcs', clear: 'cmaf-clear', tracks: ['v1'] },
];

describe('ffmpeg decrypts cenc and cbcs segments to the clear frames', { concurrency: 2 }, () => {
  for (const c of fmp4Cases) {
    it(`${c.asset} as ${c.encrypted}: ${c.tracks.join(', ')}`, async () => {
      const encrypted = baseOf(server.urls[c.asset][c.encrypted]);
      const clear = baseOf(server.urls[c.asset][c.clear]);
      const key = await keyHex(c.asset, c.encrypted);
      const { presentation } = await server.origin.kinora.packager.plan(server.origin.assets[c.asset], 6);
      for (const track of c.tracks) {
        const count = presentation.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.id === track)!.segments.length;
        assert.ok(count >= 2, `${track} has ${count} segments`);
        for (let n = 1; n <= count; n++) {
          const expected = await frames(clear, track, n);
          assert.match(expected, /^0,/m, `clear ${track}/${n} decodes`);
          assert.equal(await frames(encrypted, track, n, key), expected, `${c.asset} ${c.encrypted} ${track}/${n} decrypted`);
        }
        // The key matters: without it the frames are not the clear ones.
        assert.notEqual(await frames(encrypted, track, 1), await frames(clear, track, 1), `${track}/1 decodes without the key`);
      }
    });
  }

  it('a clip of encrypted DASH decrypts to the clear clip', async () => {
    const encrypted = `${baseOf(server.urls.ladder['dash-cenc'])}clip/6100-18000/`;
    const clear = `${baseOf(server.urls.ladder['dash-clear'])}clip/6100-18000/`;
    const key = await keyHex('ladder', 'dash-cenc');
    for (const track of ['v1', 'a1']) {
      for (const n of [1, 2]) assert.equal(await frames(encrypted, track, n, key), await frames(clear, track, n), `clip ${track}/${n}`);
    }
  });
});

/** framemd5 of one stream of an HLS playlist, as ffmpeg's HLS demuxer fetches and decrypts it. */
async function hlsFrames(url: string, stream: string): Promise<string> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', url, '-map', `0:${stream}`, '-f', 'framemd5', '-'], { maxBuffer: 32 << 20 });
  return stdout;
}

describe('ffmpeg plays AES-128 HLS-TS, fetching the key itself', { concurrency: 2 }, () => {
  for (const [encrypted, clear] of [
    ['hls-aes', 'hls-ts'],
    ['hls-aes-civ', 'hls-ts-groups'],
  ] as const) {
    it(`${encrypted} (video and audio) decodes as ${clear}`, async () => {
      for (const stream of ['v:0', 'a:0']) {
        const expected = await hlsFrames(server.urls.ladder[clear], stream);
        assert.ok(expected.split('\n').filter((l) => /^[0-9]/.test(l)).length > 100, `${clear} ${stream} has frames`);
        assert.equal(await hlsFrames(server.urls.ladder[encrypted], stream), expected, `${encrypted} ${stream}`);
      }
    });
  }

  it('a TS segment is not MPEG-TS without the key', async () => {
    const bytes = await fetchBytes(`${baseOf(server.urls.ladder['hls-aes'])}v1/1.ts`);
    assert.equal(bytes.byteLength % 16, 0, 'AES-128 with PKCS#7 padding is whole blocks');
    assert.ok(!(bytes[0] === 0x47 && bytes[188] === 0x47), 'the segment still has TS sync bytes: not encrypted');
  });
});

/** Per coded slice in decode order: the header length in bits ffmpeg's trace_headers reports (RBSP bits from the NAL header on). */
async function tracedSliceHeaderBits(file: string, codec: 'avc' | 'hevc'): Promise<number[]> {
  const { stderr } = await run('ffmpeg', ['-v', 'info', '-i', file, '-map', '0:v', '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'], { maxBuffer: 256 << 20 });
  const sizes: number[] = [];
  let current: { end: number; aligned?: number } | undefined;
  const close = () => {
    if (current) sizes.push(codec === 'avc' ? (current.aligned ?? current.end) : current.end);
    current = undefined;
  };
  for (const line of stderr.split('\n')) {
    const title = /\] ([A-Za-z][A-Za-z ]+)$/.exec(line);
    if (title) {
      close();
      if (title[1] === 'Slice Header' || title[1] === 'Slice Segment Header') current = { end: 0 };
      continue;
    }
    const element = /\] ([0-9]+)\s+([A-Za-z0-9_[\]]+)\s+([01]+) = /.exec(line);
    if (!element || !current) continue;
    const position = Number(element[1]);
    // H.264 CABAC slice data starts with cabac_alignment_one_bits: they follow the header.
    if (element[2] === 'cabac_alignment_one_bit') current.aligned ??= position;
    else current.end = position + element[3].length;
  }
  close();
  return sizes;
}

describe('slice header lengths match ffmpeg trace_headers', () => {
  for (const [asset, codec] of [
    ['ladder', 'avc'],
    ['hevc', 'hevc'],
  ] as const) {
    it(`${codec}: every slice of the first two segments`, async () => {
      const origin = server.origin;
      const packager = origin.kinora.packager;
      const clear = baseOf(server.urls[asset]['cmaf-clear']);
      const ours: number[] = [];
      const parts: Uint8Array[] = [await fetchBytes(`${clear}v1/init.mp4`)];
      for (const n of [1, 2]) {
        parts.push(await fetchBytes(`${clear}v1/${n}.m4s`));
        const segment = await packager.readSegment(origin.assets[asset], 6, 'v1', n);
        const config = segment.track.config as { codec: 'avc' | 'hevc'; sps: Uint8Array[]; pps: Uint8Array[] };
        const parameters = codec === 'avc' ? readAvcSliceParameters(config) : readHevcSliceParameters(config);
        for (const sample of segment.samples) {
          const view = new DataView(sample.data.buffer, sample.data.byteOffset, sample.data.byteLength);
          for (let at = 0; at < sample.data.byteLength; at += 4 + view.getUint32(at)) {
            const nal = sample.data.subarray(at + 4, at + 4 + view.getUint32(at));
            const type = codec === 'avc' ? nal[0] & 0x1f : (nal[0] >> 1) & 0x3f;
            const slice = codec === 'avc' ? type === 1 || type === 5 : type <= 9 || (type >= 16 && type <= 21);
            if (!slice) continue;
            ours.push(codec === 'avc' ? measureAvcSliceHeaderBits(nal, parameters as never) : measureHevcSliceHeaderBits(nal, parameters as never));
          }
        }
      }
      const file = join(work, `${asset}-slices.mp4`);
      writeFileSync(file, Buffer.concat(parts));
      const traced = await tracedSliceHeaderBits(file, codec);
      assert.ok(ours.length > 100, `${ours.length} slices`);
      assert.deepEqual(ours, traced);
    });
  }
});
