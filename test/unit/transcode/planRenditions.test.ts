import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRenditions } from '../../../src/transcode/planRenditions.ts';
import { defaultTemplate } from '../../../src/transcode/defaultTemplate.ts';
import type { InputProbe } from '../../../src/transcode/InputProbe.ts';

function probe(displayWidth: number, displayHeight: number): InputProbe {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 6,
    video: { index: 0, codec: 'h264', width: displayWidth, height: displayHeight, displayWidth, displayHeight, frameRate: 25, rotation: 0 },
  };
}

const sizes = (list: { width: number; height: number }[]) => list.map((r) => `${r.width}x${r.height}`);

test('a 1080p input gets the whole default ladder', () => {
  const planned = planRenditions(defaultTemplate, probe(1920, 1080));
  assert.deepEqual(sizes(planned), ['1280x720', '960x540', '640x360']);
  assert.deepEqual(planned.map((r) => r.nameModifier), ['_720p', '_540p', '_360p']);
  assert.deepEqual(planned.map((r) => r.bitrate), [3_000_000, 1_800_000, 800_000]);
});

test('rungs above the input are dropped, never upscaled', () => {
  assert.deepEqual(sizes(planRenditions(defaultTemplate, probe(960, 540))), ['960x540', '640x360']);
  assert.deepEqual(sizes(planRenditions(defaultTemplate, probe(1000, 562))), ['960x540', '640x360']);
});

test('a tiny input keeps the smallest rung at its own size', () => {
  const planned = planRenditions(defaultTemplate, probe(320, 180));
  assert.deepEqual(sizes(planned), ['320x180']);
  assert.equal(planned[0].nameModifier, '_360p');
});

test('another aspect ratio is fitted inside each box, with even sizes', () => {
  assert.deepEqual(sizes(planRenditions(defaultTemplate, probe(1920, 800))), ['1280x534', '960x400', '640x266']);
  assert.deepEqual(sizes(planRenditions(defaultTemplate, probe(1080, 1920))), ['406x720', '304x540', '202x360']);
});

test('rungs that come out the same size are kept once', () => {
  const template = structuredClone(defaultTemplate);
  template.video.renditions = [
    { nameModifier: '_a', width: 640, height: 480, bitrate: 900_000, profile: 'main' },
    { nameModifier: '_b', width: 640, height: 360, bitrate: 800_000, profile: 'main' },
  ];
  assert.deepEqual(planRenditions(template, probe(1280, 720)).map((r) => r.nameModifier), ['_a']);
});
