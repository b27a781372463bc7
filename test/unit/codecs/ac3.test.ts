import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BitWriter } from '../../../src/media/bytes/BitWriter.ts';
import { ac3FrameSize } from '../../../src/media/codecs/ac3/ac3FrameSize.ts';
import { readAc3FrameHeader } from '../../../src/media/codecs/ac3/readAc3FrameHeader.ts';
import { readAc3Frames } from '../../../src/media/codecs/ac3/readAc3Frames.ts';
import { readAc3Samples } from '../../../src/media/codecs/ac3/readAc3Samples.ts';
import { chanLocOfChanmap } from '../../../src/media/codecs/ac3/chanLocOfChanmap.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { ensureFixture } from '../../../scripts/fixtures.ts';
import { generateMedia } from '../../support/generateMedia.ts';

/** The PES payloads of the first segment of one audio rendition of the `dolby` fixture. */
let pes: { ac3: Uint8Array[]; eac3: Uint8Array[] };
before(async () => {
  const dir = dirname(await ensureFixture('dolby'));
  const payloads = (name: string) => demuxTransportStream(new Uint8Array(readFileSync(join(dir, `dolby_${name}_00000.ts`)))).pes.map((p) => p.data);
  pes = { ac3: payloads('ac3'), eac3: payloads('eac3') };
});

/** A handmade AC-3 syncframe (A/52 5.3): 48 kHz, frmsizecod 0 (32 kbit/s, 128 bytes), stereo, body zero. */
function ac3Frame(options: { frmsizecod?: number; bsmod?: number } = {}): Uint8Array {
  const frmsizecod = options.frmsizecod ?? 0;
  const w = new BitWriter().bits(16, 0x0b77).bits(16, 0); // syncword, crc1
  w.bits(2, 0).bits(6, frmsizecod).bits(5, 8).bits(3, options.bsmod ?? 0); // fscod 48 kHz, frmsizecod, bsid 8, bsmod
  w.bits(3, 2).bits(2, 0).bits(1, 0); // acmod 2/0, dsurmod, lfeon
  const frame = new Uint8Array(ac3FrameSize(0, frmsizecod)!);
  frame.set(w.finish());
  return frame;
}

/** A handmade E-AC-3 syncframe (A/52 Annex E E.1.2): 48 kHz, bsid 16, body zero. */
function eac3Frame(options: { strmtyp?: number; substreamid?: number; numblkscod?: number; acmod?: number; lfeon?: number; bytes?: number; chanmap?: number } = {}): Uint8Array {
  const bytes = options.bytes ?? 64;
  const acmod = options.acmod ?? 2;
  const strmtyp = options.strmtyp ?? 0;
  const w = new BitWriter().bits(16, 0x0b77);
  w.bits(2, strmtyp).bits(3, options.substreamid ?? 0).bits(11, bytes / 2 - 1); // strmtyp, substreamid, frmsiz
  w.bits(2, 0).bits(2, options.numblkscod ?? 3).bits(3, acmod).bits(1, options.lfeon ?? 0).bits(5, 16); // fscod, numblkscod, acmod, lfeon, bsid
  w.bits(5, 27).bits(1, 0); // dialnorm, compre
  if (acmod === 0) w.bits(5, 27).bits(1, 0); // dialnorm2, compr2e
  if (strmtyp === 1) {
    w.bits(1, options.chanmap === undefined ? 0 : 1); // chanmape
    if (options.chanmap !== undefined) w.bits(16, options.chanmap);
  }
  w.bits(1, 0).bits(1, 0); // mixmdate, infomdate
  const frame = new Uint8Array(bytes);
  frame.set(w.finish());
  return frame;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

test('ac3FrameSize follows A/52 Table 5.18, with the 44.1 kHz padding word on odd frmsizecod', () => {
  // 32 kbit/s: 64 words at 48 kHz, 69/70 at 44.1 kHz, 96 at 32 kHz; 640 kbit/s: 1280, 1393/1394, 1920.
  assert.deepEqual([ac3FrameSize(0, 0), ac3FrameSize(1, 0), ac3FrameSize(1, 1), ac3FrameSize(2, 0)], [128, 138, 140, 192]);
  assert.deepEqual([ac3FrameSize(0, 37), ac3FrameSize(1, 36), ac3FrameSize(1, 37), ac3FrameSize(2, 37)], [2560, 2786, 2788, 3840]);
  assert.equal(ac3FrameSize(0, 20), 768); // 192 kbit/s at 48 kHz, the fixture's AC-3
  assert.equal(ac3FrameSize(3, 0), undefined); // fscod 3 is reserved
  assert.equal(ac3FrameSize(0, 38), undefined);
});

test('readAc3FrameHeader reads the fixture\'s AC-3 syncframes (ffmpeg ac3, 192 kbit/s stereo)', () => {
  const frames = readAc3Frames(pes.ac3[0]);
  assert.equal(frames.length, 3, 'ffmpeg puts three 768-byte frames in each PES');
  assert.deepEqual(frames[0].header, {
    kind: 'ac3', frameSize: 768, fscod: 0, sampleRate: 48000, bsid: 8, bsmod: 0, acmod: 2, lfeon: 0, frmsizecod: 20,
    strmtyp: 0, substreamid: 0, blocks: 6, bitRate: 192000,
  });
  assert.deepEqual([frames[1].data.byteOffset - frames[0].data.byteOffset, frames[1].data[0], frames[1].data[1]], [768, 0x0b, 0x77]);
});

test('readAc3FrameHeader reads the fixture\'s E-AC-3 syncframes (ffmpeg eac3, 256 kbit/s 5.1)', () => {
  const frames = readAc3Frames(pes.eac3[0]);
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0].header, {
    kind: 'eac3', frameSize: 1024, fscod: 0, sampleRate: 48000, bsid: 16, bsmod: 0, acmod: 7, lfeon: 1,
    strmtyp: 0, substreamid: 0, blocks: 6, bitRate: 256000,
  });
});

test('readAc3FrameHeader walks E-AC-3 mixing metadata to the informational bsmod (ffmpeg eac3 with downmix levels)', () => {
  // ffmpeg writes mixmdate (dmixmod, Lt/Rt and Lo/Ro centre and surround levels, lfemixlevcode)
  // and then infomdate with bsmod 2 (visually impaired) for these options.
  const dir = generateMedia([
    '-f', 'lavfi', '-i', 'aevalsrc=sin(2*PI*330*t)|sin(2*PI*440*t)|sin(2*PI*550*t)|0.5*sin(2*PI*60*t)|sin(2*PI*660*t)|sin(2*PI*770*t):s=48000:c=5.1:d=0.2',
    '-c:a', 'eac3', '-b:a', '384k', '-audio_service_type', 'vi', '-dmix_mode', 'ltrt',
    '-ltrt_cmixlev', '0.5', '-loro_cmixlev', '0.5', '-ltrt_surmixlev', '0.5', '-loro_surmixlev', '0.5', '-f', 'eac3', 'out.eac3',
  ]);
  const bytes = new Uint8Array(readFileSync(join(dir, 'out.eac3')));
  const [first] = readAc3Frames(bytes);
  assert.deepEqual([first.header.kind, first.header.acmod, first.header.lfeon, first.header.frameSize, first.header.bsmod], ['eac3', 7, 1, 1536, 2]);
  // The bits ffmpeg wrote after bsid: dialnorm 31, compre 0, mixmdate 1, dmixmod 01 (Lt/Rt), the four levels 110 (-6 dB).
  assert.equal(bytes[6], 0xd7);
});

test('readAc3FrameHeader keeps a dependent substream\'s chanmap, and chanLocOfChanmap maps it to dec3 chan_loc', () => {
  // chanmap location 6 (Lrs/Rrs) is bit 9 counting from the LSB; location 14 (LFE2) is bit 1.
  const h = readAc3FrameHeader(eac3Frame({ strmtyp: 1, acmod: 2, chanmap: 0x0200 }), 0);
  assert.deepEqual([h.strmtyp, h.chanmap], [1, 0x0200]);
  assert.equal(chanLocOfChanmap(0x0200), 0b10); // chan_loc bit 1: Lrs/Rrs
  assert.equal(chanLocOfChanmap(0x0400), 0b1); // chan_loc bit 0: Lc/Rc
  assert.equal(chanLocOfChanmap(0x0002), 0x100); // chan_loc bit 8: LFE2
  assert.equal(chanLocOfChanmap(0xf801 | 0x0004), 0, 'the 5.1 locations and Lts/Rts add no chan_loc bit');
  assert.equal(readAc3FrameHeader(eac3Frame({ strmtyp: 1 }), 0).chanmap, undefined, 'chanmape 0');
});

test('readAc3FrameHeader rejects lost sync, reserved codes and other bsids, with the offset', () => {
  const frame = ac3Frame();
  const shifted = concat(new Uint8Array(3), frame);
  assert.throws(() => readAc3FrameHeader(shifted, 0), { code: 'MALFORMED', offset: 0, message: /syncword 0x0B77 at offset 0, found 0x0000/ });
  assert.equal(readAc3FrameHeader(shifted, 3).frameSize, 128);
  const reserved = frame.slice();
  reserved[4] = 0xc0; // fscod 3
  assert.throws(() => readAc3FrameHeader(reserved, 0), { code: 'MALFORMED', message: /fscod 0\.\.2/ });
  const halfRate = frame.slice();
  halfRate[5] = (9 << 3) | (halfRate[5] & 7); // bsid 9: AC-3 at half rate
  assert.throws(() => readAc3FrameHeader(halfRate, 0), { code: 'UNSUPPORTED', message: /found 9/ });
  const badType = eac3Frame();
  badType[2] |= 0xc0; // strmtyp 3
  assert.throws(() => readAc3FrameHeader(badType, 0), { code: 'MALFORMED', message: /strmtyp/ });
  assert.throws(() => readAc3FrameHeader(frame.subarray(0, 5), 0), { code: 'TRUNCATED', offset: 0 });
});

test('readAc3Frames splits a payload and reports partial frames and lost sync', () => {
  const two = concat(ac3Frame(), ac3Frame({ frmsizecod: 2, bsmod: 1 }));
  const frames = readAc3Frames(two);
  assert.deepEqual(frames.map((f) => [f.data.byteOffset, f.data.byteLength, f.header.bsmod]), [[0, 128, 0], [128, 160, 1]]);
  assert.throws(() => readAc3Frames(two.subarray(0, 200)), { code: 'TRUNCATED', offset: 128, message: /AC-3 syncframe of 160 bytes at offset 128, found 72/ });
  const broken = two.slice();
  broken[128] = 0;
  assert.throws(() => readAc3Frames(broken), { code: 'MALFORMED', offset: 128 });
  assert.deepEqual(readAc3Frames(new Uint8Array(0)), []);
});

test('readAc3Samples: one AC-3 frame per sample; the fixture\'s PES hold whole samples', () => {
  const samples = readAc3Samples(pes.ac3[0]);
  assert.deepEqual(samples.map((s) => [s.frames.length, s.data.byteLength]), [[1, 768], [1, 768], [1, 768]]);
  const eac3 = readAc3Samples(pes.eac3[0]);
  assert.deepEqual(eac3.map((s) => [s.frames.length, s.data.byteLength]), [[1, 1024], [1, 1024]]);
  let total = 0;
  for (const p of pes.eac3) total += readAc3Samples(p).length;
  assert.equal(total, 63, 'the first segment: 63 access units of 1536 samples, as ffprobe counts its frames');
});

test('readAc3Samples groups E-AC-3 substreams and short frames into 1536-sample access units', () => {
  // Independent substream 0 (3/2) + a dependent substream carrying Lrs/Rrs: one 7.1 access unit each.
  const unit = concat(eac3Frame({ acmod: 7, lfeon: 1 }), eac3Frame({ strmtyp: 1, acmod: 2, chanmap: 0x0200, bytes: 32 }));
  const samples = readAc3Samples(concat(unit, unit));
  assert.deepEqual(samples.map((s) => [s.frames.map((f) => f.header.strmtyp), s.data.byteOffset, s.data.byteLength]), [[[0, 1], 0, 96], [[0, 1], 96, 96]]);
  // numblkscod 2 (3 blocks): two frames make one access unit.
  const halves = readAc3Samples(concat(eac3Frame({ numblkscod: 2 }), eac3Frame({ numblkscod: 2 }), eac3Frame({ numblkscod: 2 }), eac3Frame({ numblkscod: 2 })));
  assert.deepEqual(halves.map((s) => s.frames.length), [2, 2]);
  // A second independent substream belongs to the access unit it follows.
  assert.equal(readAc3Samples(concat(eac3Frame(), eac3Frame({ substreamid: 1 }))).length, 1);
});

test('readAc3Samples refuses access units split across payloads', () => {
  assert.throws(() => readAc3Samples(concat(eac3Frame({ numblkscod: 2 }))), { code: 'UNSUPPORTED', message: /found 3 block\(s\) at the end/ });
  assert.throws(() => readAc3Samples(eac3Frame({ strmtyp: 1 })), { code: 'UNSUPPORTED', message: /start with independent substream 0/ });
  assert.throws(() => readAc3Samples(concat(eac3Frame({ numblkscod: 2 }), eac3Frame({ numblkscod: 3 }))), { code: 'MALFORMED', message: /6 audio blocks/ });
});
