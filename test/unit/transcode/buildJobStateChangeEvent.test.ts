import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildJobStateChangeEvent } from '../../../src/transcode/buildJobStateChangeEvent.ts';
import { defaultTemplate } from '../../../src/transcode/defaultTemplate.ts';
import type { TranscodeJob } from '../../../src/transcode/TranscodeJob.ts';

const job: TranscodeJob = {
  id: '1536964333549-opn151',
  arn: 'arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536964333549-opn151',
  queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
  status: 'PROGRESSING',
  input: 's3://media/inputs/VANLIFE.m2ts',
  template: defaultTemplate,
  destination: 's3://media/assets/VANLIFE/HLS/',
  userMetadata: { source: 'watch-folder' },
  createdAt: '2018-09-14T21:52:13.549Z',
  attempts: 1,
};
const context = { account: '111122223333', region: 'us-west-2', eventId: '1234abcd-12ab-34cd-56ef-1234567890ab', nowMs: 1536964380391 };
const envelope = {
  version: '0',
  id: '1234abcd-12ab-34cd-56ef-1234567890ab',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '111122223333',
  time: '2018-09-14T22:33:00Z',
  region: 'us-west-2',
  resources: ['arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536964333549-opn151'],
};
const common = {
  timestamp: 1536964380391,
  accountId: '111122223333',
  queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
  jobId: '1536964333549-opn151',
  userMetadata: { source: 'watch-folder' },
};

test('SUBMITTED, PROGRESSING and CANCELED carry the basic job details only', () => {
  for (const status of ['SUBMITTED', 'PROGRESSING', 'CANCELED'] as const) {
    assert.deepEqual(buildJobStateChangeEvent(job, status, context), { ...envelope, detail: { ...common, status } });
  }
});

test('STATUS_UPDATE carries jobProgress with every phase, as MediaConvert sends it', () => {
  const event = buildJobStateChangeEvent({ ...job, attempts: 2, progress: { currentPhase: 'TRANSCODING', jobPercentComplete: 41.7, phasePercentComplete: 43.2, framesDecoded: 353 } }, 'STATUS_UPDATE', context);
  assert.deepEqual(event, {
    ...envelope,
    detail: {
      ...common,
      status: 'STATUS_UPDATE',
      framesDecoded: 353,
      jobProgress: {
        phaseProgress: {
          PROBING: { status: 'COMPLETE', percentComplete: 100 },
          TRANSCODING: { status: 'PROGRESSING', percentComplete: 43 },
          UPLOADING: { status: 'PENDING', percentComplete: 0 },
        },
        jobPercentComplete: 41,
        currentPhase: 'TRANSCODING',
        retryCount: 1,
      },
    },
  });
});

test('ERROR carries MediaConvert\'s numeric errorCode and the message', () => {
  const event = buildJobStateChangeEvent({ ...job, status: 'ERROR', error: { code: 'INPUT_NO_VIDEO', mediaConvertCode: 1020, message: 'no video stream' } }, 'ERROR', context);
  assert.deepEqual(event, { ...envelope, detail: { ...common, status: 'ERROR', errorCode: 1020, errorMessage: 'no video stream' } });
});

test('COMPLETE carries outputGroupDetails, which is what the MediaPackage ingest Lambda reads', () => {
  const outputGroupDetails = [{
    type: 'HLS_GROUP' as const,
    playlistFilePaths: ['s3://media/assets/VANLIFE/HLS/VANLIFE.m3u8'],
    outputDetails: [
      { outputFilePaths: ['s3://media/assets/VANLIFE/HLS/VANLIFE_720p.m3u8'], durationInMs: 6000, videoDetails: { widthInPx: 1280, heightInPx: 720 } },
      { outputFilePaths: ['s3://media/assets/VANLIFE/HLS/VANLIFE_audio.m3u8'], durationInMs: 6037 },
    ],
  }];
  const event = buildJobStateChangeEvent({ ...job, status: 'COMPLETE', outputGroupDetails }, 'COMPLETE', context);
  assert.deepEqual(event, { ...envelope, detail: { ...common, status: 'COMPLETE', outputGroupDetails } });
  // The tutorial's Lambda: the last HLS_GROUP's playlistFilePaths, then "arn:aws:s3:::" + path.
  const paths = event.detail.outputGroupDetails!.filter((g) => g.type === 'HLS_GROUP').at(-1)!.playlistFilePaths;
  assert.deepEqual(paths.map((p) => `arn:aws:s3:::${p.split('s3://')[1]}`), ['arn:aws:s3:::media/assets/VANLIFE/HLS/VANLIFE.m3u8']);
});
