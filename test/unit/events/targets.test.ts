/**
 * The pure parts of delivery: target ARN forms, JSONPath reads, the input a
 * target receives, retry delays, PutEvents entry sizes and entry checks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTargetArn } from '../../../src/events/bus/parseTargetArn.ts';
import { readJsonPath } from '../../../src/events/bus/readJsonPath.ts';
import { buildTargetInput } from '../../../src/events/bus/buildTargetInput.ts';
import { planRetryDelay } from '../../../src/events/bus/planRetryDelay.ts';
import { computeEntrySize } from '../../../src/events/bus/computeEntrySize.ts';
import { readPutEventsEntries } from '../../../src/events/bus/readPutEventsEntries.ts';
import { EventBridgeError } from '../../../src/events/EventBridgeError.ts';
import type { EventBridgeEvent } from '../../../src/events/EventBridgeEvent.ts';

const event: EventBridgeEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '111122223333',
  time: '2018-09-14T21:54:31Z',
  region: 'us-west-2',
  resources: ['arn:aws:mediaconvert:us-west-2:111122223333:jobs/1'],
  detail: { status: 'COMPLETE', jobId: 'j"1', outputGroupDetails: [{ type: 'HLS_GROUP', playlistFilePaths: ['s3://b/a.m3u8'] }], n: 3 },
};
const rule = { name: 'MediaPackageCreateAsset', arn: 'arn:aws:events:us-west-2:111122223333:rule/MediaPackageCreateAsset' };

describe('parseTargetArn', () => {
  const cases: [string, unknown][] = [
    ['https://hooks.example.com/kinora?x=1', { kind: 'webhook', url: 'https://hooks.example.com/kinora?x=1' }],
    ['http://127.0.0.1:9000/hook', { kind: 'webhook', url: 'http://127.0.0.1:9000/hook' }],
    ['arn:kinora:webhook:::ops-alerts', { kind: 'named-webhook', name: 'ops-alerts' }],
    ['arn:kinora:function:::create-vod-asset', { kind: 'function', name: 'create-vod-asset' }],
    ['arn:aws:lambda:us-west-2:111122223333:function:kinora-create-vod-asset', { kind: 'function', name: 'create-vod-asset' }],
    ['arn:aws:lambda:us-west-2:111122223333:function:kinora-create-vod-asset:$LATEST', { kind: 'function', name: 'create-vod-asset' }],
    ['arn:aws:lambda:us-west-2:111122223333:function:CreateVodAsset', undefined],
    ['arn:aws:lambda:us-west-2:111122223333:function:kinora-', undefined],
    ['arn:aws:sqs:us-west-2:111122223333:queue', undefined],
    ['arn:kinora:webhook:::', undefined],
    ['ftp://example.com/x', undefined],
    ['https://', undefined],
  ];
  for (const [arn, expected] of cases) test(arn, () => assert.deepEqual(parseTargetArn(arn), expected));
});

describe('readJsonPath', () => {
  test('dots, indexes and quoted names', () => {
    assert.equal(readJsonPath(event, '$.detail.outputGroupDetails[0].playlistFilePaths[0]'), 's3://b/a.m3u8');
    assert.equal(readJsonPath(event, "$['detail-type']"), 'MediaConvert Job State Change');
    assert.equal(readJsonPath(event, '$'), event);
    assert.equal(readJsonPath(event, '$.detail.absent.deeper'), undefined);
    assert.equal(readJsonPath(event, '$.resources[5]'), undefined);
    assert.equal(readJsonPath(event, '$.detail[0]'), undefined);
  });
  test('refuses what is not a path', () => {
    assert.throws(() => readJsonPath(event, 'detail.status'), /must start with "\$"/);
    assert.throws(() => readJsonPath(event, '$.detail..status'), /empty step/);
    assert.throws(() => readJsonPath(event, '$.resources[*]'), /unsupported subscript/);
  });
});

describe('buildTargetInput', () => {
  test('the whole event by default', () => {
    const input = buildTargetInput(event, { Id: 't', Arn: 'https://x' }, rule);
    assert.equal(input.body, JSON.stringify(event));
    assert.equal(input.value, event);
  });
  test('Input is sent as is', () => {
    assert.deepEqual(buildTargetInput(event, { Id: 't', Arn: 'https://x', Input: '{ "a" : 1 }' }, rule), { body: '{ "a" : 1 }', value: { a: 1 } });
  });
  test('InputPath selects part of the event; nothing is null', () => {
    assert.deepEqual(buildTargetInput(event, { Id: 't', Arn: 'https://x', InputPath: '$.detail.n' }, rule), { body: '3', value: 3 });
    assert.deepEqual(buildTargetInput(event, { Id: 't', Arn: 'https://x', InputPath: '$.detail.none' }, rule), { body: 'null', value: null });
  });
  test('InputTransformer: JSON values outside strings, escaped text inside', () => {
    const input = buildTargetInput(event, {
      Id: 't',
      Arn: 'https://x',
      InputTransformer: {
        InputPathsMap: { job: '$.detail.jobId', n: '$.detail.n', groups: '$.detail.outputGroupDetails' },
        InputTemplate: '{"job": <job>, "about": "<job> has <n> \\"things\\"", "n": <n>, "groups": <groups>, "rule": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>", "keep": "<notAVariable>"}',
      },
    }, rule);
    assert.deepEqual(input.value, {
      job: 'j"1',
      about: 'j"1 has 3 "things"',
      n: 3,
      groups: [{ type: 'HLS_GROUP', playlistFilePaths: ['s3://b/a.m3u8'] }],
      rule: rule.arn,
      at: '2018-09-14T21:54:31Z',
      keep: '<notAVariable>',
    });
  });
  test('InputTransformer: a text template stays text', () => {
    const input = buildTargetInput(event, { Id: 't', Arn: 'https://x', InputTransformer: { InputPathsMap: { s: '$.detail.status' }, InputTemplate: 'Job is <s>' } }, rule);
    assert.deepEqual(input, { body: 'Job is "COMPLETE"', value: 'Job is "COMPLETE"' });
  });
});

describe('planRetryDelay', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0 };
  test('doubles from the base up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => planRetryDelay(n, policy)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
  test('jitter randomises that fraction of the delay', () => {
    assert.equal(planRetryDelay(2, { ...policy, jitter: 0.5 }, () => 0), 1000);
    assert.equal(planRetryDelay(2, { ...policy, jitter: 0.5 }, () => 0.999), 1999);
    assert.equal(planRetryDelay(2, { ...policy, jitter: 1 }, () => 0.25), 500);
  });
});

describe('PutEvents entries', () => {
  test('size counts Time as 14 bytes and the UTF-8 bytes of the strings (EventBridge User Guide)', () => {
    assert.equal(computeEntrySize({ Source: 'a.b', DetailType: 'Type', Detail: '{"k":"é"}' }), 3 + 4 + 10);
    assert.equal(computeEntrySize({ Time: new Date(), Source: 's', DetailType: 't', Detail: '{}', Resources: ['r1', 'r22'] }), 14 + 1 + 1 + 2 + 2 + 3);
  });

  const context = { now: new Date('2024-05-01T10:20:30.456Z'), newId: () => 'id-1', region: 'eu-west-1', accountId: '123456789012' };
  test('an entry becomes an EventBridge event', () => {
    const [outcome] = readPutEventsEntries([{ Source: 'kinora.test', DetailType: 'Test', Detail: '{"a":1}', Resources: ['arn:r'] }], context);
    assert.deepEqual(outcome, {
      event: { version: '0', id: 'id-1', 'detail-type': 'Test', source: 'kinora.test', account: '123456789012', time: '2024-05-01T10:20:30Z', region: 'eu-west-1', resources: ['arn:r'], detail: { a: 1 } },
    });
    const [timed] = readPutEventsEntries([{ Source: 's', DetailType: 't', Detail: '{}', Time: 1536962071 }], context);
    assert.equal('event' in timed && timed.event.time, '2018-09-14T21:54:31Z');
  });
  test('request-level refusals', () => {
    const refused = (entries: unknown, type: string, message: RegExp) =>
      assert.throws(() => readPutEventsEntries(entries, context), (e: unknown) => e instanceof EventBridgeError && e.type === type && message.test(e.message));
    refused([], 'ValidationException', /at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1$/);
    refused(undefined, 'ValidationException', /^1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null$/);
    refused([{ Source: 5, DetailType: 't', Detail: '{}' }], 'SerializationException', /'entries\.1\.member\.source'/);
    refused([{ Source: 's', DetailType: 't', Detail: '{}', EventBusName: 'orders' }], 'ResourceNotFoundException', /^Event bus orders does not exist\.$/);
    refused(
      [{ Source: 's', DetailType: 't', Detail: JSON.stringify({ x: 'y'.repeat(200_000) }) }, { Source: 's', DetailType: 't', Detail: JSON.stringify({ x: 'y'.repeat(70_000) }) }],
      'ValidationException',
      /^Total size of the entries in the request is over the limit\.$/,
    );
  });
  test('the default bus may be named by ARN', () => {
    const [outcome] = readPutEventsEntries([{ Source: 's', DetailType: 't', Detail: '{}', EventBusName: 'arn:aws:events:eu-west-1:123456789012:event-bus/default' }], context);
    assert.ok('event' in outcome);
  });
});
