import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planFfmpegArgs } from '../../../src/transcode/planFfmpegArgs.ts';
import { planRenditions } from '../../../src/transcode/planRenditions.ts';
import { defaultTemplate } from '../../../src/transcode/defaultTemplate.ts';
import type { InputProbe } from '../../../src/transcode/InputProbe.ts';
import type { TranscodeTemplate } from '../../../src/transcode/TranscodeTemplate.ts';

const probe: InputProbe = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 6,
  video: { index: 0, codec: 'h264', width: 1920, height: 1080, displayWidth: 1920, displayHeight: 1080, frameRate: 30000 / 1001, rotation: 0 },
  audio: { index: 1, codec: 'aac', channels: 2, sampleRate: 48000 },
};

function args(template: TranscodeTemplate, p: InputProbe = probe): string[] {
  return planFfmpegArgs({ inputPath: '/work/in put.mp4', probe: p, template, renditions: planRenditions(template, p), outputDir: '/work/out', baseName: 'clip' });
}

function valueOf(list: string[], flag: string): string | undefined {
  const i = list.indexOf(flag);
  return i >= 0 ? list[i + 1] : undefined;
}

test('one process: a split graph with a scaler per rendition', () => {
  const a = args(defaultTemplate);
  assert.equal(valueOf(a, '-filter_complex'),
    '[0:0]split=3[s0][s1][s2];[s0]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[v0];[s1]scale=960:540:flags=bicubic,setsar=1,format=yuv420p[v1];[s2]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v2]');
  assert.deepEqual(a.filter((_, i) => a[i - 1] === '-map'), ['[v0]', '[v1]', '[v2]', '0:1']);
});

test('aligned closed GOPs: forced key frames every gopSeconds, no scene cuts', () => {
  const a = args(defaultTemplate);
  assert.equal(valueOf(a, '-force_key_frames'), 'expr:gte(t,n_forced*2)');
  assert.equal(valueOf(a, '-g'), '60', '2 s at 29.97 fps');
  assert.equal(valueOf(a, '-keyint_min'), '60');
  assert.equal(valueOf(a, '-sc_threshold'), '0');
  assert.equal(valueOf(a, '-flags'), '+cgop');
  assert.equal(valueOf(a, '-hls_time'), '6');
});

test('per-rendition rate control and profile', () => {
  const a = args(defaultTemplate);
  assert.equal(valueOf(a, '-b:v:0'), '3000000');
  assert.equal(valueOf(a, '-maxrate:v:0'), '3600000');
  assert.equal(valueOf(a, '-bufsize:v:0'), '6000000');
  assert.equal(valueOf(a, '-profile:v:2'), 'main');
  assert.equal(valueOf(a, '-b:a'), '128000');
  assert.equal(valueOf(a, '-ar'), '48000');
});

test('MediaConvert naming, separate audio rendition, input confined to the file protocol', () => {
  const a = args(defaultTemplate);
  assert.equal(valueOf(a, '-var_stream_map'), 'v:0,name:_720p v:1,name:_540p v:2,name:_360p a:0,name:_audio');
  assert.equal(valueOf(a, '-hls_segment_filename'), '/work/out/clip%v_%05d.ts');
  assert.equal(a.at(-1), '/work/out/clip%v.m3u8');
  assert.equal(valueOf(a, '-start_number'), '1');
  assert.equal(valueOf(a, '-protocol_whitelist'), 'file');
  assert.equal(valueOf(a, '-i'), 'file:/work/in put.mp4');
  assert.equal(valueOf(a, '-progress'), 'pipe:1');
});

test('muxed audio maps the audio once per video rendition', () => {
  const template = structuredClone(defaultTemplate);
  template.audio!.grouping = 'muxed';
  const a = args(template);
  assert.deepEqual(a.filter((_, i) => a[i - 1] === '-map'), ['[v0]', '0:1', '[v1]', '0:1', '[v2]', '0:1']);
  assert.equal(valueOf(a, '-var_stream_map'), 'v:0,a:0,name:_720p v:1,a:1,name:_540p v:2,a:2,name:_360p');
});

test('no audio in the input or in the template: video-only renditions', () => {
  const { audio: _, ...silent } = probe;
  for (const a of [args(defaultTemplate, silent), args({ ...defaultTemplate, audio: null })]) {
    assert.equal(valueOf(a, '-var_stream_map'), 'v:0,name:_720p v:1,name:_540p v:2,name:_360p');
    assert.equal(a.includes('-c:a'), false);
    assert.equal(a.filter((_, i) => a[i - 1] === '-map').some((m) => m.startsWith('0:')), false);
  }
});

test('streams are taken by their probed index (cover art may come first)', () => {
  const withArt: InputProbe = { ...probe, video: { ...probe.video, index: 2 }, audio: { ...probe.audio!, index: 0 } };
  const a = args(defaultTemplate, withArt);
  assert.ok(valueOf(a, '-filter_complex')!.startsWith('[0:2]split=3'));
  assert.deepEqual(a.filter((_, i) => a[i - 1] === '-map'), ['[v0]', '[v1]', '[v2]', '0:0']);
});

test('a single rendition needs no split', () => {
  const small: InputProbe = { ...probe, video: { ...probe.video, width: 320, height: 180, displayWidth: 320, displayHeight: 180 } };
  assert.equal(valueOf(args(defaultTemplate, small), '-filter_complex'), '[0:0]scale=320:180:flags=bicubic,setsar=1,format=yuv420p[v0]');
});
