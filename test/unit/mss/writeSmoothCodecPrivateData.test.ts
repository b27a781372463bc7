import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeSmoothCodecPrivateData } from '../../../src/media/mss/writeSmoothCodecPrivateData.ts';

test('H.264: 00000001 + each SPS, then 00000001 + each PPS, upper-case hex', () => {
  const config = { codec: 'avc' as const, sps: [Uint8Array.of(0x67, 0x64, 0x00, 0x1f)], pps: [Uint8Array.of(0x68, 0xeb), Uint8Array.of(0x68, 0xef)] };
  assert.equal(writeSmoothCodecPrivateData(config), '00000001' + '6764001F' + '00000001' + '68EB' + '00000001' + '68EF');
});

test('H.265: VPS, SPS, PPS behind start codes', () => {
  const config = { codec: 'hevc' as const, vps: [Uint8Array.of(0x40, 0x01)], sps: [Uint8Array.of(0x42, 0x01)], pps: [Uint8Array.of(0x44, 0x01)] };
  assert.equal(writeSmoothCodecPrivateData(config), '000000014001' + '000000014201' + '000000014401');
});

test('AAC: the AudioSpecificConfig bytes', () => {
  assert.equal(writeSmoothCodecPrivateData({ codec: 'aac', audioSpecificConfig: Uint8Array.of(0x11, 0x90) }), '1190');
});

test('text (WebVTT) has no decoder configuration: empty', () => {
  assert.equal(writeSmoothCodecPrivateData({ codec: 'wvtt' }), '');
});
