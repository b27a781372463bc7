// Encrypted Kinora output in real players in Debian's Chromium: shaka-player and dash.js play
// ClearKey `cenc` DASH (keys given to the player, and keys fetched from Kinora's ClearKey license
// endpoint through the MPD's dashif:Laurl), hls.js plays AES-128 HLS-TS (the key fetched from
// the tokenised key URI), and shaka plays `cbcs` CMAF through its `identity` EXT-X-KEY. Each plays
// past 10 s with frames growing, and its screenshot shows the test pattern's colour bars, not a
// black or garbled frame.
import { after, before, describe, it } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeBrowser, playInBrowser } from '../support/browser/playInBrowser.ts';
import { assertPlayedWithPicture } from '../support/browser/assertPlayedWithPicture.ts';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const configurations: Record<string, PackageSettings> = {
  'dash-cenc': { dashPackage: { dashManifests: [{}], segmentDurationSeconds: 2, encryption: { spekeKeyProvider: builtin([systemIds.clearKey, systemIds.common]) } } },
  'hls-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 2, encryption: { spekeKeyProvider: builtin([systemIds.aes128]) } } },
  'cmaf-cbcs': { cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 2, encryption: { spekeKeyProvider: builtin([systemIds.clearKey]) } } },
};

let server: EncryptedOrigin;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder'], configurations });
});
after(async () => {
  await closeBrowser();
  await server?.close();
});

/** hex kid -> hex key of a configuration, as the player's ClearKey configuration takes them. */
async function clearKeysOf(configurationId: string): Promise<Record<string, string>> {
  const configuration = (await server.origin.kinora.catalog.getConfiguration(configurationId))!;
  const settings = configurations[configurationId] as { dashPackage: { encryption: { spekeKeyProvider: SpekeKeyProvider } } };
  const key = await server.keys.keyFor(server.origin.assets.ladder, configuration, { spekeKeyProvider: settings.dashPackage.encryption.spekeKeyProvider, scheme: 'cenc' });
  return { [hexFromBytes(key.kid)]: hexFromBytes(key.key) };
}

describe('players play encrypted Kinora output', { concurrency: 2 }, () => {
  for (const player of ['shaka', 'dashjs'] as const) {
    it(`${player} plays ClearKey cenc DASH (keys given to the player)`, async () => {
      const screenshot = join(screenshots, `encryption-${player}-cenc-clearkeys.png`);
      const r = await playInBrowser({ url: server.urls.ladder['dash-cenc'], player, clearKeys: await clearKeysOf('dash-cenc'), minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      await assertPlayedWithPicture(r, screenshot);
    });

    it(`${player} plays ClearKey cenc DASH (license from Kinora's ClearKey endpoint)`, async () => {
      const screenshot = join(screenshots, `encryption-${player}-cenc-license.png`);
      const r = await playInBrowser({ url: server.urls.ladder['dash-cenc'], player, minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      await assertPlayedWithPicture(r, screenshot);
    });
  }

  it('hls.js plays AES-128 HLS-TS (key from the tokenised key URI)', async () => {
    const screenshot = join(screenshots, 'encryption-hlsjs-aes128.png');
    const r = await playInBrowser({ url: server.urls.ladder['hls-aes'], player: 'hlsjs', minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
    await assertPlayedWithPicture(r, screenshot);
  });

  it('shaka plays cbcs CMAF (identity EXT-X-KEY: ClearKey with cbcs)', async () => {
    const screenshot = join(screenshots, 'encryption-shaka-cbcs.png');
    const r = await playInBrowser({ url: server.urls.ladder['cmaf-cbcs'], player: 'shaka', minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
    await assertPlayedWithPicture(r, screenshot);
  });
});
