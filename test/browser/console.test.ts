// The web console in Debian's Chromium, against a full Kinora server on 127.0.0.1: the seed's last
// steps walked through the UI (access key, packaging group, CMAF/DASH/MSS configurations made with
// the form, an asset from the `ladder` fixture picked in a folder bucket with the file picker,
// PLAYABLE, the source's renditions and a bar per source segment, Preview on each endpoint playing
// past 5 s with frames decoding), the player page with a pasted and a shared URL, errors in words,
// the form refusing what the API refuses (same message), a short mp4 uploaded on the jobs page and
// transcoded to COMPLETE, the rules of the event bus, the event log (the job's events, one that
// matched no rule, filtered by source, paged with Load more from the keyboard), the deliveries that
// job caused and a dead letter replayed, labels on every control, and no console error or failed request on any page.
// Then the player page alone: HLS (CMAF), DASH and Smooth URLs typed into its Custom URL box, a
// manifest from another server (a plain folder server on another port, allowing CORS), the audio
// language and the subtitles of the `multi` asset switched with the page's selects (hls.js and
// dash.js), and an encrypted (cbcs, ClearKey) CMAF endpoint, which Automatic plays in shaka-player
// and hls.js, chosen by hand, refuses in words.
// Screenshots land in artifacts/screenshots/console-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  MediaPackageVodClient,
  CreateAssetCommand,
  CreatePackagingConfigurationCommand,
  CreatePackagingGroupCommand,
  DescribeAssetCommand,
  UnprocessableEntityException,
  type CreatePackagingConfigurationCommandInput,
  type DescribeAssetCommandOutput,
} from '@aws-sdk/client-mediapackage-vod';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../../src/config/openKinora.ts';
import { loadAccessKey } from '../../src/auth/loadAccessKey.ts';
import { loadSecretsKey } from '../../src/auth/loadSecretsKey.ts';
import { FileSecretStore } from '../../src/auth/FileSecretStore.ts';
import { verifyFastifySigV4 } from '../../src/auth/verifyFastifySigV4.ts';
import { EvictingEgressResolver } from '../../src/control/EvictingEgressResolver.ts';
import { EndpointKeyHealth } from '../../src/control/EndpointKeyHealth.ts';
import { IngestQueue } from '../../src/control/IngestQueue.ts';
import { VodControlPlane } from '../../src/control/VodControlPlane.ts';
import { buildKinoraApp } from '../../src/control/buildKinoraApp.ts';
import { MIN_PARAM_LENGTH } from '../../src/control/registerMediaPackageVodApi.ts';
import { EventBus } from '../../src/events/bus/EventBus.ts';
import { MemoryEventStore } from '../../src/events/store/MemoryEventStore.ts';
import { registerEventBridgeApi } from '../../src/events/api/registerEventBridgeApi.ts';
import { registerConsole } from '../../src/console/registerConsole.ts';
import { registerKinoraApi } from '../../src/control/kinoraApi/registerKinoraApi.ts';
import { createTranscoder } from '../../src/transcode/createTranscoder.ts';
import { MemoryJobStore } from '../../src/transcode/MemoryJobStore.ts';
import { ensureConsoleBuilt } from '../../scripts/ensureConsoleBuilt.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { generateMedia, syntheticInput } from '../support/generateMedia.ts';
import { serveFolder } from '../support/browser/serveFolder.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';

// Browser globals used inside page.evaluate callbacks (the root tsconfig has no DOM types).
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
declare const localStorage: any;
declare const location: any;

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

interface Server {
  app: FastifyInstance;
  base: string;
  dataDir: string;
  accessKey: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

/** The `audit` target fails its first delivery (and has no retries), so the events page has a dead letter to replay. */
let auditFailures = 1;

/**
 * A complete Kinora server (egress, SigV4 control plane with background ingest, EventBridge bus,
 * transcoder, Kinora API) plus the console, composed as startKinoraServer does, because routes
 * cannot be added to an app that is already listening.
 */
async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-console-'));
  const config = { ...configFromEnv({}), dataDir, host: '127.0.0.1', port: 0, segmentCacheBytes: 16 << 20 };
  const kinora: Kinora = openKinora(config);
  const { key } = loadAccessKey(dataDir, {});
  const secrets = new FileSecretStore(join(dataDir, 'secrets.json'), loadSecretsKey(dataDir, {}));
  let base = '';
  const resolver = new EvictingEgressResolver(kinora.catalog);
  // Encrypted endpoints get their keys at ingest from the built-in key store, as in startKinoraServer.
  const keyHealth = new EndpointKeyHealth({ catalog: kinora.catalog, keys: kinora.keys });
  const stopKeyHealth = keyHealth.start();
  const ingest = new IngestQueue({ catalog: kinora.catalog, reader: kinora.reader, concurrency: 1, prepareEndpoints: (asset) => keyHealth.checkAsset(asset) });
  const control = new VodControlPlane({
    catalog: kinora.catalog,
    ingest,
    secrets,
    publicUrl: () => base,
    quotas: { maxPackagingGroups: 10, maxConfigurationsPerGroup: 10, maxAssetsPerGroup: 100 },
    egress: resolver,
  });
  const secretOf = (id: string) => (id === key.accessKeyId ? key.secretAccessKey : undefined);
  const app = buildKinoraApp({ catalog: kinora.catalog, packager: kinora.packager, keys: kinora.keys, resolver, control, secretOf, cdnSecrets: secrets, accessLog: () => {} }, Fastify({ logger: false, routerOptions: { maxParamLength: MIN_PARAM_LENGTH } }));
  const audit = async () => {
    if (auditFailures-- > 0) throw new Error('the audit log is full');
    return { logged: true };
  };
  const bus = new EventBus({ store: new MemoryEventStore(), region: 'us-east-1', accountId: '111122223333', functions: { 'create-vod-asset': async () => ({}), audit } });
  await bus.start();
  registerEventBridgeApi(app, { bus, authenticate: (request) => verifyFastifySigV4(request, { service: 'events', secretOf }).then(() => {}) });
  const transcoder = createTranscoder({ store: new MemoryJobStore(), objectStore: kinora.store, tempDir: join(dataDir, 'tmp', 'transcode'), emit: async (e) => void (await bus.emit(e as never)), pollIntervalMs: 200, statusUpdateIntervalMs: 0, concurrency: 1 });
  if (!app.hasRoute({ method: 'GET', url: '/kinora/v1/buckets' })) registerKinoraApi(app, { catalog: kinora.catalog, store: kinora.store, transcoder, bus, secretOf, tempDir: join(dataDir, 'tmp', 'uploads') });
  transcoder.start();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    base,
    dataDir,
    accessKey: key,
    async close() {
      await transcoder.stop();
      await ingest.close();
      await app.close();
      stopKeyHealth();
      await keyHealth.idle();
      await bus.close();
      await kinora.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors, page errors, failed requests and HTTP errors of the page, since the last `takeProblems()`. */
let problems: string[] = [];
const takeProblems = () => problems.splice(0);

before(async () => {
  // buildKinoraApp serves dist/console, which this makes sure is up to date.
  ensureConsoleBuilt();
  server = await startServer();
  cpSync(dirname(await ensureFixture('ladder')), join(server.dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  cpSync(dirname(await ensureFixture('multi')), join(server.dataDir, 'buckets', 'media', 'multi'), { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--disable-background-media-suspend'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('requestfailed', (r) => {
    // Players abort requests on purpose (switches, teardown when leaving the page).
    if (!(r.failure()?.errorText ?? '').includes('ERR_ABORTED')) problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
});

async function shot(name: string): Promise<void> {
  // The top bar is sticky: scroll up so full-page shots show it once, at the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, `console-${name}.png`), fullPage: true });
}

/** Every form control has a label, every button and link a name, and the page has one h1 inside main. */
async function assertAccessible(where: string): Promise<void> {
  const issues = await page.evaluate(() => {
    const out: string[] = [];
    const named = (el: any) => (el.getAttribute('aria-label') ?? '').trim() !== '' || (el.getAttribute('aria-labelledby') ?? '') !== '';
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if ((el.labels?.length ?? 0) === 0 && !named(el)) out.push(`unlabelled ${el.tagName.toLowerCase()} ${el.id || el.name || el.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if ((el.textContent ?? '').trim() === '' && !named(el)) out.push(`nameless ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    }
    const h1 = document.querySelectorAll('main h1').length;
    if (h1 !== 1) out.push(`${h1} h1 elements in main`);
    if (!document.querySelector('main')) out.push('no main landmark');
    return out;
  });
  assert.deepEqual(issues, [], `accessibility problems on ${where}`);
}

/** Waits until the page's video played past `seconds` with decoded frames still growing; returns what it saw. */
async function assertPlays(seconds: number, what: string): Promise<{ currentTime: number; frames: number; dropped: number }> {
  const read = () => page.evaluate(() => {
    const v = document.querySelector('video')!;
    const q = v.getVideoPlaybackQuality();
    return { currentTime: v.currentTime, frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, error: document.querySelector('.player-errors')?.textContent ?? '' };
  });
  await page.waitForFunction(() => {
    const v = document.querySelector('video');
    return !!v && v.currentTime > 1 && v.getVideoPlaybackQuality().totalVideoFrames > 0;
  }, undefined, { timeout: 45_000, polling: 200 }).catch(async (e) => assert.fail(`${what}: playback did not start: ${JSON.stringify(await read())} ${e.message}`));
  const early = await read();
  await page.waitForFunction((s) => document.querySelector('video')!.currentTime > s, seconds, { timeout: 45_000, polling: 250 }).catch(async (e) => assert.fail(`${what}: did not play past ${seconds} s: ${JSON.stringify(await read())} ${e.message}`));
  const late = await read();
  assert.ok(late.frames > early.frames, `${what}: decoded frames did not grow (${early.frames} -> ${late.frames})`);
  assert.ok(late.dropped < late.frames, `${what}: every frame dropped`);
  assert.equal(late.error, '', `${what}: the player reported errors`);
  return late;
}

const endpoints: Record<string, string> = {};

test('the seed walk in the console: key, group, CMAF/DASH/MSS configurations, asset, PLAYABLE, Preview plays every endpoint', async () => {
  await page.goto(`${server.base}/console`);
  // Sign in with the keyboard only: the ID box has focus, Tab goes to the secret, Enter submits.
  await page.getByRole('heading', { name: 'Enter your access key' }).waitFor();
  await assertAccessible('the key page');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'key-id');
  await page.keyboard.type(server.accessKey.accessKeyId);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'key-secret');
  await page.keyboard.type(server.accessKey.secretAccessKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Packaging groups', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'No packaging groups yet' }).waitFor();
  assert.equal(await page.evaluate(() => new URL(location.href).pathname), '/console/groups');
  assert.ok(await page.evaluate(() => Object.keys(sessionStorage).some((k) => k.includes('accessKey'))), 'the key is kept in sessionStorage');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
  await assertAccessible('the groups page');
  await shot('groups-empty');

  await page.getByLabel('ID (required)').fill('seed');
  await page.getByRole('button', { name: 'Create packaging group' }).click();
  await page.getByRole('heading', { name: 'Packaging group seed', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'No configurations yet' }).waitFor();

  const configurationPosts = () => requestsSeen.filter((r) => r === 'POST /packaging_configurations').length;
  const requestsSeen: string[] = [];
  page.on('request', (r) => requestsSeen.push(`${r.method()} ${new URL(r.url()).pathname}`));
  const types: [string, string][] = [['seed-cmaf', 'CMAF (HLS, fMP4)'], ['seed-dash', 'DASH'], ['seed-mss', 'Microsoft Smooth']];
  for (const [id, label] of types) {
    await page.getByRole('link', { name: 'New configuration' }).first().click();
    await page.getByRole('heading', { name: 'New packaging configuration' }).waitFor();
    await page.getByLabel('ID (required)').fill(id);
    await page.getByRole('radio', { name: label }).check();
    if (id === 'seed-cmaf') {
      // An invalid value is refused before any request, with the API's own message for that body.
      await page.getByLabel('Segment duration (seconds)').fill('45');
      const before = configurationPosts();
      await page.getByRole('button', { name: 'Create configuration' }).click();
      const error = page.locator('.field-error');
      await error.waitFor();
      const shown = (await error.textContent())!.trim();
      assert.equal(configurationPosts(), before, 'no request is sent for an invalid form');
      assert.equal(await page.getByLabel('Segment duration (seconds)').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-path')), 'cmafPackage.segmentDurationSeconds');
      const body = JSON.parse((await page.locator('.preview pre').textContent())!);
      assert.deepEqual(body, { id, packagingGroupId: 'seed', cmafPackage: { segmentDurationSeconds: 45, hlsManifests: [{}] } });
      const sdk = new MediaPackageVodClient({ endpoint: server.base, region: 'us-east-1', credentials: server.accessKey, maxAttempts: 1 });
      await assert.rejects(
        sdk.send(new CreatePackagingConfigurationCommand({ Id: id, PackagingGroupId: 'seed', CmafPackage: { SegmentDurationSeconds: 45, HlsManifests: [{}] } })),
        (e: any) => e instanceof UnprocessableEntityException && e.message === shown,
      );
      sdk.destroy();
      await shot('configuration-invalid');
    }
    await page.getByLabel('Segment duration (seconds)').fill('2');
    await page.getByRole('button', { name: 'Create configuration' }).click();
    await page.getByRole('heading', { name: 'Packaging group seed', level: 1 }).waitFor();
    await page.getByRole('link', { name: id, exact: true }).waitFor();
  }
  assert.equal(configurationPosts(), 3);
  await assertAccessible('the group page');
  await shot('group');

  await page.getByRole('link', { name: 'New asset' }).first().click();
  await page.getByRole('heading', { name: 'New asset', level: 1 }).waitFor();
  await assertAccessible('the new asset page');
  await page.getByLabel('ID (required)').fill('ladder');
  // The source comes from the file picker: bucket media, folder ladder/, its multivariant playlist.
  await page.getByRole('button', { name: 'Browse buckets' }).click();
  const folder = page.getByRole('button', { name: 'ladder/' });
  await folder.waitFor();
  assert.equal(await page.getByLabel('Bucket', { exact: true }).inputValue(), 'media');
  await folder.click();
  await page.getByRole('button', { name: 'Choose ladder_180p.m3u8' }).waitFor();
  assert.equal(await page.locator('[data-browser] button[data-key$=".ts"]').count(), 0, 'segments are listed but cannot be chosen');
  await assertAccessible('the new asset page with the file picker');
  await shot('asset-picker');
  await page.getByRole('button', { name: 'Choose ladder.m3u8' }).click();
  assert.equal(await page.getByLabel('Source (HLS playlist in a bucket)').inputValue(), 's3://media/ladder/ladder.m3u8');
  assert.equal(await page.locator('[data-browser]').count(), 0, 'the picker closes once a file is chosen');
  await page.getByRole('button', { name: 'Create asset' }).click();
  await page.getByRole('heading', { name: 'Asset ladder', level: 1 }).waitFor();
  await page.locator('#asset-status [data-status="PLAYABLE"]').waitFor({ timeout: 60_000 });
  const rows = page.locator('td .endpoint-status [data-status]');
  await page.waitForFunction(() => document.querySelectorAll('td .endpoint-status [data-status="PLAYABLE"]').length === 3);
  assert.equal(await rows.count(), 3);
  // The source as ingested: three H.264 renditions and the AAC audio, and a bar per source segment.
  await page.getByRole('heading', { name: 'Source renditions' }).waitFor();
  await page.getByRole('cell', { name: '640x360' }).waitFor();
  assert.equal(await page.locator('table:has(caption:text("Source renditions")) tbody tr').count(), 4);
  assert.equal(await page.getByRole('cell', { name: /^avc1\./ }).count(), 3);
  assert.equal(await page.getByRole('cell', { name: /^mp4a\.40\./ }).count(), 1);
  await page.locator('figure.chart figcaption').waitFor();
  assert.match((await page.locator('figure.chart figcaption').textContent())!, /^15 segments, .* average .* peak /);
  assert.equal(await page.locator('figure.chart rect.bar').count(), 15);
  const audioTrack = await page.locator('#chart-track option', { hasText: 'audio' }).getAttribute('value');
  await page.getByLabel('Rendition', { exact: true }).selectOption(audioTrack!);
  await page.getByLabel('Show', { exact: true }).selectOption('size');
  await page.waitForFunction(() => document.querySelectorAll('figure.chart rect.bar').length === 16);
  assert.match((await page.locator('figure.chart svg').getAttribute('aria-label'))!, /^Size of 16 source segments/);
  await assertAccessible('the asset page');
  await shot('asset');
  for (const id of ['seed-cmaf', 'seed-dash', 'seed-mss']) endpoints[id] = (await page.locator(`a[data-endpoint="${id}"]`).getAttribute('href'))!;
  assert.deepEqual(takeProblems(), []);

  const players: Record<string, string> = { 'seed-cmaf': 'hls.js', 'seed-dash': 'dash.js', 'seed-mss': 'dash.js + MSS plugin' };
  for (const id of ['seed-cmaf', 'seed-dash', 'seed-mss']) {
    await page.getByRole('link', { name: `Preview ${id}` }).click();
    await page.getByRole('heading', { name: 'Player', level: 1 }).waitFor();
    const url = new URL(page.url()).searchParams.get('url')!;
    assert.match(url, id === 'seed-cmaf' ? /\/index\.m3u8$/ : id === 'seed-dash' ? /\/index\.mpd$/ : /\/index\.ism\/Manifest$/);
    assert.equal(await page.getByLabel('Custom URL').inputValue(), url);
    await assertPlays(5, id);
    assert.equal(await page.locator('[data-stat="player"]').textContent(), players[id]);
    assert.match((await page.locator('[data-stat="frames"]').textContent())!, /^\d+ decoded · \d+ dropped$/);
    assert.match((await page.locator('[data-stat="buffer"]').textContent())!, /^\d+\.\d s$/);
    assert.ok((await page.locator('#player-rendition option').count()) >= 4, `${id}: Automatic plus three renditions`);
    await assertAccessible(`the player page (${id})`);
    await shot(`player-${id}`);
    await page.goBack();
    await page.getByRole('heading', { name: 'Asset ladder', level: 1 }).waitFor();
  }
  assert.deepEqual(takeProblems(), []);
});

test('the player page plays a shared ?url= of a Kinora DASH endpoint in shaka, and its rendition menu switches', async () => {
  const dash = new URL(endpoints['seed-dash'] ?? assert.fail('the walk did not record the endpoints'), server.base).searchParams.get('url')!;
  await page.goto(`${server.base}/console/player?url=${encodeURIComponent(dash)}&player=shaka`);
  await page.waitForFunction(() => document.querySelector('video')!.currentTime > 1, undefined, { timeout: 45_000, polling: 200 });
  assert.equal(await page.locator('[data-stat="player"]').textContent(), 'shaka-player');
  // Pick the lowest rendition: the decoded picture becomes 180 lines high.
  const lowest = await page.locator('#player-rendition option').nth(1).getAttribute('value');
  await page.locator('#player-rendition').selectOption(lowest!);
  await page.waitForFunction(() => document.querySelector('video')!.videoHeight === 180, undefined, { timeout: 30_000, polling: 200 });
  await assertPlays(5, 'shaka DASH');
  assert.match((await page.locator('[data-stat="bitrate"]').textContent())!, /\(fixed\)$/);
  await shot('player-shaka');
  assert.deepEqual(takeProblems(), []);
});

test('the player page says in words why a URL does not play', async () => {
  await page.goto(`${server.base}/console/player`);
  const box = page.getByLabel('Custom URL');
  await box.fill('not a url');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.player-errors').getByText('"not a url" is not an http:// or https:// URL').waitFor();

  const missing = `${server.base}/out/v1/00000000000000000000000000000000/00000000000000000000000000000000/00000000000000000000000000000000/index.m3u8`;
  await box.fill(missing);
  await page.getByRole('button', { name: 'Preview' }).click();
  const error = page.locator('.player-errors');
  await error.getByText('The manifest could not be loaded').waitFor();
  const text = (await error.textContent())!;
  assert.match(text, /answered HTTP 404/);
  assert.doesNotMatch(text, /\bat \S+:\d+|Error:|undefined/);
  assert.equal(new URL(page.url()).searchParams.get('url'), missing, 'the page URL is the shareable one');
  await shot('player-error');
  // The only failure is the 404 the user asked for.
  assert.deepEqual(takeProblems().filter((p) => !p.includes(missing)), []);
});

test('a short mp4 uploaded on the jobs page is transcoded to COMPLETE; the events page shows the rule, the event log, the deliveries the job caused, and replays a dead letter', async () => {
  const events = new EventBridgeClient({ endpoint: server.base, region: 'us-east-1', credentials: server.accessKey, maxAttempts: 1 });
  await events.send(new PutRuleCommand({ Name: 'mediaconvert-complete', EventPattern: JSON.stringify({ source: ['aws.mediaconvert'], detail: { status: ['COMPLETE'] } }), Description: 'Creates the VOD asset' }));
  await events.send(
    new PutTargetsCommand({
      Rule: 'mediaconvert-complete',
      Targets: [
        { Id: 'create-asset', Arn: 'arn:aws:lambda:us-east-1:111122223333:function:kinora-create-vod-asset' },
        { Id: 'audit', Arn: 'arn:kinora:function:::audit', RetryPolicy: { MaximumRetryAttempts: 0 } },
      ],
    }),
  );
  // An event no rule matches, and more events of one source than a page of the event log holds.
  const unmatched = await events.send(new PutEventsCommand({ Entries: [{ Source: 'console.test', DetailType: 'Nobody listens', Detail: JSON.stringify({ n: 1 }) }] }));
  const unmatchedId = unmatched.Entries![0].EventId!;
  for (let batch = 0; batch < 3; batch++) {
    await events.send(new PutEventsCommand({ Entries: Array.from({ length: 10 }, (_, i) => ({ Source: 'console.paging', DetailType: `Paged ${batch * 10 + i + 1}`, Detail: '{}' })) }));
  }
  events.destroy();
  const clip = join(generateMedia([...syntheticInput(3), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', 'clip.mp4']), 'clip.mp4');

  await page.goto(`${server.base}/console/jobs`);
  await page.getByRole('heading', { name: 'Transcode jobs', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'No transcode jobs yet' }).waitFor();
  await assertAccessible('the jobs page');
  await page.getByLabel('Video file').setInputFiles(clip);
  assert.equal(await page.getByLabel('Destination').inputValue(), 's3://media/outputs/clip/');
  await page.getByRole('button', { name: 'Start job' }).click();
  await page.getByText(/^Job \S+ started on s3:\/\/media\/uploads\/clip\.mp4\.$/).waitFor();
  assert.match((await page.locator('#upload-progress-text').textContent())!, /^Uploading clip\.mp4: 100% \(/);
  const row = page.locator('tr[data-job]');
  await row.locator('[data-status="COMPLETE"]').waitFor({ timeout: 90_000 });
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('progress').getAttribute('value'), '100');
  assert.match((await row.locator('td').nth(3).textContent())!, /^s3:\/\/media\/uploads\/clip\.mp4$/);
  const createAsset = row.getByRole('link', { name: 'Create an asset from s3://media/outputs/clip/clip.m3u8' });
  assert.equal(await createAsset.getAttribute('href'), `/console/assets/new?source=${encodeURIComponent('s3://media/outputs/clip/clip.m3u8')}`);
  await assertAccessible('the jobs page with a job');
  await shot('jobs');

  await page.getByRole('link', { name: 'Events' }).click();
  await page.getByRole('table', { name: 'Event rules' }).getByRole('cell', { name: /mediaconvert-complete/ }).waitFor();
  await page.getByText('create-asset', { exact: true }).first().waitFor();
  assert.match((await page.locator('pre.pattern').textContent())!, /"aws\.mediaconvert"/);
  // The job's COMPLETE event matched the rule: one delivery per target, the function's succeeded.
  const delivered = page.locator('tr[data-delivery][data-rule="mediaconvert-complete"]');
  await delivered.first().waitFor();
  assert.deepEqual((await delivered.evaluateAll((rows) => rows.map((r) => `${r.querySelector('td:nth-child(4) code').textContent} ${r.getAttribute('data-status')}`))).sort(), ['audit FAILED', 'create-asset SUCCEEDED']);
  assert.match((await delivered.first().locator('td').nth(1).textContent())!, /MediaConvert Job State Change · COMPLETE/);
  // The event log: every event, newest first. The job's COMPLETE event with its deliveries' outcomes
  // (the function's succeeded), its SUBMITTED event and the PutEvents entry matched no rule.
  const eventLog = page.getByRole('table', { name: 'Event log' });
  const complete = eventLog.locator('tr[data-source="aws.mediaconvert"][data-detail-status="COMPLETE"]');
  await complete.locator('li[data-target="create-asset"][data-status="SUCCEEDED"]').waitFor();
  assert.equal(await complete.count(), 1);
  assert.deepEqual((await complete.locator('li[data-delivery]').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-rule')} ${li.getAttribute('data-target')} ${li.getAttribute('data-status')}`))).sort(), ['mediaconvert-complete audit FAILED', 'mediaconvert-complete create-asset SUCCEEDED']);
  assert.match((await complete.locator('li[data-target="audit"]').textContent())!, /FUNCTION_ERROR: built-in function "audit" failed: the audit log is full/);
  // The job's earlier events (SUBMITTED, PROGRESSING, STATUS_UPDATE) matched no rule.
  const earlier = eventLog.locator('tr[data-source="aws.mediaconvert"]:not([data-detail-status="COMPLETE"])').first();
  assert.equal(await earlier.getAttribute('data-deliveries'), '0');
  assert.equal(await earlier.locator('td').last().textContent(), 'No rule matched');
  const replay = page.getByRole('button', { name: 'Replay the MediaConvert Job State Change event to audit (mediaconvert-complete)' });
  await assertAccessible('the events page');
  await shot('events');
  await replay.click();
  await page.getByText('Delivered again to audit: succeeded.').waitFor();
  await page.getByText(/^No dead letters/).waitFor();
  await page.locator('tr[data-delivery][data-rule="mediaconvert-complete"][data-status="SUCCEEDED"] td:nth-child(4) code', { hasText: 'audit' }).waitFor();
  // The replay is one more outcome of the same event in the log.
  await complete.locator('li[data-target="audit"][data-status="SUCCEEDED"]').waitFor();
  assert.match((await complete.locator('li[data-target="audit"][data-status="SUCCEEDED"]').textContent())!, /replay of /);

  // Filtered by source, from the keyboard: the PutEvents entry no rule matched.
  await page.getByLabel('Source').fill('console.test');
  await page.getByLabel('Source').press('Enter');
  await page.getByText('1 event from console.test.').waitFor();
  const unmatchedRow = eventLog.locator(`tr[data-event="${unmatchedId}"]`);
  assert.equal(await eventLog.locator('tbody tr').count(), 1);
  assert.equal(await unmatchedRow.getAttribute('data-deliveries'), '0');
  assert.deepEqual((await unmatchedRow.locator('td').allTextContents()).slice(1), ['console.test', 'Nobody listens', 'No rule matched']);
  // 30 events of another source: a page of 25, newest first, then Load more.
  await page.getByLabel('Source').fill('console.paging');
  await page.getByLabel('Source').press('Enter');
  await page.getByText('25 events from console.paging; older ones follow.').waitFor();
  assert.deepEqual(await eventLog.locator('tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-source')))]), ['console.paging']);
  assert.equal(await eventLog.locator('tbody tr td:nth-child(3)').first().textContent(), 'Paged 30');
  const loadMore = page.getByRole('button', { name: 'Load more' });
  await loadMore.focus();
  await page.keyboard.press('Enter');
  await page.getByText('30 events: the oldest the server keeps.').waitFor();
  assert.deepEqual(await eventLog.locator('tbody tr td:nth-child(3)').evaluateAll((cells) => cells.slice(23).map((c) => c.textContent)), ['Paged 7', 'Paged 6', 'Paged 5', 'Paged 4', 'Paged 3', 'Paged 2', 'Paged 1']);
  assert.equal(await loadMore.count(), 0, 'no older page');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.querySelector('td:nth-child(3)')?.textContent), 'Paged 5', 'focus moves to the first row added');
  await assertAccessible('the events page with a filtered event log');
  await page.getByRole('button', { name: 'Clear' }).click();
  await complete.waitFor();

  await page.getByRole('link', { name: 'Assets' }).click();
  await page.getByRole('cell', { name: 'ladder', exact: true }).waitFor();
  await page.locator('td [data-status="PLAYABLE"]').waitFor();
  await assertAccessible('the assets page');
  await shot('assets');
  assert.deepEqual(takeProblems(), []);
});

test('the server answers the console: SPA paths, hashed files cached for a year, 404 for a missing file, 503 without a build', async () => {
  const index = await fetch(`${server.base}/console/assets/ladder`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const script = /src="(\/console\/_app\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, html);
  const js = await fetch(`${server.base}${script}`);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  await js.arrayBuffer();
  assert.equal((await fetch(`${server.base}/console/_app/missing-0000.js`)).status, 404);
  assert.equal((await fetch(`${server.base}/console/_app/..%2F..%2Fpackage.json`)).status, 404);

  const bare = Fastify({ logger: false });
  registerConsole(bare, { root: join(server.dataDir, 'no-console-here') });
  const missing = await bare.inject({ method: 'GET', url: '/console/player' });
  assert.equal(missing.statusCode, 503);
  assert.match(missing.body, /run `npm run build:console`/);
  await bare.close();
});

// ---- The player page on its own: typed URLs, another server's manifest, track switches, encryption ----

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';

/** The player tests' assets, made with the SDK (the walk above made its own with the form). */
const PLAYER_ASSETS = {
  /** Group `player`: CMAF, DASH and MSS of the `ladder` fixture (three renditions, 30 s). */
  'player-ladder': { group: 'player', source: 'arn:aws:s3:::media/ladder/ladder.m3u8' },
  /** Group `player`: the `multi` fixture (English, French and commentary audio; English and French WebVTT; 12 s). */
  multi: { group: 'player', source: 'arn:aws:s3:::media/multi/multi.m3u8' },
  /** Group `locked`: CMAF encrypted cbcs with a key from the built-in key store, signalled for ClearKey. */
  'locked-ladder': { group: 'locked', source: 'arn:aws:s3:::media/ladder/ladder.m3u8' },
} as const;
const PLAYER_CONFIGURATIONS: Omit<CreatePackagingConfigurationCommandInput, 'PackagingGroupId'>[] = [
  { Id: 'player-cmaf', CmafPackage: { HlsManifests: [{}], SegmentDurationSeconds: 2 } },
  { Id: 'player-dash', DashPackage: { DashManifests: [{}], SegmentDurationSeconds: 2 } },
  { Id: 'player-mss', MssPackage: { MssManifests: [{}], SegmentDurationSeconds: 2 } },
];
const LOCKED_CONFIGURATION: Omit<CreatePackagingConfigurationCommandInput, 'PackagingGroupId'> = {
  Id: 'locked-cbcs',
  CmafPackage: { HlsManifests: [{}], SegmentDurationSeconds: 2, Encryption: { SpekeKeyProvider: { Url: 'kinora:builtin', RoleArn: 'arn:aws:iam::111122223333:role/kinora-keys', SystemIds: [systemIds.clearKey] } } },
};

type PlayerAsset = keyof typeof PLAYER_ASSETS;
let playerEndpoints: Promise<Record<PlayerAsset, Record<string, string>>> | undefined;

/** Creates the player tests' groups, configurations and assets once; resolves with asset -> configuration -> URL when every endpoint is PLAYABLE. */
function playerUrls(): Promise<Record<PlayerAsset, Record<string, string>>> {
  playerEndpoints ??= (async () => {
    const sdk = new MediaPackageVodClient({ endpoint: server.base, region: 'us-east-1', credentials: server.accessKey, maxAttempts: 1 });
    try {
      await sdk.send(new CreatePackagingGroupCommand({ Id: 'player' }));
      await sdk.send(new CreatePackagingGroupCommand({ Id: 'locked' }));
      for (const c of PLAYER_CONFIGURATIONS) await sdk.send(new CreatePackagingConfigurationCommand({ ...c, PackagingGroupId: 'player' }));
      await sdk.send(new CreatePackagingConfigurationCommand({ ...LOCKED_CONFIGURATION, PackagingGroupId: 'locked' }));
      for (const [id, { group, source }] of Object.entries(PLAYER_ASSETS)) await sdk.send(new CreateAssetCommand({ Id: id, PackagingGroupId: group, SourceArn: source, SourceRoleArn: ROLE }));
      const urls = {} as Record<PlayerAsset, Record<string, string>>;
      for (const id of Object.keys(PLAYER_ASSETS) as PlayerAsset[]) {
        let described: DescribeAssetCommandOutput | undefined;
        const settled = (a: DescribeAssetCommandOutput) => (a.EgressEndpoints ?? []).length > 0 && a.EgressEndpoints!.every((e) => e.Status === 'PLAYABLE' || e.Status === 'FAILED');
        for (const deadline = Date.now() + 120_000; !(described && settled(described)) && Date.now() < deadline; ) {
          if (described) await new Promise((r) => setTimeout(r, 250));
          described = await sdk.send(new DescribeAssetCommand({ Id: id }));
        }
        const endpoints = described?.EgressEndpoints ?? [];
        assert.ok(endpoints.length > 0 && endpoints.every((e) => e.Status === 'PLAYABLE'), `asset ${id} is not PLAYABLE on every endpoint: ${JSON.stringify(endpoints)}`);
        urls[id] = Object.fromEntries(endpoints.map((e) => [e.PackagingConfigurationId!, e.Url!]));
      }
      return urls;
    } finally {
      sdk.destroy();
    }
  })();
  return playerEndpoints;
}

/** Types `url` into the Custom URL box with the keyboard (select all, type, Enter), as a user replaces what is there. */
async function typeUrl(url: string): Promise<void> {
  const box = page.getByLabel('Custom URL');
  if (!(await box.evaluate((el) => el === document.activeElement))) await box.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(url);
  assert.equal(await box.inputValue(), url);
  await page.keyboard.press('Enter');
}

test('the player page plays HLS (CMAF), DASH and Smooth URLs typed into its Custom URL box', async () => {
  const urls = (await playerUrls())['player-ladder'];
  await page.goto(`${server.base}/console/player`);
  await page.getByRole('heading', { name: 'Player', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'player-url', 'the empty page puts the focus in the Custom URL box');
  const cases = [
    ['player-cmaf', /\/index\.m3u8$/, 'hls.js', 'HLS'],
    ['player-dash', /\/index\.mpd$/, 'dash.js', 'DASH'],
    ['player-mss', /\/index\.ism\/Manifest$/, 'dash.js + MSS plugin', 'Smooth Streaming'],
  ] as const;
  for (const [id, path, player, kind] of cases) {
    const url = urls[id];
    assert.match(url, path);
    await typeUrl(url);
    await page.waitForFunction((u) => new URL(location.href).searchParams.get('url') === u, url);
    await assertPlays(5, `${id} typed into the Custom URL box`);
    assert.equal(await page.locator('[data-stat="player"]').textContent(), player, id);
    assert.equal(await page.locator('.overlay').getAttribute('data-kind'), kind, id);
    assert.ok((await page.locator('#player-rendition option').count()) >= 4, `${id}: Automatic plus three renditions`);
    await shot(`player-typed-${id}`);
  }
  assert.deepEqual(takeProblems(), []);
});

test('the player page plays a manifest from another server that allows CORS (the ladder fixture on a plain folder server)', async () => {
  const playlist = await ensureFixture('ladder');
  const folder = await serveFolder(dirname(playlist));
  try {
    const url = `${folder.url}ladder.m3u8`;
    const fromFolder: string[] = [];
    const onResponse = (r: { url(): string; status(): number }) => {
      if (r.url().startsWith(folder.url)) fromFolder.push(`${r.status()} ${new URL(r.url()).pathname}`);
    };
    page.on('response', onResponse);
    try {
      await page.goto(`${server.base}/console/player`);
      await page.getByRole('heading', { name: 'Player', level: 1 }).waitFor();
      await typeUrl(url);
      await assertPlays(5, 'the ladder fixture from a folder server');
    } finally {
      page.off('response', onResponse);
    }
    assert.equal(await page.locator('[data-stat="player"]').textContent(), 'hls.js');
    assert.ok((await page.locator('#player-rendition option').count()) >= 4, 'Automatic plus the three renditions of the fixture');
    assert.ok(fromFolder.includes('200 /ladder.m3u8'), `the manifest came from the folder server: ${JSON.stringify(fromFolder)}`);
    assert.ok(fromFolder.some((r) => /^200 \/ladder_\w+_\d+\.ts$/.test(r)), `segments came from the folder server: ${JSON.stringify(fromFolder)}`);
    assert.ok(fromFolder.every((r) => r.startsWith('200 ')), `every request to the folder server succeeded: ${JSON.stringify(fromFolder)}`);
    await shot('player-other-server');
    assert.deepEqual(takeProblems(), []);
  } finally {
    await folder.close();
  }
});

/** The folder (relative to the manifest) of the French audio in a Kinora CMAF multivariant playlist or DASH MPD of `multi`. */
function frenchAudioFolder(manifest: string): string {
  const hls = /#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*LANGUAGE="fr"[^\n]*URI="([^"/]+)\//.exec(manifest)?.[1];
  const dash = /<AdaptationSet [^>]*contentType="audio"[^>]*lang="fr"[^>]*>[\s\S]*?<Representation id="([^"]+)"/.exec(manifest)?.[1];
  const folder = hls ?? dash;
  assert.ok(folder, `no French audio in ${manifest}`);
  return `${folder}/`;
}

/** What the page shows of a select: its options' labels and the one selected. */
const selectState = (id: string) => page.evaluate((i) => {
  const s = document.getElementById(i);
  return { disabled: s.disabled, selected: s.selectedOptions[0]?.text ?? null, options: [...s.options].map((o: any) => o.text) };
}, id);

/** The video element's text tracks: mode, language, label and their cues' texts. */
const textTracksSeen = () => page.evaluate(() => [...document.querySelector('video').textTracks].map((t: any) => ({ mode: t.mode, language: t.language, label: t.label, cues: [...(t.cues ?? [])].map((c: any) => c.text) })));

for (const [player, configuration] of [['hls.js', 'player-cmaf'], ['dash.js', 'player-dash']] as const) {
  test(`the player page switches the audio language and the subtitles of the multi asset (${player}, ${configuration})`, async () => {
    const url = (await playerUrls()).multi[configuration];
    const manifest = await (await fetch(url)).text();
    const french = new URL(frenchAudioFolder(manifest), url).href;
    const frenchAudio: { after: boolean; line: string }[] = [];
    let switched = false;
    const onResponse = (r: { url(): string; status(): number }) => {
      if (r.url().startsWith(french) && r.url().endsWith('.m4s')) frenchAudio.push({ after: switched, line: `${r.status()} ${r.url().slice(french.length)}` });
    };
    page.on('response', onResponse);
    try {
      await page.goto(`${server.base}/console/player?url=${encodeURIComponent(url)}`);
      await page.waitForFunction(() => {
        const audio = document.getElementById('player-audio');
        const text = document.getElementById('player-text');
        return !audio.disabled && audio.options.length === 3 && !text.disabled && text.options.length === 3;
      }, undefined, { timeout: 45_000, polling: 200 }).catch(async (e) => assert.fail(`the audio and subtitle selects were not filled: audio ${JSON.stringify(await selectState('player-audio'))}, subtitles ${JSON.stringify(await selectState('player-text'))} ${e.message}`));
      assert.equal(await page.locator('[data-stat="player"]').textContent(), player);
      const audio = await selectState('player-audio');
      assert.deepEqual(audio.options, ['English (en)', 'Français (fr)', 'English (commentary) (en)'], JSON.stringify(audio));
      assert.equal(audio.selected, 'English (en)', `English plays first: ${JSON.stringify(audio)}`);
      assert.deepEqual((await selectState('player-text')).options, ['Off', 'English (en)', 'Français (fr)']);

      // The user picks French audio and French subtitles by their labels.
      switched = true;
      await page.getByLabel('Audio', { exact: true }).selectOption({ label: 'Français (fr)' });
      await page.getByLabel('Subtitles', { exact: true }).selectOption({ label: 'Français (fr)' });
      await page.evaluate(() => document.activeElement?.blur());
      // The page writes the player's own active tracks into the selects every half second (when they have no focus):
      // scribble over them and wait for the player's answer.
      await page.evaluate(() => {
        document.getElementById('player-audio').selectedIndex = 0;
        document.getElementById('player-text').selectedIndex = 0;
      });
      await page.waitForFunction(() => document.getElementById('player-audio').selectedOptions[0]?.text === 'Français (fr)', undefined, { timeout: 20_000, polling: 100 })
        .catch(async (e) => assert.fail(`${player} does not report French as its audio track: ${JSON.stringify(await selectState('player-audio'))} ${e.message}`));
      await page.waitForFunction(() => document.getElementById('player-text').selectedOptions[0]?.text === 'Français (fr)', undefined, { timeout: 20_000, polling: 100 })
        .catch(async (e) => assert.fail(`${player} does not report French as its subtitles: ${JSON.stringify(await selectState('player-text'))} ${e.message}`));

      // French subtitles show: one text track showing, the French one, with French cues (`Réplique k <b>fr</b>`).
      await page.waitForFunction(() => {
        const showing = [...document.querySelector('video').textTracks].filter((t: any) => t.mode === 'showing');
        return showing.length === 1 && showing[0].language === 'fr' && [...(showing[0].cues ?? [])].some((c: any) => /^Réplique \d+ <b>fr<\/b>$/.test(c.text));
      }, undefined, { timeout: 30_000, polling: 200 }).catch(async (e) => assert.fail(`the French subtitles do not show: text tracks ${JSON.stringify(await textTracksSeen())} ${e.message}`));
      const showing = (await textTracksSeen()).filter((t) => t.mode === 'showing');
      assert.ok(showing[0].cues.every((c) => /^Réplique \d+ <b>fr<\/b>$/.test(c)), `only French cues in the French track: ${JSON.stringify(showing)}`);

      // French audio is loaded once chosen, never before.
      const deadline = Date.now() + 30_000;
      while (!frenchAudio.some((r) => r.after && r.line.startsWith('200 ')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.ok(frenchAudio.some((r) => r.after && r.line.startsWith('200 ')), `${player} loaded no French audio segment (${french}) after the switch: ${JSON.stringify(frenchAudio)}`);
      assert.deepEqual(frenchAudio.filter((r) => !r.after), [], 'no French audio before the switch');
      await assertPlays(5, `${player} after switching to French audio and subtitles`);
      await shot(`player-switch-${configuration}`);
    } finally {
      page.off('response', onResponse);
    }
    assert.deepEqual(takeProblems(), []);
  });
}

test('an encrypted CMAF endpoint (cbcs, ClearKey): Automatic plays it in shaka-player; hls.js, chosen by hand, says why it cannot and names the players that can', async () => {
  const url = (await playerUrls())['locked-ladder']['locked-cbcs'];
  const media = await (await fetch(new URL('v1/media.m3u8', url))).text();
  assert.match(media, /#EXT-X-MAP:URI="[^"]+"\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="[^"]+",KEYFORMAT="identity"/, 'fMP4 segments with a SAMPLE-AES identity key');
  // Where an asset page's Preview button leads: Automatic.
  await page.goto(`${server.base}/console/player?url=${encodeURIComponent(url)}`);
  await assertPlays(5, 'cbcs CMAF with Automatic');
  assert.equal(await page.locator('[data-stat="player"]').textContent(), 'shaka-player');
  assert.ok(await page.evaluate(() => document.querySelector('video').mediaKeys !== null), 'shaka decrypts through EME (ClearKey)');
  await shot('player-encrypted-shaka');

  // hls.js by hand: refused in words.
  await page.getByLabel('Player', { exact: true }).selectOption({ label: 'hls.js' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('player') === 'hlsjs');
  const error = page.locator('.player-errors');
  await error.getByText('which hls.js cannot decrypt').waitFor({ timeout: 45_000 }).catch(async (e) => assert.fail(`no explanation from hls.js: errors "${await error.textContent()}", overlay ${await page.locator('.overlay').textContent()} ${e.message}`));
  assert.equal(await page.locator('[data-stat="player"]').textContent(), 'hls.js');
  assert.equal(
    (await error.textContent())!.trim(),
    'This stream is encrypted with SAMPLE-AES in fMP4 segments (cbcs) with the key at its key URI (KEYFORMAT="identity"), which hls.js cannot decrypt; playback stopped. Choose Automatic or shaka-player as the Player and press Preview: shaka-player plays this encryption with ClearKey.',
  );
  await shot('player-encrypted-hlsjs');
  assert.deepEqual(takeProblems(), []);
});
