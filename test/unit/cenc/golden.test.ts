// Golden dumps of encrypted output for a fixed key, key ID and IV: the init segment's protection
// boxes (encv/enca, sinf, frma, schm, tenc, pssh), a segment's senc/saiz/saio with the mdat
// hash, and the manifest signalling (MPD ContentProtection, HLS EXT-X-KEY). The media is a
// synthetic H.264 + AAC track pair, so the bytes depend on nothing outside this file.
// Regenerate with KINORA_UPDATE_GOLDENS=1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptedFmp4Recipe } from '../../../src/packaging/recipes.ts';
import type { FragmentEncryption } from '../../../src/packaging/FragmentEncryption.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { counterBlock } from '../../../src/media/cenc/counterBlock.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { writeWidevinePsshData } from '../../../src/media/cenc/writeWidevinePsshData.ts';
import { psshBytes } from '../../../src/media/isobmff/boxes/pssh.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import type { BoxHeader } from '../../../src/media/isobmff/BoxHeader.ts';
import { describeTenc, readTenc } from '../../../src/media/isobmff/boxes/tenc.ts';
import { describePssh, readPssh } from '../../../src/media/isobmff/boxes/pssh.ts';
import { describeSenc, inferSencIvSize, readSenc } from '../../../src/media/isobmff/boxes/senc.ts';
import { describeSaiz, readSaiz } from '../../../src/media/isobmff/boxes/saiz.ts';
import { describeSaio, readSaio } from '../../../src/media/isobmff/boxes/saio.ts';
import { describeFrma, readFrma } from '../../../src/media/isobmff/boxes/frma.ts';
import { describeSchm, readSchm } from '../../../src/media/isobmff/boxes/schm.ts';
import { describeTrun, readTrun } from '../../../src/media/isobmff/boxes/trun.ts';
import { describeMdat } from '../../../src/media/isobmff/boxes/mdat.ts';
import { readVisualSampleEntry } from '../../../src/media/isobmff/boxes/visualSampleEntry.ts';
import { readAudioSampleEntry } from '../../../src/media/isobmff/boxes/audioSampleEntry.ts';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import { writeMediaPlaylist } from '../../../src/media/hls/writeMediaPlaylist.ts';
import { writeMultivariantPlaylist } from '../../../src/media/hls/writeMultivariantPlaylist.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import type { Sample } from '../../../src/media/model/Sample.ts';
import { audioSamples, audioTrack, videoSamples, videoTrack } from './support/syntheticAvc.ts';

const kid = bytesFromHex('00112233445566778899aabbccddeeff');
const key = bytesFromHex('000102030405060708090a0b0c0d0e0f');
const constantIv = bytesFromHex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
const commonPssh = { version: 1, systemId: bytesFromHex(systemIds.common), kids: [kid], data: new Uint8Array(0) };
const widevinePssh = { version: 0, systemId: bytesFromHex(systemIds.widevine), kids: [], data: writeWidevinePsshData([kid], 'cenc') };

const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl', 'mvex', 'moof', 'traf', 'sinf', 'schi']);

/** One line per box, indented by depth, with the fields of the protection boxes, trun samples and the mdat hash. */
function dump(bytes: Uint8Array, start = 0, end = bytes.byteLength, depth = 0, lines: string[] = []): string[] {
  for (const box of iterateBoxes(bytes, start, end)) {
    const [text, children] = describe(bytes, box);
    const [first, ...rest] = text.split('\n');
    lines.push(`${'  '.repeat(depth)}${box.type}${first ? ` ${first}` : ''}`);
    for (const line of rest) lines.push(`${'  '.repeat(depth)}${line}`);
    if (children >= 0) dump(bytes, children, box.end, depth + 1, lines);
  }
  return lines;
}

function describe(bytes: Uint8Array, box: BoxHeader): [string, number] {
  if (containers.has(box.type)) return ['', box.contentStart];
  switch (box.type) {
    case 'stsd':
      return ['', box.contentStart + 8];
    case 'encv':
      return ['', readVisualSampleEntry(bytes, box).childrenStart];
    case 'enca':
      return ['', readAudioSampleEntry(bytes, box).childrenStart];
    case 'tenc':
      return [describeTenc(readTenc(bytes, box)), -1];
    case 'pssh':
      return [describePssh(readPssh(bytes, box)), -1];
    case 'senc':
      return [describeSenc(readSenc(bytes, box, inferSencIvSize(bytes, box))), -1];
    case 'saiz':
      return [describeSaiz(readSaiz(bytes, box)), -1];
    case 'saio':
      return [describeSaio(readSaio(bytes, box)), -1];
    case 'frma':
      return [describeFrma(readFrma(bytes, box)), -1];
    case 'schm':
      return [describeSchm(readSchm(bytes, box)), -1];
    case 'trun':
      return [describeTrun(readTrun(bytes, box)), -1];
    case 'mdat':
      return [describeMdat(bytes, box), -1];
    default:
      return [`size=${box.size}`, -1];
  }
}

function matchesGolden(name: string, text: string): void {
  const golden = join(import.meta.dirname, 'golden', name);
  if (process.env.KINORA_UPDATE_GOLDENS === '1') writeFileSync(golden, text);
  assert.ok(existsSync(golden), `golden ${golden} is missing; run with KINORA_UPDATE_GOLDENS=1 to create it`);
  assert.equal(text, readFileSync(golden, 'utf8'), `${name} differs from its golden (KINORA_UPDATE_GOLDENS=1 regenerates it)`);
}

function packaged(e: FragmentEncryption, track: Track, samples: Sample[]): { init: Uint8Array; segment: Uint8Array } {
  const recipe = encryptedFmp4Recipe(e, { parameterSetsInBand: false });
  let segment = { track, number: 1, baseMediaDecodeTime: samples[0].decodeTime, samples };
  for (const transform of recipe.transforms) segment = transform(segment);
  return { init: recipe.init(track), segment: recipe.write(segment) };
}

const schemes: Record<string, FragmentEncryption> = {
  cenc: { scheme: 'cenc', keyOf: () => ({ kid, key, pssh: [commonPssh, widevinePssh] }), cipher: NodeBlockCipher },
  cbcs: { scheme: 'cbcs', keyOf: () => ({ kid, key, pssh: [commonPssh] }), constantIv, cipher: NodeBlockCipher },
};

for (const [name, e] of Object.entries(schemes)) {
  test(`${name}: init and segment protection boxes of a video and an audio track`, () => {
    for (const [track, samples] of [
      [videoTrack, videoSamples()],
      [audioTrack, audioSamples()],
    ] as const) {
      const { init, segment } = packaged(e, track, samples);
      matchesGolden(`${name}-${track.id}-init.txt`, `${dump(init).join('\n')}\n`);
      matchesGolden(`${name}-${track.id}-segment.txt`, `${dump(segment).join('\n')}\n`);
      // saio points at the first senc entry, counted from the moof.
      const moof = [...iterateBoxes(segment)].find((b) => b.type === 'moof')!;
      const traf = [...iterateBoxes(segment, moof.contentStart, moof.end)].find((b) => b.type === 'traf')!;
      const children = [...iterateBoxes(segment, traf.contentStart, traf.end)];
      const senc = children.find((b) => b.type === 'senc')!;
      assert.deepEqual(readSaio(segment, children.find((b) => b.type === 'saio')!).offsets, [senc.contentStart + 8 - moof.start]);
    }
  });
}

test('cenc segments decrypt back to the clear samples (CTR round trip through the written senc)', () => {
  const samples = videoSamples();
  const { segment } = packaged(schemes.cenc, videoTrack, videoSamples());
  const moof = [...iterateBoxes(segment)].find((b) => b.type === 'moof')!;
  const traf = [...iterateBoxes(segment, moof.contentStart, moof.end)].find((b) => b.type === 'traf')!;
  const children = [...iterateBoxes(segment, traf.contentStart, traf.end)];
  const trun = readTrun(segment, children.find((b) => b.type === 'trun')!);
  const entries = readSenc(segment, children.find((b) => b.type === 'senc')!, 16);
  let at = moof.start + trun.dataOffset!;
  trun.samples.forEach((s, i) => {
    const data = segment.subarray(at, at + s.size!);
    at += s.size!;
    const clear = new Uint8Array(data);
    let offset = 0;
    let blocks = 0;
    for (const sub of entries[i].subsamples!) {
      offset += sub.clearBytes;
      clear.set(NodeBlockCipher.aesCtr(key, counterBlock(entries[i].iv, blocks), data.subarray(offset, offset + sub.protectedBytes)), offset);
      blocks += sub.protectedBytes / 16;
      offset += sub.protectedBytes;
    }
    assert.deepEqual(clear, samples[i].data, `sample ${i}`);
    assert.notDeepEqual(data, samples[i].data, `sample ${i} is encrypted`);
  });
});

test('manifest signalling: MPD ContentProtection and HLS EXT-X-KEY / EXT-X-SESSION-KEY', () => {
  const presentation = {
    durationSeconds: 4,
    switchingSets: [
      { id: 'video', kind: 'video' as const, tracks: [{ track: videoTrack, segments: [{ number: 1, startTime: 0, duration: 360000 }] }] },
      { id: 'audio', kind: 'audio' as const, language: 'en', tracks: [{ track: audioTrack, segments: [{ number: 1, startTime: 0, duration: 192000 }] }] },
    ],
  };
  const mpd = writeMpd(presentation, {
    segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
    initializationTemplate: '$RepresentationID$/init.mp4',
    mediaTemplate: '$RepresentationID$/$Number$.m4s',
    contentProtection: {
      scheme: 'cenc',
      defaultKid: kid,
      systems: [
        { systemId: systemIds.clearKey, value: 'ClearKey1.0', licenseUrl: 'https://origin.example/out/v1/g/c/a/license/clearkey?token=1700000000.abc&x=1' },
        { systemId: systemIds.common, pssh: psshBytes(commonPssh) },
        { systemId: systemIds.widevine, pssh: psshBytes(widevinePssh) },
      ],
    },
  });
  matchesGolden('signalling-index.mpd', mpd);
  const aes = writeMediaPlaylist(presentation.switchingSets[0].tracks[0], {
    segmentUri: (n) => `${n}.ts`,
    keys: { tags: [{ method: 'AES-128', uri: '../key/00112233445566778899aabbccddeeff.key?token=1700000000.abc', iv: constantIv }], repeat: true },
  });
  matchesGolden('signalling-aes128-media.m3u8', aes);
  const cbcs = writeMediaPlaylist(presentation.switchingSets[0].tracks[0], {
    initUri: 'init.mp4',
    segmentUri: (n) => `${n}.m4s`,
    keys: {
      tags: [
        { method: 'SAMPLE-AES', uri: '../key/00112233445566778899aabbccddeeff.key?token=1700000000.abc', keyFormat: 'identity', keyFormatVersions: '1' },
        { method: 'SAMPLE-AES', uri: 'skd://00112233445566778899aabbccddeeff', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' },
      ],
    },
  });
  matchesGolden('signalling-cbcs-media.m3u8', cbcs);
  const multivariant = writeMultivariantPlaylist(presentation, {
    mediaPlaylistUri: (id) => `${id}/media.m3u8`,
    sessionKeys: [{ method: 'SAMPLE-AES', uri: 'skd://00112233445566778899aabbccddeeff', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' }],
  });
  matchesGolden('signalling-fairplay-index.m3u8', multivariant);
});
