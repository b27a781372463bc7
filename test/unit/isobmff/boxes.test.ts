import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import { readEsds, writeEsds } from '../../../src/media/isobmff/boxes/esds.ts';
import { readMdhd, writeMdhd } from '../../../src/media/isobmff/boxes/mdhd.ts';
import { readMfhd, writeMfhd } from '../../../src/media/isobmff/boxes/mfhd.ts';
import { readSidx, writeSidx } from '../../../src/media/isobmff/boxes/sidx.ts';
import { readTfdt, writeTfdt } from '../../../src/media/isobmff/boxes/tfdt.ts';
import { readTrun, writeTrun } from '../../../src/media/isobmff/boxes/trun.ts';
import { fnv1a32 } from '../../../src/media/isobmff/fnv1a32.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';

function hex(s: string): Uint8Array {
  const clean = s.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function written(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter(16);
  write(w);
  return w.finish();
}

function onlyBox(bytes: Uint8Array) {
  const [box] = [...iterateBoxes(bytes)];
  return box;
}

test('tfdt: version 1, 64-bit baseMediaDecodeTime', () => {
  const bytes = written((w) => writeTfdt(w, 0x1_2345_6789));
  assert.deepEqual(
    bytes,
    hex(`
      00000014   # size 20
      74666474   # 'tfdt'
      01         # version 1
      000000     # flags
      0000000123456789 # baseMediaDecodeTime
    `),
  );
  assert.deepEqual(readTfdt(bytes, onlyBox(bytes)), { baseMediaDecodeTime: 0x1_2345_6789 });
});

test('tfdt: reads version 0', () => {
  const bytes = hex('00000010 74666474 00 000000 0001e240');
  assert.deepEqual(readTfdt(bytes, onlyBox(bytes)), { baseMediaDecodeTime: 123456 });
});

test('mfhd: sequence_number', () => {
  const bytes = written((w) => writeMfhd(w, 7));
  assert.deepEqual(
    bytes,
    hex(`
      00000010 # size 16
      6d666864 # 'mfhd'
      00000000 # version 0, flags 0
      00000007 # sequence_number
    `),
  );
  assert.deepEqual(readMfhd(bytes, onlyBox(bytes)), { sequenceNumber: 7 });
});

test('trun: version 1, two samples, negative composition offset, data_offset returned for patching', () => {
  const samples = [
    { duration: 3600, compositionOffset: 7200, isSync: true, data: new Uint8Array(5) },
    { duration: 3600, compositionOffset: -3600, isSync: false, data: new Uint8Array(3) },
  ];
  const w = new ByteWriter(8);
  const at = writeTrun(w, samples);
  assert.equal(at, 16);
  w.patchU32(at, 0x1234);
  const bytes = w.finish();
  assert.deepEqual(
    bytes,
    hex(`
      00000034 # size 52
      7472756e # 'trun'
      01       # version 1: signed composition offsets
      000f01   # flags: data-offset | duration | size | flags | composition offsets
      00000002 # sample_count
      00001234 # data_offset (patched)
      00000e10 # #0 duration 3600
      00000005 # #0 size 5
      02000000 # #0 flags: sample_depends_on = 2, is_non_sync = 0
      00001c20 # #0 composition offset 7200
      00000e10 # #1 duration 3600
      00000003 # #1 size 3
      01010000 # #1 flags: sample_depends_on = 1, is_non_sync = 1
      fffff1f0 # #1 composition offset -3600
    `),
  );
  const trun = readTrun(bytes, onlyBox(bytes));
  assert.equal(trun.dataOffset, 0x1234);
  assert.deepEqual(trun.samples, [
    { duration: 3600, size: 5, flags: 0x02000000, compositionOffset: 7200 },
    { duration: 3600, size: 3, flags: 0x01010000, compositionOffset: -3600 },
  ]);
});

test('trun: version 0 offsets >= 2^31 are read as negative (muxers that ignore the version)', () => {
  const bytes = hex('00000014 7472756e 00 000800 00000001 fffff1f0');
  assert.equal(readTrun(bytes, onlyBox(bytes)).samples[0].compositionOffset, -3600);
});

test('esds: AAC LC AudioSpecificConfig with minimal descriptor sizes', () => {
  const esds = {
    objectTypeIndication: 0x40,
    streamType: 5,
    bufferSizeDB: 0,
    maxBitrate: 128000,
    avgBitrate: 128000,
    decoderSpecificInfo: hex('1190'),
  };
  const bytes = written((w) => writeEsds(w, esds));
  assert.deepEqual(
    bytes,
    hex(`
      00000027 # size 39
      65736473 # 'esds'
      00000000 # version 0, flags 0
      03 19    # ES_Descriptor, 25 bytes
      0000     #   ES_ID 0
      00       #   no dependsOn / URL / OCR, streamPriority 0
      04 11    #   DecoderConfigDescriptor, 17 bytes
      40       #     objectTypeIndication: ISO/IEC 14496-3 audio
      15       #     streamType 5 (audio) << 2 | upStream 0 | reserved 1
      000000   #     bufferSizeDB
      0001f400 #     maxBitrate 128000
      0001f400 #     avgBitrate 128000
      05 02    #     DecoderSpecificInfo, 2 bytes
      1190     #       AudioSpecificConfig: AAC LC, 48 kHz, 2 channels
      06 01    #   SLConfigDescriptor, 1 byte
      02       #     predefined = 2 (MP4)
    `),
  );
  assert.deepEqual(readEsds(bytes, onlyBox(bytes)), esds);
});

test('esds: descriptor sizes above 127 use the multi-byte form, and the 0x80-padded form reads back', () => {
  const dsi = Uint8Array.from({ length: 200 }, (_, i) => i);
  const bytes = written((w) =>
    writeEsds(w, { objectTypeIndication: 0x40, streamType: 5, bufferSizeDB: 0, maxBitrate: 0, avgBitrate: 0, decoderSpecificInfo: dsi }),
  );
  // DecoderSpecificInfo of 200 bytes: size 200 = 0b1_1001000 -> 0x81 0x48
  assert.ok(Buffer.from(bytes).includes(Buffer.from([0x05, 0x81, 0x48, 0, 1, 2])));
  assert.deepEqual(readEsds(bytes, onlyBox(bytes)).decoderSpecificInfo, dsi);

  const padded = hex(`
    00000033 65736473 00000000 # size 51
    03 80808022 0000 00        # ES_Descriptor, 34 bytes in the 4-byte size form
    04 80808014 40 15 000000 00000000 00000000
    05 80808002 1190
    06 80808001 02
  `);
  assert.deepEqual(readEsds(padded, onlyBox(padded)).decoderSpecificInfo, hex('1190'));
});

test('mdhd: ISO 639-2 language packed as three 5-bit letters', () => {
  const bytes = written((w) => writeMdhd(w, { timescale: 90000, duration: 0, language: 'eng' }));
  // 'e'=5 'n'=14 'g'=7: 0 00101 01110 00111 = 0x15c7
  assert.deepEqual(bytes.subarray(28, 30), hex('15c7'));
  assert.deepEqual(readMdhd(bytes, onlyBox(bytes)), { timescale: 90000, duration: 0, language: 'eng' });
});

test('sidx: version 0 with one media reference, and version 1 above 32 bits', () => {
  const sidx = {
    referenceId: 1,
    timescale: 90000,
    earliestPresentationTime: 180000,
    firstOffset: 0,
    references: [{ referenceType: 0 as const, referencedSize: 5000, subsegmentDuration: 180000, startsWithSap: true, sapType: 1, sapDeltaTime: 0 }],
  };
  const bytes = written((w) => writeSidx(w, sidx));
  assert.deepEqual(
    bytes,
    hex(`
      0000002c 73696478 00000000 # size 44, 'sidx', version 0
      00000001 # reference_ID
      00015f90 # timescale 90000
      0002bf20 # earliest_presentation_time 180000
      00000000 # first_offset
      0000 0001 # reserved, reference_count
      00001388 # reference_type 0, referenced_size 5000
      0002bf20 # subsegment_duration
      90000000 # starts_with_SAP 1, SAP_type 1, SAP_delta_time 0
    `),
  );
  assert.deepEqual(readSidx(bytes, onlyBox(bytes)), sidx);
  const long = { ...sidx, earliestPresentationTime: 2 ** 40 };
  const longBytes = written((w) => writeSidx(w, long));
  assert.equal(longBytes[8], 1);
  assert.deepEqual(readSidx(longBytes, onlyBox(longBytes)), long);
});

test('iterateBoxes: largesize, size 0 (to the end) and truncation', () => {
  const bytes = hex(`
    00000001 6d646174 0000000000000012 aabb # largesize 18
    00000000 66726565 0102                  # size 0: to the end
  `);
  assert.deepEqual(
    [...iterateBoxes(bytes)].map((b) => [b.type, b.start, b.size, b.headerSize]),
    [['mdat', 0, 18, 16], ['free', 18, 10, 8]],
  );
  assert.throws(() => [...iterateBoxes(hex('00000010 6d646174 00'))], { code: 'TRUNCATED' });
  assert.throws(() => [...iterateBoxes(hex('00000004 6d646174'))], { code: 'MALFORMED' });
});

test('fnv1a32 matches the reference vectors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(fnv1a32(enc('')), '811c9dc5');
  assert.equal(fnv1a32(enc('a')), 'e40c292c');
  assert.equal(fnv1a32(enc('foobar')), 'bf9cf968');
});
