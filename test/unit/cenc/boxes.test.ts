import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteWriter } from '../../../src/media/bytes/ByteWriter.ts';
import { iterateBoxes } from '../../../src/media/isobmff/iterateBoxes.ts';
import { describeTenc, readTenc, writeTenc } from '../../../src/media/isobmff/boxes/tenc.ts';
import { describePssh, psshBytes, readPssh, writePssh } from '../../../src/media/isobmff/boxes/pssh.ts';
import { describeSenc, inferSencIvSize, readSenc, writeSenc } from '../../../src/media/isobmff/boxes/senc.ts';
import { describeSaiz, readSaiz, writeSaiz } from '../../../src/media/isobmff/boxes/saiz.ts';
import { readSaio, writeSaio } from '../../../src/media/isobmff/boxes/saio.ts';
import { readFrma } from '../../../src/media/isobmff/boxes/frma.ts';
import { readSchm } from '../../../src/media/isobmff/boxes/schm.ts';
import { writeSinf } from '../../../src/media/isobmff/boxes/sinf.ts';
import { writeEncryptedSampleEntry } from '../../../src/media/isobmff/boxes/encryptedSampleEntry.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { writeWidevinePsshData } from '../../../src/media/cenc/writeWidevinePsshData.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';

function hex(s: string): Uint8Array {
  return bytesFromHex(s.replace(/#[^\n]*/g, '').replace(/\s+/g, ''));
}

function written(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter(16);
  write(w);
  return w.finish();
}

function onlyBox(bytes: Uint8Array) {
  return [...iterateBoxes(bytes)][0];
}

const kid = bytesFromHex('00112233445566778899aabbccddeeff');

test('tenc version 0 (cenc): 8-byte per-sample IVs, no pattern', () => {
  const tenc = { version: 0, defaultCryptByteBlock: 0, defaultSkipByteBlock: 0, defaultIsProtected: true, defaultPerSampleIvSize: 8, defaultKid: kid };
  const bytes = written((w) => writeTenc(w, tenc));
  assert.deepEqual(
    bytes,
    hex(`
      00000020 74656e63  # size 32, 'tenc'
      00 000000          # version 0, flags
      00 00              # reserved, reserved (no pattern in version 0)
      01 08              # default_isProtected, default_Per_Sample_IV_Size
      00112233445566778899aabbccddeeff # default_KID
    `),
  );
  assert.deepEqual(readTenc(bytes, onlyBox(bytes)), tenc);
  assert.equal(describeTenc(tenc), 'version=0 protected=1 ivSize=8 kid=00112233445566778899aabbccddeeff');
});

test('tenc version 1 (cbcs): 1:9 pattern and a 16-byte constant IV', () => {
  const iv = bytesFromHex('0f0e0d0c0b0a09080706050403020100');
  const tenc = { version: 1, defaultCryptByteBlock: 1, defaultSkipByteBlock: 9, defaultIsProtected: true, defaultPerSampleIvSize: 0, defaultKid: kid, defaultConstantIv: iv };
  const bytes = written((w) => writeTenc(w, tenc));
  assert.deepEqual(
    bytes,
    hex(`
      00000031 74656e63  # size 49, 'tenc'
      01 000000          # version 1, flags
      00 19              # reserved, crypt_byte_block 1 | skip_byte_block 9
      01 00              # protected, per-sample IV size 0: constant IV follows
      00112233445566778899aabbccddeeff # default_KID
      10 0f0e0d0c0b0a09080706050403020100 # default_constant_IV_size 16, default_constant_IV
    `),
  );
  assert.deepEqual(readTenc(bytes, onlyBox(bytes)), tenc);
  assert.throws(() => written((w) => writeTenc(w, { ...tenc, defaultConstantIv: undefined })), MediaError);
});

test('pssh version 1 (W3C common system): the KIDs, no data', () => {
  const pssh = { version: 1, systemId: bytesFromHex(systemIds.common), kids: [kid], data: new Uint8Array(0) };
  const bytes = written((w) => writePssh(w, pssh));
  assert.deepEqual(
    bytes,
    hex(`
      00000034 70737368  # size 52, 'pssh'
      01 000000          # version 1, flags
      1077efecc0b24d02ace33c1e52e2fb4b # SystemID (W3C common)
      00000001 00112233445566778899aabbccddeeff # KID_count, KID
      00000000           # DataSize
    `),
  );
  assert.deepEqual(psshBytes(pssh), bytes);
  assert.deepEqual(readPssh(bytes, onlyBox(bytes)), pssh);
  assert.equal(describePssh(pssh), 'version=1 systemId=1077efec-c0b2-4d02-ace3-3c1e52e2fb4b kids=00112233445566778899aabbccddeeff data=-');
});

test('Widevine pssh data: key_id (field 2) and protection_scheme (field 9) as shaka-packager writes them', () => {
  assert.deepEqual(
    writeWidevinePsshData([kid], 'cenc'),
    hex(`
      12 10 00112233445566778899aabbccddeeff # field 2, 16 bytes: key_id
      48 e3dc959b06                          # field 9 varint: 'cenc' = 0x63656e63
    `),
  );
});

test('senc with subsamples: IV, subsample_count, clear/protected pairs; saiz sizes and saio offset match', () => {
  const entries = [
    { iv: bytesFromHex('1001000000000e10'), subsamples: [{ clearBytes: 30, protectedBytes: 256 }] },
    { iv: bytesFromHex('1001000000001c20'), subsamples: [{ clearBytes: 8, protectedBytes: 32 }, { clearBytes: 70000 & 0xffff, protectedBytes: 0 }] },
  ];
  const w = new ByteWriter(16);
  const first = writeSenc(w, entries);
  const bytes = w.finish();
  assert.deepEqual(
    bytes,
    hex(`
      00000036 73656e63      # size 54, 'senc'
      00 000002              # version 0, flags: subsample encryption
      00000002               # sample_count
      1001000000000e10 0001 001e 00000100             # IV, 1 subsample: 30 clear, 256 protected
      1001000000001c20 0002 0008 00000020 1170 00000000 # IV, 2 subsamples
    `),
  );
  assert.equal(first, 16);
  assert.deepEqual(readSenc(bytes, onlyBox(bytes), 8), entries);
  assert.equal(inferSencIvSize(bytes, onlyBox(bytes)), 8);
  assert.equal(describeSenc(entries), 'samples=2\n  #0 iv=1001000000000e10 subsamples=30/256\n  #1 iv=1001000000001c20 subsamples=8/32,4464/0');
  const saiz = written((w) => writeSaiz(w, [16, 24]));
  assert.deepEqual(saiz, hex('00000013 7361697a 00000000 00 00000002 10 18 # default 0: two sizes follow'));
  assert.equal(describeSaiz(readSaiz(saiz, onlyBox(saiz))), 'samples=2 sizes=16,24');
});

test('saiz: one default size when all entries match; all-empty entries (cbcs audio) are listed, since 0 means "sizes follow"', () => {
  const uniform = written((w) => writeSaiz(w, [16, 16, 16]));
  assert.deepEqual(uniform, hex('00000011 7361697a 00000000 10 00000003'));
  const empty = written((w) => writeSaiz(w, [0, 0]));
  assert.deepEqual(empty, hex('00000013 7361697a 00000000 00 00000002 00 00'));
  assert.deepEqual(readSaiz(empty, onlyBox(empty)), { defaultSampleInfoSize: 0, sampleCount: 2, sampleInfoSizes: [0, 0] });
});

test('saio: one 32-bit offset, patched by the caller', () => {
  const w = new ByteWriter(16);
  const at = writeSaio(w);
  w.patchU32(at, 1234);
  const bytes = w.finish();
  assert.deepEqual(bytes, hex('00000014 7361696f 00000000 00000001 000004d2'));
  assert.deepEqual(readSaio(bytes, onlyBox(bytes)), { offsets: [1234] });
});

test('encrypted sample entry: the clear entry renamed encv, its children kept, sinf (frma, schm, schi/tenc) appended', () => {
  const tenc = { version: 0, defaultCryptByteBlock: 0, defaultSkipByteBlock: 0, defaultIsProtected: true, defaultPerSampleIvSize: 8, defaultKid: kid };
  const bytes = written((w) =>
    writeEncryptedSampleEntry(
      w,
      (x) => {
        const start = x.beginBox('avc1');
        x.bytes(Uint8Array.from([1, 2, 3, 4]));
        x.endBox(start);
      },
      { kind: 'video', originalFormat: 'avc1', scheme: 'cenc', tenc },
    ),
  );
  const entry = onlyBox(bytes);
  assert.equal(entry.type, 'encv');
  assert.equal(entry.end, bytes.byteLength);
  assert.deepEqual(bytes.subarray(8, 12), Uint8Array.from([1, 2, 3, 4]));
  const [sinf] = [...iterateBoxes(bytes, 12, entry.end)];
  assert.equal(sinf.type, 'sinf');
  const [frma, schm, schi] = [...iterateBoxes(bytes, sinf.contentStart, sinf.end)];
  assert.deepEqual(readFrma(bytes, frma), { dataFormat: 'avc1' });
  assert.deepEqual(readSchm(bytes, schm), { schemeType: 'cenc', schemeVersion: 0x00010000 });
  const [tencBox] = [...iterateBoxes(bytes, schi.contentStart, schi.end)];
  assert.deepEqual(readTenc(bytes, tencBox), tenc);
  assert.deepEqual(written((w) => writeSinf(w, { originalFormat: 'avc1', scheme: 'cenc', tenc })), bytes.subarray(12));
  assert.throws(() => written((w) => writeEncryptedSampleEntry(w, (x) => x.endBox(x.beginBox('mp4a')), { kind: 'video', originalFormat: 'avc1', scheme: 'cenc', tenc })), /expected a 'avc1' entry/);
});
