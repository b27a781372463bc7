// HLS SAMPLE-AES (Apple's MPEG-2 stream encryption) checked by a decryptor we did not write:
// ffmpeg's HLS demuxer fetches the key from the tokenised EXT-X-KEY URI, decrypts the H.264
// slices and AAC frames of each TS segment (libavformat/hls_sample_encryption.c) and decodes
// them to exactly the frames of the clear HLS-TS output (framemd5), for every video rendition
// and the audio, muxed and in rendition groups. The ladder's slices include some with
// emulation prevention bytes, so the second layer of emulation prevention SAMPLE-AES adds over
// encrypted NAL units is exercised too. Without the key the segments do not decode to the
// clear frames, and the PMT says why: stream types 0xDB and 0xCF.
//
// One video frame per stream is left out of the comparison, the one of the last access unit in
// decode order: ffmpeg 5.1's HLS demuxer decrypts a packet with the key of the segment it is
// reading when the packet comes out, and the H.264 parser hands over the last access unit only
// at the end of the stream, when no segment is current any more, so that one reaches the decoder
// still encrypted (every other segment's last access unit comes out while the next segment is
// read, under the same key and IV, and is decrypted). Every frame but that one must match. The
// same holds for the last syncframe of AC-3 and E-AC-3 audio, which go through a parser too.
//
// Dolby audio: the `dolby` fixture's AC-3 and E-AC-3 renditions decrypt to the clear frames; their
// PMT entries (0xC1, 0xC2) carry audio setup information from which ffprobe names the codec.
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
import { readPmt } from '../../src/media/mp2t/readPmt.ts';
import { readTsPacketHeader } from '../../src/media/mp2t/readTsPacketHeader.ts';
import { tsSegmentPids } from '../../src/media/mp2t/tsSegmentPids.ts';
import { demuxTransportStream } from '../../src/media/mp2t/demuxTransportStream.ts';
import { readAc3FrameHeader } from '../../src/media/codecs/ac3/readAc3FrameHeader.ts';
import type { Ac3FrameHeader } from '../../src/media/codecs/ac3/Ac3FrameHeader.ts';

const run = promisify(execFile);
const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const configurations: Record<string, PackageSettings> = {
  'hls-sample-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES' } } },
  'hls-sample-aes-groups': {
    hlsPackage: {
      hlsManifests: [{ repeatExtXKey: true }],
      segmentDurationSeconds: 6,
      useAudioRenditionGroup: true,
      encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES', constantInitializationVector: '0123456789abcdef0123456789abcdef' },
    },
  },
};

let server: EncryptedOrigin;
let work: string;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder', 'hevc', 'dolby'], configurations });
  work = mkdtempSync(join(tmpdir(), 'kinora-sample-aes-'));
});
after(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function baseOf(url: string): string {
  return url.slice(0, url.lastIndexOf('/') + 1);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: HTTP ${r.status} ${r.status === 200 ? '' : await r.text()}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** framemd5 of one stream of an HLS playlist, as ffmpeg's HLS demuxer fetches (and decrypts) it. */
async function hlsFrames(url: string, stream: string): Promise<string> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', url, '-map', `0:${stream}`, '-f', 'framemd5', '-'], { maxBuffer: 64 << 20 });
  return stdout;
}

function frameLines(framemd5: string): string[] {
  return framemd5.split('\n').filter((l) => /^[0-9]/.test(l));
}

function frameCount(framemd5: string): number {
  return frameLines(framemd5).length;
}

/** The frames (all but `skip`, see above) are the clear ones; a short message names the first that are not. */
function assertSameFrames(actual: string, expected: string, what: string, skip?: number): void {
  const a = frameLines(actual);
  const e = frameLines(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} frames, expected ${e.length}`);
  const different = e.flatMap((line, i) => (a[i] === line || i === skip ? [] : [i]));
  assert.deepEqual(different.slice(0, 5), [], `${what}: ${different.length} of ${e.length} frames differ from the clear output, first: ${different.slice(0, 5).map((i) => `\n  got ${a[i]}\n  not ${e[i]}`).join('')}`);
}

/**
 * The output (presentation order) index of the frame of a video stream's last access unit in
 * decode order: the video track of the stream's dimensions, and how many of its samples are
 * presented before that one.
 */
async function lastAccessUnitFrame(framemd5: string): Promise<number> {
  const [, width, height] = /^#dimensions 0: ([0-9]+)x([0-9]+)$/m.exec(framemd5)!.map(Number);
  const { presentation } = await server.origin.kinora.packager.plan(server.origin.assets.ladder, 6);
  const timeline = presentation.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.kind === 'video' && t.track.width === width && t.track.height === height)!;
  const times: number[] = [];
  for (const segment of timeline.segments) {
    const { samples } = await server.origin.kinora.packager.readSegment(server.origin.assets.ladder, 6, timeline.track.id, segment.number);
    for (const sample of samples) times.push(sample.decodeTime + sample.compositionOffset);
  }
  const last = times[times.length - 1];
  return times.filter((t) => t < last).length;
}

describe('ffmpeg decrypts SAMPLE-AES HLS-TS to the clear frames', { concurrency: 2 }, () => {
  for (const [encrypted, clear, streams] of [
    ['hls-sample-aes', 'hls-ts', ['v:0', 'v:1', 'v:2', 'a:0']],
    ['hls-sample-aes-groups', 'hls-ts-groups', ['v:0', 'a:0']],
  ] as const) {
    it(`${encrypted} decodes as ${clear}: ${streams.join(', ')}`, async () => {
      for (const stream of streams) {
        const expected = await hlsFrames(server.urls.ladder[clear], stream);
        assert.ok(frameCount(expected) > 100, `${clear} ${stream} has frames`);
        assertSameFrames(await hlsFrames(server.urls.ladder[encrypted], stream), expected, `${encrypted} ${stream}`, stream.startsWith('v') ? await lastAccessUnitFrame(expected) : undefined);
      }
    });
  }

  it('the ladder has slices with emulation prevention bytes, so the double escaping is exercised', async () => {
    const { presentation } = await server.origin.kinora.packager.plan(server.origin.assets.ladder, 6);
    let escaped = 0;
    for (const track of ['v1', 'v2', 'v3']) {
      const count = presentation.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.id === track)!.segments.length;
      for (let n = 1; n <= count; n++) {
        const { samples } = await server.origin.kinora.packager.readSegment(server.origin.assets.ladder, 6, track, n);
        for (const { data } of samples) {
          const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
          for (let at = 0; at < data.byteLength; at += 4 + view.getUint32(at)) {
            const nal = data.subarray(at + 4, at + 4 + view.getUint32(at));
            const type = nal[0] & 0x1f;
            if ((type !== 1 && type !== 5) || nal.byteLength <= 48) continue;
            if (nal.some((b, i) => b === 3 && i >= 2 && nal[i - 1] === 0 && nal[i - 2] === 0)) escaped++;
          }
        }
      }
    }
    assert.ok(escaped > 0, 'no encrypted slice of the ladder has an emulation prevention byte');
  });

  it('without the key a segment does not decode to the clear frames; its PMT signals SAMPLE-AES', async () => {
    const encrypted = await fetchBytes(`${baseOf(server.urls.ladder['hls-sample-aes'])}v1/1.ts`);
    const clear = await fetchBytes(`${baseOf(server.urls.ladder['hls-ts'])}v1/1.ts`);
    const files = [join(work, 'encrypted.ts'), join(work, 'clear.ts')];
    writeFileSync(files[0], encrypted);
    writeFileSync(files[1], clear);
    const decode = async (file: string) => {
      try {
        return (await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 64 << 20 })).stdout;
      } catch (e) {
        return `ffmpeg failed: ${(e as { stderr?: string }).stderr ?? e}`;
      }
    };
    const expected = await decode(files[1]);
    assert.ok(frameCount(expected) > 100);
    assert.notEqual(await decode(files[0]), expected, 'the encrypted segment decodes as the clear one without its key');
    assert.deepEqual(pmtStreamTypes(encrypted), [0xdb, 0xcf]);
    assert.deepEqual(pmtStreamTypes(clear), [0x1b, 0x0f]);
  });

  it('media playlists carry EXT-X-KEY METHOD=SAMPLE-AES with its IV and KEYFORMAT identity (version 5)', async () => {
    const base = baseOf(server.urls.ladder['hls-sample-aes-groups']);
    for (const track of ['v1', 'a1']) {
      const playlist = await (await fetch(`${base}${track}/media-index.m3u8`)).text();
      assert.match(playlist, /^#EXT-X-VERSION:5$/m);
      const keys = playlist.match(/^#EXT-X-KEY:.*$/gm) ?? [];
      assert.ok(keys.length > 1);
      assert.equal(keys.length, (playlist.match(/^#EXTINF/gm) ?? []).length, 'repeatExtXKey: one EXT-X-KEY per segment');
      assert.match(keys[0] ?? '', /^#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\.\.\/key\/[0-9a-f]{32}\.key\?token=[0-9]+\.[A-Za-z0-9_-]{22}",IV=0x0123456789ABCDEF0123456789ABCDEF,KEYFORMAT="identity",KEYFORMATVERSIONS="1"$/);
    }
  });

  it('H.265 is not SAMPLE-AES for TS: 501 naming the track, never clear segments', async () => {
    const base = baseOf(server.urls.hevc['hls-sample-aes']);
    for (const path of ['v1/media.m3u8', 'v1/1.ts']) {
      const r = await fetch(`${base}${path}`);
      const body = await r.text();
      assert.equal(r.status, 501, `${path}: ${body}`);
      assert.equal(JSON.parse(body).code, 'FORMAT_NOT_SUPPORTED');
      assert.match(JSON.parse(body).message, /track v1: HLS SAMPLE-AES in MPEG-TS covers H\.264 video and AAC, AC-3 and E-AC-3 audio, found H\.265/);
    }
  });

  it('Dolby audio (dolby: AC-3 2.0 and E-AC-3 5.1 renditions): ffmpeg decrypts each to the clear frames; PMT 0xC1 / 0xC2 with audio setup information', async () => {
    const encrypted = server.urls.dolby['hls-sample-aes-groups'];
    const clear = server.urls.dolby['hls-ts-groups'];
    const mv = await (await fetch(encrypted)).text();
    // The renditions in source order: a1 AAC, a2 AC-3, a3 E-AC-3 (each its own media playlist).
    for (const [track, codec, streamType] of [['a2', 'ac3', 0xc1], ['a3', 'eac3', 0xc2]] as const) {
      assert.match(mv, new RegExp(`URI="${track}/media-index\\.m3u8"`));
      const url = (base: string) => new URL(`${track}/media${base === clear ? '' : '-index'}.m3u8`, base).href;
      const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', url(encrypted)])).stdout).streams;
      assert.equal(probe[0].codec_name, codec, `ffprobe names ${track} ${codec} from the SAMPLE-AES stream type`);
      const expected = await hlsFrames(url(clear), 'a:0');
      assert.ok(frameCount(expected) > 100, `${track} has frames`);
      // ffmpeg's AC-3 parser also hands over the stream's last syncframe at its end, after the last segment: that one frame is left out (see above).
      assertSameFrames(await hlsFrames(url(encrypted), 'a:0'), expected, `${track} ${codec}`, frameCount(expected) - 1);
      const segment = await fetchBytes(new URL(`${track}/1.ts`, encrypted).href);
      assert.deepEqual(pmtStreamTypes(segment), [streamType]);
      if (codec === 'ac3') {
        // The AC-3 setup data is rebuilt from dac3: it reads as the stream's real syncframes do (ffmpeg does not read it from TS).
        const setup = pmtAudioSetup(segment);
        assert.equal(new TextDecoder().decode(setup.subarray(0, 4)), 'zac3');
        const first = await readClearAc3Frame(new URL(`${track}/1.ts`, clear).href);
        const pick = ({ kind, fscod, frmsizecod, bsid, bsmod, acmod, lfeon, sampleRate, bitRate }: Ac3FrameHeader) => ({ kind, fscod, frmsizecod, bsid, bsmod, acmod, lfeon, sampleRate, bitRate });
        assert.deepEqual(pick(readAc3FrameHeader(setup.subarray(8), 0)), pick(first));
      }
      assert.notDeepEqual(segment, await fetchBytes(new URL(`${track}/1.ts`, clear).href), 'the frames are encrypted');
    }
  });
});

/** The audio setup information of the first stream of a segment's PMT (the registration descriptor's bytes after 'apad'). */
function pmtAudioSetup(ts: Uint8Array): Uint8Array {
  const [stream] = readPmt(ts.subarray(188 + 5 + ts[188 + 4], 376)).streams;
  const info = stream.esInfo;
  for (let at = 0; at + 2 <= info.byteLength; at += 2 + info[at + 1]) {
    if (info[at] === 0x05) return info.subarray(at + 2 + 4, at + 2 + info[at + 1]);
  }
  throw new Error('no registration descriptor');
}

/** The header of the first AC-3 syncframe of a clear TS segment (demuxed by Kinora's reader). */
async function readClearAc3Frame(url: string): Promise<Ac3FrameHeader> {
  const bytes = await fetchBytes(url);
  const demuxed = demuxTransportStream(bytes);
  const pes = demuxed.pes.find((p) => p.data.byteLength > 0)!;
  return readAc3FrameHeader(pes.data, 0);
}

/** stream_type of each elementary stream of the PMT that opens a segment (its second packet, after the PAT). */
function pmtStreamTypes(ts: Uint8Array): number[] {
  assert.equal(readTsPacketHeader(ts, 188).pid, tsSegmentPids.pmt);
  // 4-byte packet header, no adaptation field, then pointer_field.
  return readPmt(ts.subarray(188 + 5 + ts[188 + 4], 376)).streams.map((s) => s.streamType);
}
