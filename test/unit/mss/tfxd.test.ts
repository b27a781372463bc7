import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { describeTfxd, isTfxd, readTfxd, writeTfxd } from '../../../src/media/isobmff/boxes/tfxd.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';

function hex(s: string): Uint8Array {
  const clean = s.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function onlyBox(bytes: Uint8Array) {
  const [box] = [...iterateBoxes(bytes)];
  return box;
}

test('tfxd: uuid box, version 1, 64-bit FragmentAbsoluteTime and FragmentDuration', () => {
  const w = new ByteWriter(8);
  writeTfxd(w, { fragmentAbsoluteTime: 0x1_2345_6789, fragmentDuration: 180000 });
  const bytes = w.finish();
  assert.deepEqual(
    bytes,
    hex(`
      0000002c                         # size 44
      75756964                         # 'uuid'
      6d1d9b0542d544e680e2141daff757b2 # extended type: TfxdBox (MS-SSTR 2.2.4.4)
      01                               # version 1: 64-bit fields
      000000                           # flags
      0000000123456789                 # FragmentAbsoluteTime64
      000000000002bf20                 # FragmentDuration64 = 180000
    `),
  );
  const box = onlyBox(bytes);
  assert.equal(isTfxd(bytes, box), true);
  assert.deepEqual(readTfxd(bytes, box), { fragmentAbsoluteTime: 0x1_2345_6789, fragmentDuration: 180000 });
  assert.equal(describeTfxd(readTfxd(bytes, box)), 'tfxd fragmentAbsoluteTime=4886718345 fragmentDuration=180000');
});

test('tfxd: reads version 0 (32-bit fields)', () => {
  const bytes = hex(`
    00000024 75756964 6d1d9b0542d544e680e2141daff757b2
    00 000000
    0001e240 # FragmentAbsoluteTime32 = 123456
    00000e10 # FragmentDuration32 = 3600
  `);
  assert.deepEqual(readTfxd(bytes, onlyBox(bytes)), { fragmentAbsoluteTime: 123456, fragmentDuration: 3600 });
});

test('tfxd: read(write(x)) at the largest exact time (2^53 - 1)', () => {
  const v = { fragmentAbsoluteTime: Number.MAX_SAFE_INTEGER, fragmentDuration: 0 };
  const w = new ByteWriter(8);
  writeTfxd(w, v);
  const bytes = w.finish();
  assert.deepEqual(readTfxd(bytes, onlyBox(bytes)), v);
});

test('tfxd: another uuid (tfrf) is not a tfxd, and reading it as one is MALFORMED', () => {
  const tfrf = hex('0000001d 75756964 d4807ef2ca3946958e5426cb9e46a79f 01 000000 00');
  const box = onlyBox(tfrf);
  assert.equal(isTfxd(tfrf, box), false);
  assert.throws(() => readTfxd(tfrf, box), (e: unknown) => e instanceof MediaError && e.code === 'MALFORMED');
});

test('tfxd: a truncated body is TRUNCATED', () => {
  const bytes = hex('00000024 75756964 6d1d9b0542d544e680e2141daff757b2 01 000000 0000000000000001 00000000');
  assert.throws(() => readTfxd(bytes, onlyBox(bytes)), (e: unknown) => e instanceof MediaError && e.code === 'TRUNCATED');
});
