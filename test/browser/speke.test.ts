// SPEKE-keyed output in real players in Debian's Chromium. The origin's configuration names a
// SPEKE v2 key provider (Kinora's built-in SPEKE server, over HTTP with SigV4) with presets that
// give video and audio keys of their own; shaka-player and dash.js play the ClearKey cenc DASH with
// the keys the SPEKE server returned handed to the player, and with both keys from Kinora's ClearKey
// license endpoint (the MPD's one dashif:Laurl), past 10 s, and the screenshot shows the test
// pattern's colour bars. PlayReady itself cannot be played here: Chromium has no PlayReady
// CDM (only ClearKey, and Widevine in Google's builds), so the PlayReady signalling is checked by
// bytes in the unit and integration tests and PIFF decryption by ffmpeg in the conformance tests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { closeBrowser, playInBrowser } from '../support/browser/playInBrowser.ts';
import { assertPlayedWithPicture } from '../support/browser/assertPlayedWithPicture.ts';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { openContentKeys } from '../../src/keys/openContentKeys.ts';
import type { ContentKeys } from '../../src/keys/ContentKeys.ts';
import { registerSpekeServer } from '../../src/keys/speke/registerSpekeServer.ts';

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

const ROLE = 'arn:aws:iam::111122223333:role/speke';
const ACCESS_KEY = { accessKeyId: 'AKIDBROWSERSPEKE0000', secretAccessKey: 'browser-speke-secret' };

let dir: string;
let spekeKeys: ContentKeys;
let spekeApp: FastifyInstance;
let server: EncryptedOrigin;
let settings: PackageSettings;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kinora-speke-browser-'));
  spekeKeys = openContentKeys({ dataDir: dir, masterKey: 'c'.repeat(64), env: {} });
  spekeApp = Fastify({ logger: false });
  registerSpekeServer(spekeApp, { keys: spekeKeys, secretOf: (id) => (id === ACCESS_KEY.accessKeyId ? ACCESS_KEY.secretAccessKey : undefined) });
  await spekeApp.listen({ host: '127.0.0.1', port: 0 });
  const address = spekeApp.server.address();
  const spekeUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/speke/v2`;
  settings = {
    dashPackage: {
      dashManifests: [{}],
      segmentDurationSeconds: 2,
      encryption: {
        spekeKeyProvider: { url: spekeUrl, roleArn: ROLE, systemIds: [systemIds.clearKey, systemIds.common], encryptionContractConfiguration: { presetSpeke20Video: 'PRESET-VIDEO-1', presetSpeke20Audio: 'PRESET-AUDIO-1' } },
      },
    },
  };
  server = await startEncryptedOrigin({ fixtures: ['ladder'], configurations: { 'dash-speke': settings } });
  writeFileSync(join(server.origin.kinora.config.dataDir, 'speke-credentials.json'), JSON.stringify({ [ROLE]: { ...ACCESS_KEY, service: 'speke' } }), { mode: 0o600 });
});
after(async () => {
  await closeBrowser();
  await server?.close();
  await spekeApp?.close();
  await spekeKeys?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** hex kid -> hex key of every key the origin got from the SPEKE server, checked against the server's own. */
async function clearKeys(): Promise<Record<string, string>> {
  const configuration = (await server.origin.kinora.catalog.getConfiguration('dash-speke'))!;
  const { spekeKeyProvider } = (settings as { dashPackage: { encryption: { spekeKeyProvider: Parameters<ContentKeys['keySetFor']>[2]['spekeKeyProvider'] } } }).dashPackage.encryption;
  const set = await server.keys.keySetFor(server.origin.assets.ladder, configuration, { spekeKeyProvider, scheme: 'cenc' });
  assert.equal(set.entries.length, 2, 'a video key and an audio key');
  const keys: Record<string, string> = {};
  for (const { key } of set.entries) {
    const held = await spekeKeys.store!.get(`speke-server/ladder/${hexFromBytes(key.kid)}`);
    assert.equal(held && hexFromBytes(held.key), hexFromBytes(key.key), 'the key is the SPEKE server\'s');
    keys[hexFromBytes(key.kid)] = hexFromBytes(key.key);
  }
  return keys;
}

describe('players play SPEKE-keyed ClearKey DASH', { concurrency: 2 }, () => {
  for (const player of ['shaka', 'dashjs'] as const) {
    it(`${player} plays cenc DASH whose video and audio keys came from the SPEKE server (SPEKE v2 presets)`, async () => {
      const screenshot = join(screenshots, `speke-${player}-clearkey.png`);
      const r = await playInBrowser({ url: server.urls.ladder['dash-speke'], player, clearKeys: await clearKeys(), minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      await assertPlayedWithPicture(r, screenshot);
    });

    it(`${player} plays it with both keys from Kinora's ClearKey license endpoint (one license URL for every key)`, async () => {
      await clearKeys();
      const screenshot = join(screenshots, `speke-${player}-license.png`);
      const r = await playInBrowser({ url: server.urls.ladder['dash-speke'], player, minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      await assertPlayedWithPicture(r, screenshot);
    });
  }
});
