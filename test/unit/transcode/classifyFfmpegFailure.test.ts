import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFfmpegFailure } from '../../../src/transcode/classifyFfmpegFailure.ts';

const run = (stderrTail: string, exitCode: number | null = 1, signal: string | null = null) => classifyFfmpegFailure({ exitCode, signal, stderrTail }, 's3://b/in.mp4');

test('known causes get their own code; the message keeps the stderr tail', () => {
  assert.deepEqual(run('[hls @ 0x1] Failed to open file \'/w/out/x_00003.ts\'\nav_interleaved_write_frame(): No space left on device'), {
    code: 'DISK_FULL',
    message: "ffmpeg exited with code 1 while transcoding s3://b/in.mp4: [hls @ 0x1] Failed to open file '/w/out/x_00003.ts'\nav_interleaved_write_frame(): No space left on device",
  });
  assert.equal(run('Decoder (codec av1) not found for input stream #0:0').code, 'INPUT_UNSUPPORTED');
  assert.equal(run('file:/w/input.mp4: Invalid data found when processing input').code, 'INPUT_READ_FAILED');
});

test('anything else is TRANSCODE_FAILED, naming how ffmpeg ended', () => {
  assert.deepEqual(run('', null, 'SIGSEGV'), { code: 'TRANSCODE_FAILED', message: 'ffmpeg was killed by SIGSEGV while transcoding s3://b/in.mp4: (no error output)' });
  assert.equal(run('Error initializing output stream 0:0').code, 'TRANSCODE_FAILED');
});
