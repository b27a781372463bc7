// PlayReady signalling, byte for byte: the PlayReady Object (length, record, UTF-16LE WRMHEADER
// v4.0 for AES-CTR with the KID in GUID byte order and the checksum; v4.3 for AES-CBC), read back;
// its DASH ContentProtection (MSPR 2.0, mspr:pro + cenc:pssh, the mspr namespace), ContentProtection
// per Representation when a set's tracks have different keys, and Smooth's ProtectionHeader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCipheriv } from 'node:crypto';
import { writePlayReadyObject } from '../../../src/media/cenc/writePlayReadyObject.ts';
import { readPlayReadyObject } from '../../../src/media/cenc/readPlayReadyObject.ts';
import { computePlayReadyChecksum } from '../../../src/media/cenc/computePlayReadyChecksum.ts';
import { toGuidByteOrder } from '../../../src/media/cenc/toGuidByteOrder.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { hexFromBytes } from '../../../src/media/cenc/hexFromBytes.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import { writeSmoothManifest } from '../../../src/media/mss/writeSmoothManifest.ts';
import type { DashContentProtection } from '../../../src/media/cenc/DashContentProtection.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { audioTrack, videoTrack } from './support/syntheticAvc.ts';

const kid = bytesFromHex('01020304-0506-0708-090a-0b0c0d0e0f10');
const key = bytesFromHex('000102030405060708090a0b0c0d0e0f');
const utf16 = (text: string) => Buffer.from(text, 'utf16le');

test('GUID byte order: the first three fields little-endian, the rest as is; its own inverse', () => {
  assert.equal(hexFromBytes(toGuidByteOrder(kid)), '04030201060508070' + '90a0b0c0d0e0f10');
  assert.deepEqual(toGuidByteOrder(toGuidByteOrder(kid)), kid);
});

test('checksum of an AES-CTR key: the GUID-order KID in AES-ECB under the key, first 8 bytes', () => {
  const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const expected = Buffer.concat([ecb.update(toGuidByteOrder(kid)), ecb.final()]).subarray(0, 8);
  assert.deepEqual(computePlayReadyChecksum(kid, key, NodeBlockCipher), new Uint8Array(expected));
});

test('PlayReady Object for cenc: WRMHEADER v4.0.0.0, every byte accounted for', () => {
  const checksum = computePlayReadyChecksum(kid, key, NodeBlockCipher);
  const pro = writePlayReadyObject({ kid, scheme: 'cenc', checksum, licenseUrl: 'https://pr.example/rightsmanager.asmx?a=1&b=<2>' });
  const xml =
    '<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.0.0.0"><DATA>' +
    '<PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO>' +
    '<KID>BAMCAQYFCAcJCgsMDQ4PEA==</KID>' +
    `<CHECKSUM>${Buffer.from(checksum).toString('base64')}</CHECKSUM>` +
    '<LA_URL>https://pr.example/rightsmanager.asmx?a=1&amp;b=&lt;2&gt;</LA_URL></DATA></WRMHEADER>';
  const record = utf16(xml);
  const expected = Buffer.concat([
    Buffer.from([...le32(10 + record.byteLength)]), // PlayReady Object length, little-endian
    Buffer.from([0x01, 0x00]), // record count 1
    Buffer.from([0x01, 0x00]), // record type 1: Rights Management Header
    Buffer.from([record.byteLength & 0xff, record.byteLength >> 8]), // record length
    record, // WRMHEADER, UTF-16LE, no BOM
  ]);
  assert.deepEqual(Buffer.from(pro), expected);
  const read = readPlayReadyObject(pro);
  assert.deepEqual([read.version, read.kids.map(hexFromBytes), read.licenseUrl], ['4.0.0.0', [hexFromBytes(kid)], 'https://pr.example/rightsmanager.asmx?a=1&b=<2>']);
});

test('PlayReady Object for cbcs: WRMHEADER v4.3.0.0 with KIDS/KID ALGID="AESCBC", no checksum', () => {
  const pro = writePlayReadyObject({ kid, scheme: 'cbcs' });
  const text = Buffer.from(pro.subarray(10)).toString('utf16le');
  assert.equal(
    text,
    '<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.3.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" VALUE="BAMCAQYFCAcJCgsMDQ4PEA=="></KID></KIDS></PROTECTINFO></DATA></WRMHEADER>',
  );
  assert.deepEqual(readPlayReadyObject(pro).kids, [kid]);
});

test('a damaged PlayReady Object is MALFORMED', () => {
  const good = writePlayReadyObject({ kid, scheme: 'cenc' });
  const malformed = (bytes: Uint8Array, pattern: RegExp) => assert.throws(() => readPlayReadyObject(bytes), (e) => e instanceof MediaError && e.code === 'MALFORMED' && pattern.test(e.message));
  malformed(good.subarray(0, good.byteLength - 2), /length field says/);
  const wrongType = good.slice();
  wrongType[6] = 2;
  malformed(wrongType, /no Rights Management Header record/);
  const noKid = writePlayReadyObject({ kid, scheme: 'cenc' });
  const text = Buffer.from(noKid.subarray(10)).toString('utf16le').replace('<KID>BAMCAQYFCAcJCgsMDQ4PEA==</KID>', '<KID>BAMCAQYFCAcJCgsMDQ4P</KID>');
  const record = utf16(text);
  malformed(Buffer.concat([Buffer.from(le32(10 + record.byteLength)), Buffer.from([1, 0, 1, 0, record.byteLength & 0xff, record.byteLength >> 8]), record]), /is not base64 of 16 bytes/);
  assert.throws(() => writePlayReadyObject({ kid: kid.subarray(0, 8), scheme: 'cenc' }), MediaError);
});

const playReadyProtection = (k: Uint8Array): DashContentProtection => ({
  scheme: 'cenc',
  defaultKid: k,
  systems: [{ systemId: systemIds.playReady, value: 'MSPR 2.0', playReadyObject: writePlayReadyObject({ kid: k, scheme: 'cenc' }), pssh: Uint8Array.of(0, 0, 0, 8, 0x70, 0x73, 0x73, 0x68) }],
});

test('DASH: PlayReady ContentProtection with mspr:pro before cenc:pssh; ContentProtection per Representation when a set\'s tracks have different keys', () => {
  const hd: Track = { ...videoTrack, id: 'v2', width: 1920, height: 1080 };
  const presentation = {
    durationSeconds: 4,
    switchingSets: [
      { id: 'video', kind: 'video' as const, tracks: [videoTrack, hd].map((track) => ({ track, segments: [{ number: 1, startTime: 0, duration: 360000 }] })) },
      { id: 'audio', kind: 'audio' as const, tracks: [{ track: audioTrack, segments: [{ number: 1, startTime: 0, duration: 192000 }] }] },
    ],
  };
  const sdKid = bytesFromHex('11'.repeat(16));
  const hdKid = bytesFromHex('22'.repeat(16));
  const byTrack = (track: Track) => (track.kind === 'audio' ? undefined : playReadyProtection(track.id === 'v2' ? hdKid : sdKid));
  const mpd = writeMpd(presentation, { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: '$RepresentationID$/init.mp4', mediaTemplate: '$RepresentationID$/$Number$.m4s', contentProtection: byTrack });
  assert.match(mpd, /<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" xmlns:dashif="https:\/\/dashif.org\/CPS" xmlns:mspr="urn:microsoft:playready" /);
  const sets = mpd.split('<AdaptationSet').slice(1);
  // Video: two keys, so no ContentProtection on the set, one on each Representation (after its attributes, before SegmentTemplate).
  assert.doesNotMatch(sets[0].split('<Representation')[0], /ContentProtection/);
  for (const [rep, k] of [[1, '11111111-1111-1111-1111-111111111111'], [2, '22222222-2222-2222-2222-222222222222']] as const) {
    const representation = sets[0].split('<Representation')[rep];
    assert.match(representation, new RegExp(`^[^>]*>\\s*<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${k}"/>\\s*<ContentProtection schemeIdUri="urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95" value="MSPR 2.0">\\s*<mspr:pro>[^<]+</mspr:pro>\\s*<cenc:pssh>AAAACHBzc2g=</cenc:pssh>\\s*</ContentProtection>\\s*<SegmentTemplate`));
  }
  // Audio: no key (UNENCRYPTED), no ContentProtection at all.
  assert.doesNotMatch(sets[1], /ContentProtection/);
  // One key for the whole set: on the AdaptationSet, as before.
  const shared = writeMpd(presentation, { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: 'i', mediaTemplate: 'm', contentProtection: () => playReadyProtection(sdKid) });
  assert.equal(shared.split('<AdaptationSet')[1].split('<Representation')[0].match(/mp4protection/g)?.length, 1);
  assert.doesNotMatch(shared.split('<AdaptationSet')[1].split('<Representation').slice(1).join(''), /ContentProtection/);
  // A clear MPD declares no protection namespace.
  assert.doesNotMatch(writeMpd(presentation, { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: 'i', mediaTemplate: 'm', contentProtection: () => undefined }), /xmlns:cenc/);
});

test('Smooth: the Protection element comes first, with the PlayReady Object under its upper-case SystemID', () => {
  const pro = writePlayReadyObject({ kid, scheme: 'cenc' });
  const presentation = { durationSeconds: 4, switchingSets: [{ id: 'video', kind: 'video' as const, tracks: [{ track: videoTrack, segments: [{ number: 1, startTime: 0, duration: 360000 }] }] }] };
  const manifest = writeSmoothManifest(presentation, { protection: [{ systemId: systemIds.playReady, header: pro }] });
  const lines = manifest.split('\n');
  assert.deepEqual(lines.slice(2, 5), ['  <Protection>', `    <ProtectionHeader SystemID="9A04F079-9840-4286-AB92-E65BE0885F95">${Buffer.from(pro).toString('base64')}</ProtectionHeader>`, '  </Protection>']);
  assert.match(lines[5], /^ {2}<StreamIndex Type="video"/);
  assert.doesNotMatch(writeSmoothManifest(presentation), /Protection/);
});

function le32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
}
