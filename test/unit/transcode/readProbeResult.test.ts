import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readProbeResult } from '../../../src/transcode/readProbeResult.ts';

const video = { index: 0, codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001', r_frame_rate: '30000/1001', sample_aspect_ratio: '1:1', disposition: { attached_pic: 0 } };
const audio = { index: 1, codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '48000' };
const format = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '6.016000' };

test('a normal file: video, audio, duration, frame rate', () => {
  assert.deepEqual(readProbeResult({ format, streams: [video, audio] }, 's3://b/in.mp4'), {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 6.016,
    video: { index: 0, codec: 'h264', width: 1280, height: 720, displayWidth: 1280, displayHeight: 720, frameRate: 30000 / 1001, rotation: 0 },
    audio: { index: 1, codec: 'aac', channels: 2, sampleRate: 48000 },
  });
});

test('rotation swaps the display size; a non-square pixel aspect widens it', () => {
  const rotated = readProbeResult({ format, streams: [{ ...video, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }] }, 'x');
  assert.equal(rotated.video.rotation, 90);
  assert.deepEqual([rotated.video.displayWidth, rotated.video.displayHeight], [720, 1280]);
  const anamorphic = readProbeResult({ format, streams: [{ ...video, width: 720, height: 576, sample_aspect_ratio: '64:45' }] }, 'x');
  assert.deepEqual([anamorphic.video.displayWidth, anamorphic.video.displayHeight], [1024, 576]);
});

test('no video stream is INPUT_NO_VIDEO, saying what was found', () => {
  assert.throws(() => readProbeResult({ format: { format_name: 'wav', duration: '3' }, streams: [{ ...audio, codec_name: 'pcm_s16le' }] }, 's3://b/song.wav'), {
    code: 'INPUT_NO_VIDEO',
    message: 's3://b/song.wav has no video stream: the wav container holds audio only (pcm_s16le)',
  });
  // Cover art is a video stream in ffprobe's eyes, not a video.
  assert.throws(() => readProbeResult({ format, streams: [audio, { ...video, codec_name: 'mjpeg', disposition: { attached_pic: 1 } }] }, 'x'), { code: 'INPUT_NO_VIDEO' });
});

test('a still image is INPUT_NO_VIDEO', () => {
  assert.throws(() => readProbeResult({ format: { format_name: 'png_pipe' }, streams: [{ ...video, codec_name: 'png' }] }, 's3://b/poster.png'), {
    code: 'INPUT_NO_VIDEO',
    message: 's3://b/poster.png is a still image (png_pipe), not a video',
  });
});

test('playlists and files without size or duration are refused', () => {
  assert.throws(() => readProbeResult({ format: { format_name: 'hls', duration: '30' }, streams: [video] }, 'x'), { code: 'INPUT_UNSUPPORTED' });
  assert.throws(() => readProbeResult({ format, streams: [{ ...video, width: 0 }] }, 'x'), { code: 'INPUT_UNREADABLE' });
  assert.throws(() => readProbeResult({ format: { format_name: 'mpegts' }, streams: [video] }, 'x'), { code: 'INPUT_UNREADABLE', message: /no known duration/ });
});

test('an unknown frame rate falls back to 25', () => {
  const p = readProbeResult({ format, streams: [{ ...video, avg_frame_rate: '0/0', r_frame_rate: '0/0' }] }, 'x');
  assert.equal(p.video.frameRate, 25);
});
