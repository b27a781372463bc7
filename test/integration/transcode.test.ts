/**
 * The transcoder end to end with real ffmpeg: a dropped file becomes an HLS
 * ladder in a bucket that Kinora's own ingest accepts, announced by
 * MediaConvert-shaped events; bad inputs, cancel, publication order and the
 * watch folder. Inputs are a few seconds long (test/unit/transcode/support).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { createTranscoder, type Transcoder, type TranscoderOptions } from '../../src/transcode/createTranscoder.ts';
import { MemoryJobStore } from '../../src/transcode/MemoryJobStore.ts';
import { WatchFolder } from '../../src/transcode/WatchFolder.ts';
import { defaultTemplate } from '../../src/transcode/defaultTemplate.ts';
import type { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import type { JobStateChangeEvent } from '../../src/transcode/JobStateChangeEvent.ts';
import type { TranscodeTemplate } from '../../src/transcode/TranscodeTemplate.ts';
import { audioOnly, clip180, clip720, EventLog, keyframeTimes, noise, RecordingObjectStore, silentMkv } from '../unit/transcode/support/transcodeMedia.ts';

let origin: TestOrigin;
let folder: FolderObjectStore;
const temps: string[] = [];

before(async () => {
  origin = await startOrigin();
  folder = origin.kinora.store as FolderObjectStore;
  await folder.put('media', 'inputs/clip720.mp4', clip720());
  await folder.put('media', 'inputs/clip180.mp4', clip180());
  await folder.put('media', 'inputs/tone.m4a', audioOnly());
  await folder.put('media', 'inputs/noise.mp4', noise());
  await folder.put('media', 'inputs/truncated.mp4', clip720().subarray(0, 3000));
  await folder.put('media', 'inputs/empty.mp4', new Uint8Array(0));
  await folder.put('media', 'inputs/silent.mkv', silentMkv());
});

after(async () => {
  await origin.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function transcoder(log: EventLog, overrides: Partial<TranscoderOptions> = {}): { transcoder: Transcoder; tempDir: string } {
  const tempDir = mkdtempSync(join(tmpdir(), 'kinora-transcode-'));
  temps.push(tempDir);
  const t = createTranscoder({ store: new MemoryJobStore(), objectStore: folder, tempDir, emit: log.emit, statusUpdateIntervalMs: 0, pollIntervalMs: 100, ...overrides });
  return { transcoder: t, tempDir };
}

/** Sorted keys, so a stray or a missing field fails loudly. */
function keysOf(o: object): string[] {
  return Object.keys(o).sort();
}

const ENVELOPE_KEYS = ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'];
const BASE_DETAIL_KEYS = ['accountId', 'jobId', 'queue', 'status', 'timestamp', 'userMetadata'];

function assertEnvelope(e: JobStateChangeEvent, jobArn: string): void {
  assert.deepEqual(keysOf(e), ENVELOPE_KEYS);
  assert.equal(e.version, '0');
  assert.match(e.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(e['detail-type'], 'MediaConvert Job State Change');
  assert.equal(e.source, 'aws.mediaconvert');
  assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(e.resources, [jobArn]);
  assert.equal(e.detail.accountId, e.account);
  assert.equal(e.detail.queue, `arn:aws:mediaconvert:${e.region}:${e.account}:queues/Default`);
  assert.equal(typeof e.detail.timestamp, 'number');
}

describe('the default ladder from a 6 s 720p input', () => {
  const log = new EventLog();
  let recording: RecordingObjectStore;
  const finalDuringTranscode: number[] = [];
  let jobId = '';
  let jobArn = '';

  before(async () => {
    recording = new RecordingObjectStore(folder);
    const checker = (e: JobStateChangeEvent) => {
      log.emit(e);
      // While ffmpeg runs, nothing may exist under the final prefix (checked synchronously, as the event is emitted).
      if (e.detail.jobProgress?.currentPhase === 'TRANSCODING') {
        const final = join(folder.root, 'media', 'assets', 'clip720');
        finalDuringTranscode.push(existsSync(final) ? readdirSync(final, { recursive: true }).length : 0);
      }
    };
    const { transcoder: t } = transcoder(log, { objectStore: recording, emit: checker });
    t.start();
    const job = await t.submit('s3://media/inputs/clip720.mp4', undefined, 's3://media/assets/clip720/HLS/', { userMetadata: { asset: 'clip720' } });
    jobId = job.id;
    jobArn = job.arn;
    assert.match(jobId, /^\d{13}-[0-9a-z]{6}$/);
    await log.end(jobId);
    await t.stop();
  });

  test('events: SUBMITTED, PROGRESSING, increasing STATUS_UPDATEs, COMPLETE, all in MediaConvert\'s exact shape', () => {
    const events = log.of(jobId);
    const statuses = events.map((e) => e.detail.status);
    assert.deepEqual(statuses.slice(0, 2), ['SUBMITTED', 'PROGRESSING']);
    assert.equal(statuses.at(-1), 'COMPLETE');
    const updates = events.slice(2, -1);
    assert.ok(updates.length >= 3, `expected several STATUS_UPDATEs, found ${updates.length}`);
    assert.ok(updates.every((e) => e.detail.status === 'STATUS_UPDATE'));
    const percents = updates.map((e) => e.detail.jobProgress!.jobPercentComplete);
    for (let i = 1; i < percents.length; i++) assert.ok(percents[i] > percents[i - 1], `progress went ${percents[i - 1]} -> ${percents[i]}`);
    assert.ok(percents.at(-1)! < 100);
    assert.ok(updates.some((e) => e.detail.jobProgress!.currentPhase === 'TRANSCODING'));
    assert.ok(updates.some((e) => e.detail.jobProgress!.currentPhase === 'UPLOADING'));
    for (const e of events) {
      assertEnvelope(e, jobArn);
      assert.deepEqual(e.detail.userMetadata, { asset: 'clip720' });
    }
    for (const e of events.filter((x) => ['SUBMITTED', 'PROGRESSING'].includes(x.detail.status))) assert.deepEqual(keysOf(e.detail), BASE_DETAIL_KEYS);
    for (const e of updates) {
      assert.deepEqual(keysOf(e.detail), [...BASE_DETAIL_KEYS, 'jobProgress', ...(e.detail.framesDecoded === undefined ? [] : ['framesDecoded'])].sort());
      assert.deepEqual(keysOf(e.detail.jobProgress!), ['currentPhase', 'jobPercentComplete', 'phaseProgress', 'retryCount']);
      assert.deepEqual(keysOf(e.detail.jobProgress!.phaseProgress), ['PROBING', 'TRANSCODING', 'UPLOADING']);
      assert.equal(e.detail.jobProgress!.retryCount, 0);
    }
  });

  test('COMPLETE lists the multivariant playlist and one output per rendition', () => {
    const complete = log.of(jobId).at(-1)!;
    assert.deepEqual(keysOf(complete.detail), [...BASE_DETAIL_KEYS, 'outputGroupDetails'].sort());
    const groups = complete.detail.outputGroupDetails!;
    assert.equal(groups.length, 1);
    assert.equal(groups[0].type, 'HLS_GROUP');
    assert.deepEqual(groups[0].playlistFilePaths, ['s3://media/assets/clip720/HLS/clip720.m3u8']);
    const outputs = groups[0].outputDetails;
    assert.deepEqual(outputs.map((o) => o.outputFilePaths), [
      ['s3://media/assets/clip720/HLS/clip720_720p.m3u8'],
      ['s3://media/assets/clip720/HLS/clip720_540p.m3u8'],
      ['s3://media/assets/clip720/HLS/clip720_360p.m3u8'],
      ['s3://media/assets/clip720/HLS/clip720_audio.m3u8'],
    ]);
    assert.deepEqual(outputs.map((o) => o.videoDetails), [{ widthInPx: 1280, heightInPx: 720 }, { widthInPx: 960, heightInPx: 540 }, { widthInPx: 640, heightInPx: 360 }, undefined]);
    for (const o of outputs) assert.ok(Math.abs(o.durationInMs - 6000) <= 100, `duration ${o.durationInMs} ms`);
  });

  test('the files are named as MediaConvert names them, and only the output is under the final prefix', async () => {
    const keys = (await folder.list('media', 'assets/clip720/HLS/')).map((o) => o.key.replace('assets/clip720/HLS/', ''));
    assert.deepEqual(keys.sort(), [
      'clip720.m3u8',
      'clip720_360p.m3u8', 'clip720_360p_00001.ts',
      'clip720_540p.m3u8', 'clip720_540p_00001.ts',
      'clip720_720p.m3u8', 'clip720_720p_00001.ts',
      'clip720_audio.m3u8', 'clip720_audio_00001.ts', 'clip720_audio_00002.ts',
    ].sort());
  });

  test('nothing under the final prefix before the output is complete; the multivariant playlist is written last', () => {
    assert.ok(finalDuringTranscode.length > 0);
    assert.ok(finalDuringTranscode.every((n) => n === 0), `objects under the final prefix while transcoding: ${finalDuringTranscode}`);
    const puts = recording.puts.map((p) => p.key);
    const finalPuts = puts.filter((k) => k.startsWith('assets/clip720/HLS/'));
    const firstFinal = puts.findIndex((k) => k.startsWith('assets/clip720/HLS/'));
    assert.equal(finalPuts.length, 10, 'each file published once');
    assert.ok(puts.slice(0, firstFinal).length === 10 && puts.slice(0, firstFinal).every((k) => k.startsWith(`.kinora-staging/${jobId}/1/`)), 'everything staged before anything is published');
    assert.ok(puts.slice(firstFinal).every((k) => k.startsWith('assets/clip720/HLS/')));
    assert.equal(puts.at(-1), 'assets/clip720/HLS/clip720.m3u8');
    const childPlaylists = finalPuts.map((k, i) => [k, i] as const).filter(([k]) => /_[a-z0-9]+\.m3u8$/.test(k)).map(([, i]) => i);
    const segments = finalPuts.map((k, i) => [k, i] as const).filter(([k]) => k.endsWith('.ts')).map(([, i]) => i);
    assert.ok(Math.min(...childPlaylists) > Math.max(...segments), 'media playlists after every segment');
  });

  test('no staged object remains once the job is COMPLETE, and the staging folders are gone', async () => {
    assert.ok(recording.puts.some((p) => p.key.startsWith(`.kinora-staging/${jobId}/1/`)), 'the job did stage');
    assert.deepEqual(await folder.list('media', `.kinora-staging/${jobId}/`), []);
    assert.equal(existsSync(join(folder.root, 'media', '.kinora-staging', jobId)), false);
    assert.deepEqual(recording.deletes.at(-1), { bucket: 'media', prefix: `.kinora-staging/${jobId}/1/` }, 'the attempt deleted its own staging prefix last');
  });

  test('Kinora\'s ingest accepts the output and serves it', async () => {
    const asset = await origin.addAsset('clip720', 's3://media/assets/clip720/HLS/clip720.m3u8');
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
    const manifest = await origin.app.inject({ method: 'GET', url: origin.urls.clip720['kinora-default-cmaf'] });
    assert.equal(manifest.statusCode, 200);
    assert.equal((manifest.body.match(/#EXT-X-STREAM-INF/g) ?? []).length, 3);
    assert.match(manifest.body, /RESOLUTION=1280x720/);
  });

  test('the multivariant playlist is measured from the output', () => {
    const text = execFileSync('cat', [folder.pathOf('media', 'assets/clip720/HLS/clip720.m3u8')]).toString();
    assert.match(text, /#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",AUTOSELECT=YES,DEFAULT=YES,CHANNELS="2",URI="clip720_audio\.m3u8"/);
    const variants = [...text.matchAll(/#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=(\d+),BANDWIDTH=(\d+),CODECS="(avc1\.[0-9a-f]{6}),mp4a\.40\.2",RESOLUTION=(\d+x\d+),FRAME-RATE=15\.000,AUDIO="audio"\n(\S+)/g)];
    assert.deepEqual(variants.map((m) => [m[4], m[5]]), [['1280x720', 'clip720_720p.m3u8'], ['960x540', 'clip720_540p.m3u8'], ['640x360', 'clip720_360p.m3u8']]);
    assert.deepEqual(variants.map((m) => m[3].slice(0, 7)), ['avc1.64', 'avc1.64', 'avc1.4d'], 'High, High, Main profiles');
    for (const m of variants) assert.ok(Number(m[2]) >= Number(m[1]) && Number(m[1]) > 100_000);
  });

  test('key frames every 2 s, at the same times in every rendition', () => {
    const times = ['720p', '540p', '360p'].map((r) => keyframeTimes(folder.pathOf('media', `assets/clip720/HLS/clip720_${r}_00001.ts`)));
    const start = times[0][0];
    assert.deepEqual(times[0].map((t) => Math.round((t - start) * 1000)), [0, 2000, 4000]);
    assert.deepEqual(times[1], times[0]);
    assert.deepEqual(times[2], times[0]);
  });
});

describe('bad inputs end in ERROR with MediaConvert\'s error code', () => {
  const log = new EventLog();
  let t: Transcoder;
  before(() => {
    t = transcoder(log, { concurrency: 2 }).transcoder;
    t.start();
  });
  after(() => t.stop());

  const cases: [string, string, number, RegExp][] = [
    ['empty.mp4', 'INPUT_EMPTY', 1010, /^s3:\/\/media\/inputs\/empty\.mp4 is empty \(0 bytes\)$/],
    ['noise.mp4', 'INPUT_UNREADABLE', 1010, /^s3:\/\/media\/inputs\/noise\.mp4 \(65536 bytes\) cannot be opened as media: moov atom not found; Invalid data found when processing input$/],
    ['truncated.mp4', 'INPUT_UNREADABLE', 1010, /^s3:\/\/media\/inputs\/truncated\.mp4 \(3000 bytes\) cannot be opened as media: /],
    ['tone.m4a', 'INPUT_NO_VIDEO', 1020, /^s3:\/\/media\/inputs\/tone\.m4a has no video stream: the mov,mp4,m4a,3gp,3g2,mj2 container holds audio only \(aac\)$/],
    ['missing.mp4', 'INPUT_NOT_FOUND', 1404, /^s3:\/\/media\/inputs\/missing\.mp4 does not exist$/],
  ];
  for (const [file, code, number, message] of cases) {
    test(`${file}: ${code} (${number})`, async () => {
      const job = await t.submit(`s3://media/inputs/${file}`, undefined, `s3://media/assets/bad-${file.replace('.', '-')}/`);
      const end = await log.end(job.id);
      assert.equal(end.detail.status, 'ERROR');
      assertEnvelope(end, job.arn);
      assert.deepEqual(keysOf(end.detail), [...BASE_DETAIL_KEYS, 'errorCode', 'errorMessage'].sort());
      assert.equal(end.detail.errorCode, number);
      assert.match(end.detail.errorMessage!, message);
      const stored = await t.get(job.id);
      assert.equal(stored?.status, 'ERROR');
      assert.equal(stored?.error?.code, code);
      assert.deepEqual(await folder.list('media', `assets/bad-${file.replace('.', '-')}/`), []);
    });
  }

  test('refusals at submit are INVALID_REQUEST naming the problem', async () => {
    await assert.rejects(t.submit('/etc/passwd', undefined, 's3://media/out/'), { code: 'INVALID_REQUEST', message: /local files are not accepted/ });
    await assert.rejects(t.submit('https://elsewhere.example/a.mp4', undefined, 's3://media/out/'), { code: 'INVALID_REQUEST', message: /allow-list/ });
    await assert.rejects(t.submit('s3://media/inputs/clip180.mp4', undefined, 'media/out/'), { code: 'INVALID_REQUEST', message: /destination must be/ });
    await assert.rejects(t.submit('s3://media/inputs/clip180.mp4', { ...defaultTemplate, segmentSeconds: 7 }, 's3://media/out/'), { code: 'INVALID_REQUEST', message: /^template\.segmentSeconds / });
    assert.equal(await t.get('1-nothere'), undefined);
  });
});

test('an ffmpeg failure becomes the job\'s error, classified from its stderr tail', async () => {
  const log = new EventLog();
  const scripts = mkdtempSync(join(tmpdir(), 'kinora-fake-ffmpeg-'));
  temps.push(scripts);
  const failing = join(scripts, 'ffmpeg');
  writeFileSync(failing, '#!/bin/sh\necho "[hls @ 0x5580] Opening out_00002.ts for writing" >&2\necho "av_interleaved_write_frame(): No space left on device" >&2\nexit 1\n', { mode: 0o755 });
  const cases: [string, string, number, RegExp][] = [
    [failing, 'DISK_FULL', 1050, /^ffmpeg exited with code 1 while transcoding s3:\/\/media\/inputs\/clip180\.mp4: \[hls @ 0x5580\] Opening out_00002\.ts for writing\nav_interleaved_write_frame\(\): No space left on device$/],
    [join(scripts, 'missing-ffmpeg'), 'TRANSCODE_FAILED', 1999, /^cannot start ffmpeg \(.*missing-ffmpeg\): ENOENT$/],
  ];
  for (const [ffmpegPath, code, number, message] of cases) {
    const { transcoder: t } = transcoder(log, { ffmpegPath });
    t.start();
    const job = await t.submit('s3://media/inputs/clip180.mp4', undefined, 's3://media/failed/');
    const end = await log.end(job.id);
    await t.stop();
    assert.equal(end.detail.status, 'ERROR');
    assert.equal(end.detail.errorCode, number);
    assert.match(end.detail.errorMessage!, message);
    assert.equal((await t.get(job.id))?.error?.code, code);
  }
  assert.deepEqual(await folder.list('media', 'failed/'), []);
});

test('cancel kills ffmpeg, emits CANCELED, publishes nothing and cleans up', async () => {
  const log = new EventLog();
  const { transcoder: t, tempDir } = transcoder(log);
  t.start();
  const job = await t.submit('s3://media/inputs/clip720.mp4', undefined, 's3://media/assets/canceled/HLS/');
  await log.wait((e) => e.detail.jobId === job.id && e.detail.jobProgress?.currentPhase === 'TRANSCODING' && e.detail.jobProgress.jobPercentComplete > 5, 'transcoding under way');
  const running = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.includes(tempDir) && l.includes('ffmpeg'));
  assert.ok(running.length > 0, 'ffmpeg is running for the job');
  const canceled = await t.cancel(job.id);
  assert.equal(canceled.status, 'CANCELED');
  await t.stop();
  const events = log.of(job.id);
  assert.equal(events.at(-1)?.detail.status, 'CANCELED');
  assertEnvelope(events.at(-1)!, job.arn);
  assert.deepEqual(keysOf(events.at(-1)!.detail), BASE_DETAIL_KEYS);
  assert.ok(!events.some((e) => e.detail.status === 'COMPLETE' || e.detail.status === 'ERROR'));
  const left = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.includes(tempDir) && l.includes('ffmpeg') && !l.includes('defunct'));
  assert.deepEqual(left, [], 'no ffmpeg left running');
  assert.deepEqual(await folder.list('media', 'assets/canceled/'), []);
  assert.equal(existsSync(join(tempDir, job.id)), false, 'work folder removed');
  assert.equal((await t.get(job.id))?.status, 'CANCELED');
  await assert.rejects(t.cancel(job.id), { code: 'INVALID_REQUEST', message: /is CANCELED/ });
  await assert.rejects(t.cancel('1-nothere'), { code: 'UNKNOWN_RESOURCE' });
});

describe('staged objects are deleted however a job ends after staging started', () => {
  /** One small rung with muxed audio: from the 4 s clip180, a quick job staging four objects. */
  const small: TranscodeTemplate = {
    video: { codec: 'h264', gopSeconds: 2, preset: 'ultrafast', renditions: [{ nameModifier: '_180p', width: 320, height: 180, bitrate: 300_000, profile: 'baseline' }] },
    audio: { bitrate: 64_000, channels: 1, sampleRate: 44100, grouping: 'muxed', nameModifier: '_audio' },
    segmentSeconds: 2,
  };

  test('a job that fails while publishing (a final put refused): ERROR, nothing staged is left', async () => {
    const log = new EventLog();
    const recording = new RecordingObjectStore(folder);
    recording.onPut = (_bucket, key) => {
      if (key.startsWith('staging-fails/')) throw new Error('the destination refused the write');
    };
    const { transcoder: t } = transcoder(log, { objectStore: recording });
    t.start();
    const job = await t.submit('s3://media/inputs/clip180.mp4', small, 's3://media/staging-fails/');
    const end = await log.end(job.id);
    await t.stop();
    assert.equal(end.detail.status, 'ERROR');
    assert.equal((await t.get(job.id))?.error?.code, 'OUTPUT_WRITE_FAILED');
    const staged = recording.puts.filter((p) => p.key.startsWith(`.kinora-staging/${job.id}/1/`)).map((p) => p.key);
    assert.deepEqual(staged.map((k) => k.slice(k.lastIndexOf('/') + 1)).sort(), ['clip180.m3u8', 'clip180_180p.m3u8', 'clip180_180p_00001.ts', 'clip180_180p_00002.ts'].sort(), 'everything was staged first');
    assert.deepEqual(await folder.list('media', `.kinora-staging/${job.id}/`), []);
    assert.equal(existsSync(join(folder.root, 'media', '.kinora-staging', job.id)), false);
  });

  test('a job canceled while its output is being staged: CANCELED, nothing staged or published is left', async () => {
    const log = new EventLog();
    const recording = new RecordingObjectStore(folder);
    const { transcoder: t } = transcoder(log, { objectStore: recording });
    let jobId = '';
    recording.onPut = async (_bucket, key) => {
      // The first staged object is written, then the job is canceled before the second.
      if (key.startsWith('.kinora-staging/') && recording.puts.length === 1) await t.cancel(jobId);
    };
    t.start();
    const job = await t.submit('s3://media/inputs/clip180.mp4', small, 's3://media/staging-canceled/');
    jobId = job.id;
    await log.wait((e) => e.detail.jobId === job.id && e.detail.status === 'CANCELED', 'the cancel');
    await t.stop();
    assert.ok(recording.puts.length >= 1 && recording.puts[0].key.startsWith(`.kinora-staging/${job.id}/1/`), 'staging had started');
    assert.ok(!log.of(job.id).some((e) => e.detail.status === 'COMPLETE' || e.detail.status === 'ERROR'));
    assert.deepEqual(await folder.list('media', `.kinora-staging/${job.id}/`), []);
    assert.deepEqual(await folder.list('media', 'staging-canceled/'), []);
    assert.equal((await t.get(job.id))?.status, 'CANCELED');
  });

  test('staged objects that cannot be deleted leave the job COMPLETE, and are reported', async () => {
    const log = new EventLog();
    const recording = new RecordingObjectStore(folder);
    const refusal = new Error('the store refused the delete');
    recording.onDelete = (_bucket, prefix) => {
      if (/^\.kinora-staging\/[^/]+\/1\/$/.test(prefix)) throw refusal;
    };
    const reported: { error: unknown; context: string }[] = [];
    const { transcoder: t } = transcoder(log, { objectStore: recording, onError: (error, context) => reported.push({ error, context }) });
    t.start();
    const job = await t.submit('s3://media/inputs/clip180.mp4', small, 's3://media/staging-kept/');
    const end = await log.end(job.id);
    await t.stop();
    assert.equal(end.detail.status, 'COMPLETE', end.detail.errorMessage);
    assert.equal((await folder.list('media', 'staging-kept/')).length, 4);
    assert.deepEqual(reported, [{ error: refusal, context: `delete s3://media/.kinora-staging/${job.id}/1/ (objects attempt 1 at job ${job.id} staged)` }]);
    assert.equal((await folder.list('media', `.kinora-staging/${job.id}/1/`)).length, 4, 'the refused delete left them');
    await folder.deletePrefix('media', `.kinora-staging/${job.id}/`);
  });
});

test('a custom template: muxed audio, one rung, 2 s segments; ingest accepts it', async () => {
  const log = new EventLog();
  const { transcoder: t } = transcoder(log);
  t.start();
  const template: TranscodeTemplate = {
    video: { codec: 'h264', gopSeconds: 1, preset: 'ultrafast', renditions: [{ nameModifier: '-small', width: 320, height: 180, bitrate: 300_000, profile: 'baseline' }] },
    audio: { bitrate: 64_000, channels: 1, sampleRate: 44100, grouping: 'muxed', nameModifier: '-a' },
    segmentSeconds: 2,
  };
  const job = await t.submit('s3://media/inputs/clip180.mp4', template, 's3://media/custom/main');
  const end = await log.end(job.id);
  await t.stop();
  assert.equal(end.detail.status, 'COMPLETE', end.detail.errorMessage);
  assert.deepEqual(end.detail.outputGroupDetails![0].playlistFilePaths, ['s3://media/custom/main.m3u8']);
  assert.equal(end.detail.outputGroupDetails![0].outputDetails.length, 1);
  const keys = (await folder.list('media', 'custom/')).map((o) => o.key);
  assert.deepEqual(keys.sort(), ['custom/main-small.m3u8', 'custom/main-small_00001.ts', 'custom/main-small_00002.ts', 'custom/main.m3u8'].sort());
  const times = keyframeTimes(folder.pathOf('media', 'custom/main-small_00001.ts'));
  assert.deepEqual(times.map((x) => Math.round((x - times[0]) * 1000)), [0, 1000]);
  const asset = await origin.addAsset('custom', 's3://media/custom/main.m3u8');
  assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
});

test('an input without audio gets video-only renditions; ingest accepts them', async () => {
  const log = new EventLog();
  const { transcoder: t } = transcoder(log);
  t.start();
  const job = await t.submit('s3://media/inputs/silent.mkv', undefined, 's3://media/silent/');
  const end = await log.end(job.id);
  await t.stop();
  assert.equal(end.detail.status, 'COMPLETE', end.detail.errorMessage);
  assert.deepEqual(end.detail.outputGroupDetails![0].outputDetails.map((o) => [o.outputFilePaths[0], o.videoDetails]), [
    ['s3://media/silent/silent_360p.m3u8', { widthInPx: 320, heightInPx: 180 }],
  ]);
  const multivariant = new TextDecoder().decode(await folder.get('media', 'silent/silent.m3u8'));
  assert.doesNotMatch(multivariant, /EXT-X-MEDIA|AUDIO=|mp4a/);
  assert.match(multivariant, /CODECS="avc1\.4d[0-9a-f]{4}",RESOLUTION=320x180,FRAME-RATE=30\.000\n/);
  const asset = await origin.addAsset('silent', 's3://media/silent/silent.m3u8');
  assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
});

test('watch folder: a dropped file is transcoded once with the default template', async () => {
  const log = new EventLog();
  const store = new MemoryJobStore();
  const { transcoder: t } = transcoder(log, { store });
  const watch = new WatchFolder({ transcoder: t, store, objectStore: folder, bucket: 'drop', prefix: 'inputs/', stableMs: 200, pollIntervalMs: 50 });
  await folder.put('drop', 'inputs/clip180.mp4', clip180());
  t.start();
  watch.start();
  const end = await log.wait((e) => e.detail.status === 'COMPLETE', 'the watched file to complete');
  await watch.stop();
  assert.deepEqual(end.detail.outputGroupDetails![0].playlistFilePaths, ['s3://drop/assets/clip180/HLS/clip180.m3u8']);
  assert.deepEqual(await watch.poll(), [], 'not picked up again');
  await t.stop();
  assert.equal((await store.list()).length, 1);
  assert.equal((await store.getSource('drop', 'inputs/clip180.mp4'))?.jobId, end.detail.jobId);
});
