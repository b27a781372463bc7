/**
 * The event bus end to end: `@aws-sdk/client-eventbridge` against the
 * EventBridge JSON API on a listening fastify app, a local HTTP server as the
 * webhook target, a built-in function standing in for the tutorial's
 * `CreateVodAsset` Lambda, and the SQLite event store. Then the delivery
 * machinery through the bus itself: input shaping, named webhooks,
 * idempotency under duplicates, resuming after a restart, authentication.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { EventBus } from '../../src/events/bus/EventBus.ts';
import type { BuiltInFunction } from '../../src/events/bus/BuiltInFunction.ts';
import type { EventBridgeEvent } from '../../src/events/EventBridgeEvent.ts';
import { SqliteEventStore } from '../../src/events/store/SqliteEventStore.ts';
import { MemoryEventStore } from '../../src/events/store/MemoryEventStore.ts';
import { registerEventBridgeApi } from '../../src/events/api/registerEventBridgeApi.ts';
import { EventBridgeError } from '../../src/events/EventBridgeError.ts';

/** The tutorial's rule: MediaConvert job state changes whose status is COMPLETE. */
const TUTORIAL_PATTERN = '{"source":["aws.mediaconvert"],"detail":{"status":["COMPLETE"]}}';
const JOB_ARN = 'arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536961999428-kxngbl';

/** A MediaConvert "Job State Change" detail (MediaConvert User Guide), for status `status`. */
function jobDetail(status: string) {
  return {
    status,
    timestamp: 1536964380391,
    accountId: '111122223333',
    queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
    jobId: '1536964333549-opn151',
    userMetadata: {},
    paddingInserted: 0,
    blackVideoDetected: 10,
    blackSegments: [{ start: 0, end: 10 }],
    warnings: [{ code: 0, count: 1 }],
    outputGroupDetails: [
      {
        type: 'HLS_GROUP',
        playlistFilePaths: ['s3://amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFE.m3u8'],
        outputDetails: [
          { outputFilePaths: ['s3://amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFEv2.m3u8'], durationInMs: 180041, videoDetails: { widthInPx: 426, heightInPx: 240 } },
          { outputFilePaths: ['s3://amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFEv1.m3u8'], durationInMs: 180041, videoDetails: { widthInPx: 1280, heightInPx: 720 } },
        ],
      },
    ],
  };
}

function jobEntry(status: string): PutEventsRequestEntry {
  return {
    Source: 'aws.mediaconvert',
    DetailType: 'MediaConvert Job State Change',
    Detail: JSON.stringify(jobDetail(status)),
    Resources: [JOB_ARN],
    Time: new Date('2018-09-14T21:54:31Z'),
  };
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver: each path answers `ok` (204), `fail` (503), `reject` (400) or `hang` (never). */
async function startWebhookServer() {
  const received: Received[] = [];
  const modes = new Map<string, 'ok' | 'fail' | 'reject' | 'hang'>();
  const arrivals: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      received.push({ path: `${url.pathname}${url.search}`, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const notify of arrivals.splice(0)) notify();
      const mode = modes.get(url.pathname) ?? 'ok';
      if (mode === 'hang') return;
      response.writeHead(mode === 'ok' ? 204 : mode === 'fail' ? 503 : 400).end(mode === 'ok' ? undefined : `mode ${mode}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base,
    modes,
    received,
    /** Requests whose path (with query) starts with `path`. */
    at: (path: string) => received.filter((r) => r.path.startsWith(path)),
    /** Resolves once `count` requests reached paths starting with `path`. */
    async waitFor(path: string, count: number) {
      while (received.filter((r) => r.path.startsWith(path)).length < count) await new Promise<void>((resolve) => arrivals.push(resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The tutorial's function, reduced to what it decides: one asset per HLS playlist (ingest_asset.py). */
function createVodAssetFunction(calls: { event: EventBridgeEvent; input: unknown }[]): BuiltInFunction {
  return async (event, input) => {
    calls.push({ event, input });
    const groups = (event.detail.outputGroupDetails as { type: string; playlistFilePaths?: string[] }[]).filter((g) => g.type === 'HLS_GROUP');
    return { assets: groups.flatMap((g) => g.playlistFilePaths ?? []).map((path) => ({ sourceArn: `arn:aws:s3:::${path.slice('s3://'.length)}` })) };
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { name: string; $metadata?: { httpStatusCode?: number } };
  }
  assert.fail('expected a rejection');
}

describe('EventBridge API with @aws-sdk/client-eventbridge', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let bus: EventBus;
  let app: FastifyInstance;
  let client: EventBridgeClient;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  const calls: { event: EventBridgeEvent; input: unknown }[] = [];
  const functionArn = 'arn:aws:lambda:us-west-2:111122223333:function:kinora-create-vod-asset';

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kinora-events-'));
    hooks = await startWebhookServer();
    store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    bus = new EventBus({
      store,
      region: 'us-west-2',
      accountId: '111122223333',
      functions: { 'create-vod-asset': createVodAssetFunction(calls) },
      delivery: { concurrency: 2, maxRetries: 2, baseDelayMs: 10, maxDelayMs: 40, jitter: 0, webhookTimeoutMs: 5000 },
    });
    app = Fastify({ logger: false });
    registerEventBridgeApi(app, { bus });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    client = new EventBridgeClient({
      endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      region: 'us-west-2',
      credentials: { accessKeyId: 'AKIAKINORATEST', secretAccessKey: 'kinora-test-secret' },
      maxAttempts: 1,
    });
  });

  after(async () => {
    client.destroy();
    await bus.close();
    await app.close();
    await hooks.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the tutorial rule: PutRule, PutTargets, PutEvents with a MediaConvert COMPLETE event', async () => {
    const { RuleArn } = await client.send(new PutRuleCommand({ Name: 'MediaPackageCreateAsset', EventPattern: TUTORIAL_PATTERN, Description: 'MediaConvert COMPLETE -> VOD asset' }));
    assert.equal(RuleArn, 'arn:aws:events:us-west-2:111122223333:rule/MediaPackageCreateAsset');

    const rule = await client.send(new DescribeRuleCommand({ Name: 'MediaPackageCreateAsset' }));
    assert.equal(rule.EventPattern, TUTORIAL_PATTERN);
    assert.equal(rule.State, 'ENABLED');
    assert.equal(rule.EventBusName, 'default');
    assert.equal(rule.Description, 'MediaConvert COMPLETE -> VOD asset');

    const put = await client.send(new PutTargetsCommand({
      Rule: 'MediaPackageCreateAsset',
      Targets: [
        { Id: 'webhook', Arn: `${hooks.base}/hooks/complete` },
        { Id: 'CreateVodAsset', Arn: functionArn },
      ],
    }));
    assert.equal(put.FailedEntryCount, 0);
    const { Targets } = await client.send(new ListTargetsByRuleCommand({ Rule: 'MediaPackageCreateAsset' }));
    assert.deepEqual(Targets?.map((t) => [t.Id, t.Arn]), [['CreateVodAsset', functionArn], ['webhook', `${hooks.base}/hooks/complete`]]);

    const result = await client.send(new PutEventsCommand({ Entries: [jobEntry('COMPLETE')] }));
    assert.equal(result.FailedEntryCount, 0);
    const eventId = result.Entries?.[0].EventId;
    assert.match(eventId ?? '', /^[0-9a-f-]{36}$/);
    await bus.whenIdle();

    const [delivered] = hooks.at('/hooks/complete');
    assert.equal(hooks.at('/hooks/complete').length, 1);
    assert.match(String(delivered.headers['content-type']), /^application\/json/);
    assert.equal(delivered.headers['x-kinora-event-id'], eventId);
    const event = JSON.parse(delivered.body) as EventBridgeEvent;
    assert.deepEqual(event, {
      version: '0',
      id: eventId,
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account: '111122223333',
      time: '2018-09-14T21:54:31Z',
      region: 'us-west-2',
      resources: [JOB_ARN],
      detail: jobDetail('COMPLETE'),
    });

    assert.equal(calls.length, 1, 'the function ran once');
    assert.equal(calls[0].event.id, eventId);
    assert.deepEqual(calls[0].input, event, 'without Input, a function receives the event');
    const deliveries = await bus.listDeliveries({ eventId });
    assert.deepEqual(deliveries.map((d) => [d.targetId, d.status, d.attempts]).sort(), [['CreateVodAsset', 'SUCCEEDED', 1], ['webhook', 'SUCCEEDED', 1]]);
    const fn = deliveries.find((d) => d.targetId === 'CreateVodAsset')!;
    assert.equal(fn.ruleArn, RuleArn);
    assert.deepEqual(fn.result, { assets: [{ sourceArn: 'arn:aws:s3:::amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFE.m3u8' }] });
    assert.equal(deliveries.find((d) => d.targetId === 'webhook')!.httpStatus, 204);

    // The same event (same id) again: the webhook gets it again, the function does not run again.
    const again = await bus.emit(event);
    await bus.whenIdle();
    assert.equal(hooks.at('/hooks/complete').length, 2);
    assert.equal(calls.length, 1);
    const duplicate = await bus.getDelivery(again.deliveries.find((d) => d.targetId === 'CreateVodAsset')!.id);
    assert.equal(duplicate?.status, 'DUPLICATE');
    assert.equal(duplicate?.duplicateOf, fn.id);
  });

  test('an event no rule matches is delivered nowhere', async () => {
    const webhookCalls = hooks.received.length;
    const functionCalls = calls.length;
    const result = await client.send(new PutEventsCommand({ Entries: [jobEntry('PROGRESSING'), { ...jobEntry('COMPLETE'), Source: 'kinora.test' }] }));
    assert.equal(result.FailedEntryCount, 0);
    await bus.whenIdle();
    assert.equal(hooks.received.length, webhookCalls);
    assert.equal(calls.length, functionCalls);
    for (const entry of result.Entries ?? []) assert.deepEqual(await bus.listDeliveries({ eventId: entry.EventId }), []);
  });

  test('a failing webhook is retried, then dead-lettered; the replay succeeds once it recovers', async () => {
    hooks.modes.set('/hooks/flaky', 'fail');
    await client.send(new PutRuleCommand({ Name: 'flaky', EventPattern: '{"detail-type":["Kinora Flaky Test"]}' }));
    await client.send(new PutTargetsCommand({ Rule: 'flaky', Targets: [{ Id: 'flaky', Arn: `${hooks.base}/hooks/flaky` }] }));
    const { Entries } = await client.send(new PutEventsCommand({ Entries: [{ Source: 'kinora.test', DetailType: 'Kinora Flaky Test', Detail: '{"n":1}' }] }));
    await bus.whenIdle();

    assert.equal(hooks.at('/hooks/flaky').length, 3, 'one attempt and two retries');
    const [delivery] = await bus.listDeliveries({ eventId: Entries?.[0].EventId });
    assert.equal(delivery.status, 'FAILED');
    assert.equal(delivery.attempts, 3);
    assert.equal(delivery.errorCode, 'WEBHOOK_HTTP_ERROR');
    assert.equal(delivery.httpStatus, 503);
    assert.match(delivery.error ?? '', /answered 503: mode fail/);

    const dead = (await bus.listDeadLetters()).filter((d) => d.deliveryId === delivery.id);
    assert.equal(dead.length, 1);
    assert.equal(dead[0].errorCode, 'WEBHOOK_HTTP_ERROR');
    assert.equal(dead[0].attempts, 3);
    assert.equal(dead[0].event.id, Entries?.[0].EventId);

    hooks.modes.set('/hooks/flaky', 'ok');
    const replay = await bus.replayDeadLetter(dead[0].id);
    assert.equal(replay.status, 'SUCCEEDED');
    assert.equal(replay.replayOf, dead[0].id);
    assert.equal(hooks.at('/hooks/flaky').length, 4);
    assert.equal(JSON.parse(hooks.at('/hooks/flaky')[3].body).id, Entries?.[0].EventId);
    assert.deepEqual((await bus.listDeadLetters()).filter((d) => d.id === dead[0].id), [], 'a resolved dead letter is no longer listed');
    const resolved = (await bus.listDeadLetters({ includeResolved: true })).find((d) => d.id === dead[0].id);
    assert.equal(resolved?.lastReplayDeliveryId, replay.id);
    assert.ok(resolved?.resolvedAt);
    await assert.rejects(bus.replayDeadLetter(dead[0].id), /was resolved by delivery/);
  });

  test('a webhook answering 4xx is not retried', async () => {
    hooks.modes.set('/hooks/reject', 'reject');
    await client.send(new PutRuleCommand({ Name: 'rejecting', EventPattern: '{"detail-type":["Kinora Reject Test"]}' }));
    await client.send(new PutTargetsCommand({ Rule: 'rejecting', Targets: [{ Id: 'reject', Arn: `${hooks.base}/hooks/reject` }] }));
    const { Entries } = await client.send(new PutEventsCommand({ Entries: [{ Source: 'kinora.test', DetailType: 'Kinora Reject Test', Detail: '{}' }] }));
    await bus.whenIdle();
    const [delivery] = await bus.listDeliveries({ eventId: Entries?.[0].EventId });
    assert.deepEqual([delivery.status, delivery.attempts, delivery.httpStatus], ['FAILED', 1, 400]);
    assert.equal(hooks.at('/hooks/reject').length, 1);
  });

  test('an invalid pattern is refused with InvalidEventPatternException', async () => {
    const e = await rejection(client.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"aws.mediaconvert"}' })));
    assert.equal(e.name, 'InvalidEventPatternException');
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.message, 'Event pattern is not valid. Reason: "source" must be an object or an array at [Source: (String)"{"source":"aws.mediaconvert"}"; line: 1, column: 12]');
    const missing = await rejection(client.send(new DescribeRuleCommand({ Name: 'bad' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal(missing.message, 'Rule bad does not exist on EventBus default.');
  });

  test('PutEvents over 256 KB is refused as a whole', async () => {
    const detail = JSON.stringify({ blob: 'x'.repeat(1024 * 1024) });
    const e = await rejection(client.send(new PutEventsCommand({ Entries: [{ Source: 'kinora.test', DetailType: 'Big', Detail: detail }] })));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.message, 'Total size of the entries in the request is over the limit.');
    assert.equal(e.$metadata?.httpStatusCode, 400);

    const eleven = Array.from({ length: 11 }, () => ({ Source: 'kinora.test', DetailType: 'Many', Detail: '{}' }));
    const tooMany = await rejection(client.send(new PutEventsCommand({ Entries: eleven })));
    assert.equal(tooMany.name, 'ValidationException');
    assert.match(tooMany.message, /^1 validation error detected: Value '.*' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  test('malformed or missing entry members fail that entry only', async () => {
    const result = await client.send(new PutEventsCommand({
      Entries: [
        { Source: 'kinora.test', DetailType: 'Mixed', Detail: '{"ok":true}' },
        { Source: 'kinora.test', DetailType: 'Mixed', Detail: '{"not json"' },
        { Source: 'kinora.test', DetailType: 'Mixed', Detail: '["an", "array"]' },
        { Source: 'kinora.test', Detail: '{}' },
      ],
    }));
    assert.equal(result.FailedEntryCount, 3);
    assert.match(result.Entries?.[0].EventId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(result.Entries?.slice(1), [
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
    ]);
  });

  test('ListRules pages by name; DeleteRule is refused while targets remain', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await client.send(new PutRuleCommand({ Name: name, EventPattern: '{"source":["kinora.page"]}', State: 'DISABLED' }));
    const first = await client.send(new ListRulesCommand({ NamePrefix: 'page-', Limit: 2 }));
    assert.deepEqual(first.Rules?.map((r) => [r.Name, r.State]), [['page-a', 'DISABLED'], ['page-b', 'DISABLED']]);
    assert.ok(first.NextToken);
    const second = await client.send(new ListRulesCommand({ NamePrefix: 'page-', Limit: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.Rules?.map((r) => r.Name), ['page-c']);
    assert.equal(second.NextToken, undefined);

    await client.send(new PutTargetsCommand({ Rule: 'page-a', Targets: [{ Id: 't', Arn: `${hooks.base}/hooks/page` }] }));
    const refused = await rejection(client.send(new DeleteRuleCommand({ Name: 'page-a' })));
    assert.equal(refused.name, 'ValidationException');
    assert.equal(refused.message, "Rule can't be deleted since it has targets.");
    await client.send(new RemoveTargetsCommand({ Rule: 'page-a', Ids: ['t'] }));
    await client.send(new DeleteRuleCommand({ Name: 'page-a' }));
    assert.equal((await rejection(client.send(new DescribeRuleCommand({ Name: 'page-a' })))).name, 'ResourceNotFoundException');

    const badName = await rejection(client.send(new PutRuleCommand({ Name: 'no spaces', EventPattern: '{"source":["x"]}' })));
    assert.equal(badName.name, 'ValidationException');
    assert.equal(badName.message, "1 validation error detected: Value 'no spaces' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  });

  test('PutTargets refuses targets Kinora cannot deliver to, and more than 5 per rule', async () => {
    await client.send(new PutRuleCommand({ Name: 'targets', EventPattern: '{"source":["kinora.targets"]}' }));
    const sqs = await rejection(client.send(new PutTargetsCommand({ Rule: 'targets', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-west-2:111122223333:queue' }] })));
    assert.equal(sqs.name, 'ValidationException');
    assert.match(sqs.message, /^Parameter arn:aws:sqs:us-west-2:111122223333:queue is not valid\. Reason: Kinora delivers to /);
    const unknown = await rejection(client.send(new PutTargetsCommand({ Rule: 'targets', Targets: [{ Id: 'f', Arn: 'arn:kinora:function:::no-such-function' }] })));
    assert.match(unknown.message, /no built-in function "no-such-function" \(registered: create-vod-asset\)/);
    const six = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: `${hooks.base}/hooks/t${i}` }));
    assert.equal((await rejection(client.send(new PutTargetsCommand({ Rule: 'targets', Targets: six })))).name, 'LimitExceededException');
    const noRule = await rejection(client.send(new PutTargetsCommand({ Rule: 'absent', Targets: [{ Id: 't', Arn: `${hooks.base}/x` }] })));
    assert.equal(noRule.name, 'ResourceNotFoundException');
  });
});

describe('event bus deliveries', () => {
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  let dataDir: string;
  const quick = { concurrency: 4, maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20, jitter: 0, webhookTimeoutMs: 5000 };

  before(async () => {
    hooks = await startWebhookServer();
    dataDir = mkdtempSync(join(tmpdir(), 'kinora-events-'));
  });
  after(async () => {
    await hooks.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('InputPath, InputTransformer, Input, HttpParameters and named webhooks shape what targets receive', async () => {
    const inputs: unknown[] = [];
    const bus = new EventBus({
      store: new MemoryEventStore(),
      functions: { record: async (_event, input) => void inputs.push(input) },
      webhooks: { ops: { url: `${hooks.base}/named`, headers: { Authorization: 'Bearer kinora' } } },
      delivery: quick,
    });
    await bus.rules.putRule({ Name: 'shapes', EventPattern: TUTORIAL_PATTERN });
    await bus.rules.putTargets({
      Rule: 'shapes',
      Targets: [
        { Id: 'path', Arn: `${hooks.base}/input-path`, InputPath: '$.detail.outputGroupDetails[0].playlistFilePaths' },
        {
          Id: 'template',
          Arn: `${hooks.base}/template`,
          InputTransformer: {
            InputPathsMap: { job: '$.detail.jobId', playlist: '$.detail.outputGroupDetails[0].playlistFilePaths[0]', missing: '$.detail.nothing' },
            InputTemplate: '{"job": <job>, "text": "job <job> wrote <playlist><missing>", "rule": "<aws.events.rule-name>", "none": <missing>}',
          },
        },
        { Id: 'constant', Arn: 'arn:kinora:function:::record', Input: '{"mode":"constant"}' },
        { Id: 'named', Arn: 'arn:kinora:webhook:::ops', HttpParameters: { QueryStringParameters: { job: '$.detail.jobId' }, HeaderParameters: { 'X-Static': 'yes' } } },
      ],
    });
    await bus.emit({ source: 'aws.mediaconvert', 'detail-type': 'MediaConvert Job State Change', detail: jobDetail('COMPLETE') });
    await bus.whenIdle();

    assert.deepEqual(JSON.parse(hooks.at('/input-path')[0].body), ['s3://amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFE.m3u8']);
    assert.deepEqual(JSON.parse(hooks.at('/template')[0].body), {
      job: '1536964333549-opn151',
      text: 'job 1536964333549-opn151 wrote s3://amzn-s3-demo-bucket/assets/VANLIFE/HLS/VANLIFE.m3u8',
      rule: 'shapes',
      none: null,
    });
    assert.deepEqual(inputs, [{ mode: 'constant' }]);
    const [named] = hooks.at('/named');
    assert.equal(named.path, '/named?job=1536964333549-opn151');
    assert.equal(named.headers.authorization, 'Bearer kinora');
    assert.equal(named.headers['x-static'], 'yes');
    await bus.close();
  });

  test('a hanging webhook is cut off by the timeout', async () => {
    hooks.modes.set('/hang', 'hang');
    const bus = new EventBus({ store: new MemoryEventStore(), delivery: { ...quick, webhookTimeoutMs: 200 } });
    await bus.rules.putRule({ Name: 'hanging', EventPattern: '{"detail-type":["Kinora Hang Test"]}' });
    await bus.rules.putTargets({ Rule: 'hanging', Targets: [{ Id: 'hang', Arn: `${hooks.base}/hang`, RetryPolicy: { MaximumRetryAttempts: 0 } }] });
    const { eventId } = await bus.emit({ source: 'kinora.test', 'detail-type': 'Kinora Hang Test', detail: {} });
    await bus.whenIdle();
    assert.equal(hooks.at('/hang').length, 1);
    const [delivery] = await bus.listDeliveries({ eventId });
    assert.deepEqual([delivery.status, delivery.errorCode, delivery.attempts], ['FAILED', 'WEBHOOK_TIMEOUT', 1]);
    assert.match(delivery.error ?? '', /did not answer within 200 ms/);
    assert.equal((await bus.listDeadLetters()).filter((d) => d.deliveryId === delivery.id).length, 1);
    await bus.close();
  });

  test('duplicates of one event arriving together run a function once', async () => {
    let runs = 0;
    const store = new SqliteEventStore(join(dataDir, 'duplicates.sqlite'));
    const bus = new EventBus({ store, functions: { once: async () => ++runs }, delivery: quick });
    await bus.rules.putRule({ Name: 'dup', EventPattern: '{"source":["kinora.dup"]}' });
    await bus.rules.putTargets({ Rule: 'dup', Targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:kinora-once' }] });
    const event = { id: 'job-42-complete', source: 'kinora.dup', 'detail-type': 'Dup', detail: {} };
    await Promise.all([bus.emit(event), bus.emit(event), bus.emit(event)]);
    await bus.whenIdle();
    assert.equal(runs, 1);
    const statuses = (await bus.listDeliveries({ eventId: 'job-42-complete' })).map((d) => d.status).sort();
    assert.deepEqual(statuses, ['DUPLICATE', 'DUPLICATE', 'SUCCEEDED']);
    await bus.close();
    await store.close();
  });

  test('a function that keeps failing is dead-lettered and its replay runs it', async () => {
    let healthy = false;
    const store = new MemoryEventStore();
    const bus = new EventBus({
      store,
      functions: {
        flaky: async () => {
          if (!healthy) throw new Error('catalog unavailable');
          return 'ok';
        },
      },
      delivery: quick,
    });
    await bus.rules.putRule({ Name: 'fn', EventPattern: '{"source":["kinora.fn"]}' });
    await bus.rules.putTargets({ Rule: 'fn', Targets: [{ Id: 'fn', Arn: 'arn:kinora:function:::flaky' }] });
    const { eventId } = await bus.emit({ source: 'kinora.fn', 'detail-type': 'Fn', detail: {} });
    await bus.whenIdle();
    const [failed] = await bus.listDeliveries({ eventId });
    assert.deepEqual([failed.status, failed.attempts, failed.errorCode], ['FAILED', 2, 'FUNCTION_ERROR']);
    assert.match(failed.error ?? '', /catalog unavailable/);
    const [dead] = await bus.listDeadLetters();
    healthy = true;
    const replay = await bus.replayDeadLetter(dead.id);
    assert.deepEqual([replay.status, replay.result], ['SUCCEEDED', 'ok']);
    await bus.close();
  });

  test('deliveries left pending by a stopped process are resumed by the next one', async () => {
    const path = join(dataDir, 'resume.sqlite');
    hooks.modes.set('/resume', 'fail');
    const retried = Promise.withResolvers<void>();
    const first = new EventBus({
      store: new SqliteEventStore(path),
      delivery: { ...quick, maxRetries: 5, baseDelayMs: 600_000, maxDelayMs: 600_000 },
      log: (line) => line.outcome === 'RETRY' && retried.resolve(),
    });
    await first.rules.putRule({ Name: 'resume', EventPattern: '{"source":["kinora.resume"]}' });
    await first.rules.putTargets({ Rule: 'resume', Targets: [{ Id: 'hook', Arn: `${hooks.base}/resume` }] });
    const { deliveries } = await first.emit({ source: 'kinora.resume', 'detail-type': 'Resume', detail: {} });
    await retried.promise;
    await first.close();

    hooks.modes.set('/resume', 'ok');
    const store = new SqliteEventStore(path);
    const pending = await store.getDelivery(deliveries[0].id);
    assert.deepEqual([pending?.status, pending?.attempts], ['PENDING', 1]);
    // The next process starts after the scheduled retry is due.
    const later = Date.parse(pending!.nextAttemptAt!) + 1000;
    const second = new EventBus({ store, delivery: quick, now: () => new Date(later) });
    assert.equal(await second.start(), 1);
    const done = await second.waitForDelivery(deliveries[0].id);
    assert.deepEqual([done.status, done.attempts], ['SUCCEEDED', 2]);
    assert.equal(hooks.at('/resume').length, 2);
    await second.close();
    await store.close();
  });

  test('the API shares POST / with other services and runs the authenticate hook', async () => {
    const bus = new EventBus({ store: new MemoryEventStore() });
    const app = Fastify({ logger: false });
    // Another AWS JSON 1.1 service on the same server, with its own body parser.
    app.addContentTypeParser('application/x-amz-json-1.1', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.post('/', async () => ({ service: 'other' }));
    registerEventBridgeApi(app, {
      bus,
      authenticate: (request) => {
        if (request.headers.authorization !== 'AWS4-HMAC-SHA256 good') throw Object.assign(new Error('The security token included in the request is invalid.'), { code: 'UnrecognizedClientException', statusCode: 400 });
      },
    });
    const call = (target: string, body: unknown, authorization = 'AWS4-HMAC-SHA256 good') =>
      app.inject({ method: 'POST', url: '/', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', authorization }, payload: JSON.stringify(body) });

    const listed = await call('AWSEvents.ListRules', {});
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(listed.body), { Rules: [] });
    assert.deepEqual(JSON.parse((await call('DynamoDB_20120810.ListTables', {})).body), { service: 'other' });

    const denied = await call('AWSEvents.ListRules', {}, 'AWS4-HMAC-SHA256 bad');
    assert.equal(denied.statusCode, 400);
    assert.deepEqual(JSON.parse(denied.body), { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });

    const unknown = await call('AWSEvents.CreateEventBus', { Name: 'x' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(JSON.parse(unknown.body).__type, 'UnknownOperationException');
    const garbled = await app.inject({ method: 'POST', url: '/', headers: { 'x-amz-target': 'AWSEvents.PutRule', 'content-type': 'application/x-amz-json-1.1', authorization: 'AWS4-HMAC-SHA256 good' }, payload: '{"Name":' });
    assert.deepEqual([garbled.statusCode, JSON.parse(garbled.body).__type], [400, 'SerializationException']);
    const otherBus = await call('AWSEvents.PutRule', { Name: 'r', EventPattern: '{"source":["x"]}', EventBusName: 'custom' });
    assert.deepEqual(JSON.parse(otherBus.body), { __type: 'ResourceNotFoundException', message: 'Event bus custom does not exist.' });
    assert.ok(new EventBridgeError('InternalException', 'x').statusCode === 500);
    await app.close();
    await bus.close();
  });
});
