import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import { readAc3SpecificBox } from '../../../src/media/codecs/ac3/readAc3SpecificBox.ts';
import { writeAc3SpecificBox } from '../../../src/media/codecs/ac3/writeAc3SpecificBox.ts';
import { readEc3SpecificBox } from '../../../src/media/codecs/ac3/readEc3SpecificBox.ts';
import { writeEc3SpecificBox } from '../../../src/media/codecs/ac3/writeEc3SpecificBox.ts';
import { ac3CodecConfigOf } from '../../../src/media/codecs/ac3/ac3CodecConfigOf.ts';
import { ac3FormatOf } from '../../../src/media/codecs/ac3/ac3FormatOf.ts';
import { ec3SpecificBoxOf } from '../../../src/media/codecs/ac3/ec3SpecificBoxOf.ts';
import { readAc3Samples } from '../../../src/media/codecs/ac3/readAc3Samples.ts';
import { readAc3Frames } from '../../../src/media/codecs/ac3/readAc3Frames.ts';
import type { Ec3SpecificBox } from '../../../src/media/codecs/ac3/Ec3SpecificBox.ts';
import { describeDac3, readDac3, writeDac3 } from '../../../src/media/isobmff/boxes/dac3.ts';
import { describeDec3, readDec3, writeDec3 } from '../../../src/media/isobmff/boxes/dec3.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import { readInitSegment } from '../../../src/media/isobmff/readInitSegment.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { ensureFixture } from '../../../scripts/fixtures.ts';
import { generateMedia } from '../../support/generateMedia.ts';
import { findBoxPayload } from './fixtures.ts';

/** The fixture's renditions: first PES payload, and ffmpeg's own MP4 remux (its dac3 / dec3 to compare with). */
let fixture: Record<'ac3' | 'eac3', { pes: Uint8Array; mp4: Uint8Array }>;
before(async () => {
  const dir = dirname(await ensureFixture('dolby'));
  const load = (name: 'ac3' | 'eac3') => {
    const ts = demuxTransportStream(new Uint8Array(readFileSync(join(dir, `dolby_${name}_00000.ts`))));
    const out = generateMedia(['-i', join(dir, `dolby_${name}.m3u8`), '-c', 'copy', 'out.mp4']);
    return { pes: ts.pes[0].data, mp4: new Uint8Array(readFileSync(join(out, 'out.mp4'))) };
  };
  fixture = { ac3: load('ac3'), eac3: load('eac3') };
});

test('AC3SpecificBox: annotated bytes, and round trip', () => {
  const dac3 = { fscod: 0, bsid: 8, bsmod: 0, acmod: 2, lfeon: 0, bitRateCode: 10 };
  const bytes = writeAc3SpecificBox(dac3);
  assert.deepEqual(Array.from(bytes), [
    0x10, // fscod 00 (48 kHz), bsid 01000 (8), bsmod high bit 0
    0x11, // bsmod low bits 00, acmod 010 (2/0), lfeon 0, bit_rate_code high bits 01
    0x40, // bit_rate_code low bits 010 (10 = 192 kbit/s), reserved 00000
  ]);
  assert.deepEqual(readAc3SpecificBox(bytes), dac3);
  const other = { fscod: 2, bsid: 6, bsmod: 7, acmod: 7, lfeon: 1, bitRateCode: 18 };
  assert.deepEqual(readAc3SpecificBox(writeAc3SpecificBox(other)), other);
  assert.throws(() => readAc3SpecificBox(bytes.subarray(0, 2)), { code: 'TRUNCATED' });
});

test('EC3SpecificBox: annotated bytes for 5.1 and for 7.1 with a dependent substream, and round trips', () => {
  const surround: Ec3SpecificBox = { dataRate: 256, substreams: [{ fscod: 0, bsid: 16, asvc: 0, bsmod: 0, acmod: 7, lfeon: 1, numDepSub: 0, chanLoc: 0 }] };
  const bytes = writeEc3SpecificBox(surround);
  assert.deepEqual(Array.from(bytes), [
    0x08, 0x00, // data_rate 0000100000000 (256 kbit/s), num_ind_sub 000 (one independent substream)
    0x20, // fscod 00, bsid 10000 (16), reserved 0
    0x0f, // asvc 0, bsmod 000, acmod 111 (3/2), lfeon 1
    0x00, // reserved 000, num_dep_sub 0000, reserved 0
  ]);
  assert.deepEqual(readEc3SpecificBox(bytes), surround);

  const sevenOne: Ec3SpecificBox = { dataRate: 1024, substreams: [{ fscod: 0, bsid: 16, asvc: 0, bsmod: 2, acmod: 7, lfeon: 1, numDepSub: 1, chanLoc: 0b10 }] };
  const deps = writeEc3SpecificBox(sevenOne);
  assert.deepEqual(Array.from(deps), [
    0x20, 0x00, // data_rate 0010000000000 (1024), num_ind_sub 000
    0x20, // fscod 00, bsid 10000, reserved 0
    0x2f, // asvc 0, bsmod 010, acmod 111, lfeon 1
    0x02, // reserved 000, num_dep_sub 0001, chan_loc bit 8 (LFE2) 0
    0x02, // chan_loc bits 7..0: 00000010 (Lrs/Rrs)
  ]);
  assert.deepEqual(readEc3SpecificBox(deps), sevenOne);

  // Two independent substreams, and the Joint Object Coding extension (reserved 7 bits, flag, complexity index).
  const atmos: Ec3SpecificBox = {
    dataRate: 768,
    substreams: [
      { fscod: 0, bsid: 16, asvc: 0, bsmod: 0, acmod: 7, lfeon: 1, numDepSub: 0, chanLoc: 0 },
      { fscod: 0, bsid: 16, asvc: 1, bsmod: 2, acmod: 1, lfeon: 0, numDepSub: 0, chanLoc: 0 },
    ],
    complexityIndexTypeA: 16,
  };
  const joc = writeEc3SpecificBox(atmos);
  assert.deepEqual(Array.from(joc.subarray(joc.byteLength - 2)), [0x01, 0x10]);
  assert.deepEqual(readEc3SpecificBox(joc), atmos);
  assert.throws(() => writeEc3SpecificBox({ dataRate: 256, substreams: [] }), { code: 'UNSUPPORTED' });
});

test('dac3 and dec3 boxes: header, payload, read back and readable dump', () => {
  const dac3 = { fscod: 0, bsid: 8, bsmod: 0, acmod: 2, lfeon: 0, bitRateCode: 10 };
  const w = new ByteWriter(32);
  writeDac3(w, dac3);
  const box = w.finish();
  assert.deepEqual(Array.from(box), [0, 0, 0, 11, 0x64, 0x61, 0x63, 0x33, 0x10, 0x11, 0x40]); // size 11, 'dac3', payload
  const [header] = iterateBoxes(box);
  assert.deepEqual(readDac3(box, header), dac3);
  assert.equal(describeDac3(dac3), 'fscod=0 (48000 Hz) bsid=8 bsmod=0 acmod=2 lfeon=0 bitRateCode=10 (192 kbit/s)');

  const dec3: Ec3SpecificBox = { dataRate: 256, substreams: [{ fscod: 0, bsid: 16, asvc: 0, bsmod: 0, acmod: 7, lfeon: 1, numDepSub: 1, chanLoc: 2 }] };
  const w2 = new ByteWriter(32);
  writeDec3(w2, dec3);
  const box2 = w2.finish();
  assert.deepEqual(Array.from(box2.subarray(0, 8)), [0, 0, 0, 14, 0x64, 0x65, 0x63, 0x33]); // size 14, 'dec3'
  assert.deepEqual(readDec3(box2, [...iterateBoxes(box2)][0]), dec3);
  assert.equal(describeDec3(dec3), 'dataRate=256 kbit/s [0] fscod=0 bsid=16 asvc=0 bsmod=0 acmod=7 lfeon=1 depSub=1 chanLoc=0x2');
});

test('ac3CodecConfigOf builds the dac3 / dec3 ffmpeg\'s MP4 muxer writes for the fixture', () => {
  const ac3 = ac3CodecConfigOf(readAc3Samples(fixture.ac3.pes)[0]);
  assert.equal(ac3.codec, 'ac3');
  assert.deepEqual(ac3.codec === 'ac3' && Array.from(ac3.dac3), Array.from(findBoxPayload(fixture.ac3.mp4, 'dac3')));
  const eac3 = ac3CodecConfigOf(readAc3Samples(fixture.eac3.pes)[0]);
  assert.equal(eac3.codec, 'ec3');
  assert.deepEqual(eac3.codec === 'ec3' && Array.from(eac3.dec3), Array.from(findBoxPayload(fixture.eac3.mp4, 'dec3')));
});

test('ec3SpecificBoxOf counts dependent substreams and their channel locations', () => {
  // The fixture's independent 5.1 frame, followed by a handmade dependent substream 0 with chanmap Lrs/Rrs.
  const independent = readAc3Frames(fixture.eac3.pes)[0];
  const dependent = { ...independent, header: { ...independent.header, strmtyp: 1, chanmap: 0x0200 } };
  const data = new Uint8Array(2048);
  const box = ec3SpecificBoxOf({ frames: [independent, dependent], data });
  assert.deepEqual(box, { dataRate: 512, substreams: [{ fscod: 0, bsid: 16, asvc: 0, bsmod: 0, acmod: 7, lfeon: 1, numDepSub: 1, chanLoc: 0b10 }] });
  assert.throws(() => ec3SpecificBoxOf({ frames: [dependent], data }), { code: 'MALFORMED' });
});

test('ac3FormatOf: sample rate, channels and the Dolby channel mask (ETSI TS 102 366 Table I.1.1)', () => {
  const dac3 = (acmod: number, lfeon: number) => ({ codec: 'ac3' as const, dac3: writeAc3SpecificBox({ fscod: 1, bsid: 8, bsmod: 0, acmod, lfeon, bitRateCode: 10 }) });
  assert.deepEqual(ac3FormatOf(dac3(2, 0)), { sampleRate: 44100, channels: 2, channelMask: 0xa000 });
  assert.deepEqual(ac3FormatOf(dac3(7, 1)), { sampleRate: 44100, channels: 6, channelMask: 0xf801 }); // 5.1
  assert.deepEqual(ac3FormatOf(dac3(1, 0)), { sampleRate: 44100, channels: 1, channelMask: 0x4000 }); // mono: C
  assert.deepEqual(ac3FormatOf(dac3(4, 0)), { sampleRate: 44100, channels: 3, channelMask: 0xa100 }); // 2/1: L R Cs
  const dec3 = (chanLoc: number) => ({
    codec: 'ec3' as const,
    dec3: writeEc3SpecificBox({ dataRate: 640, substreams: [{ fscod: 0, bsid: 16, asvc: 0, bsmod: 0, acmod: 7, lfeon: 1, numDepSub: chanLoc ? 1 : 0, chanLoc }] }),
  });
  assert.deepEqual(ac3FormatOf(dec3(0)), { sampleRate: 48000, channels: 6, channelMask: 0xf801 });
  assert.deepEqual(ac3FormatOf(dec3(0b10)), { sampleRate: 48000, channels: 8, channelMask: 0xfa01 }); // 7.1: + Lrs/Rrs
  assert.deepEqual(ac3FormatOf(dec3(0x100 | 0b100)), { sampleRate: 48000, channels: 8, channelMask: 0xf903 }); // + Cs, LFE2
});

test('readInitSegment reads ffmpeg\'s ac-3 and ec-3 sample entries', () => {
  const ac3 = readInitSegment(fixture.ac3.mp4).tracks[0];
  assert.deepEqual([ac3.kind, ac3.sampleEntry, ac3.codecString, ac3.sampleRate, ac3.channels], ['audio', 'ac-3', 'ac-3', 48000, 2]);
  assert.deepEqual(ac3.config, { codec: 'ac3', dac3: Uint8Array.of(0x10, 0x11, 0x40) });
  const eac3 = readInitSegment(fixture.eac3.mp4).tracks[0];
  // ffmpeg's sample entry says 2 channels; dec3 says 3/2 + LFE, and that is what counts.
  assert.deepEqual([eac3.kind, eac3.sampleEntry, eac3.codecString, eac3.sampleRate, eac3.channels], ['audio', 'ec-3', 'ec-3', 48000, 6]);
  assert.deepEqual(eac3.config, { codec: 'ec3', dec3: Uint8Array.of(0x08, 0x00, 0x20, 0x0f, 0x00) });
});
