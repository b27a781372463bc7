// HLS SAMPLE-AES (Apple's MPEG-2 stream encryption) from Kinora in hls.js, in Debian's Chromium:
// hls.js fetches the key from the tokenised EXT-X-KEY URI (KEYFORMAT "identity"), decrypts the
// H.264 slices and ADTS AAC frames of each TS segment itself (its sample-aes demuxer stage, with
// WebCrypto) and plays past 10 s with frames growing, muxed audio and audio in rendition groups.
// The screenshot shows the test pattern's colour bars, not a black or garbled frame: with wrongly
// decrypted slices the decoder draws garbage, or nothing.
import { after, before, describe, it } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeBrowser, playInBrowser } from '../support/browser/playInBrowser.ts';
import { assertPlayedWithPicture } from '../support/browser/assertPlayedWithPicture.ts';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const configurations: Record<string, PackageSettings> = {
  'hls-sample-aes': { hlsPackage: { hlsManifests: [{}], segmentDurationSeconds: 2, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES' } } },
  'hls-sample-aes-groups': {
    hlsPackage: {
      hlsManifests: [{ repeatExtXKey: true }],
      segmentDurationSeconds: 2,
      useAudioRenditionGroup: true,
      encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES', constantInitializationVector: '0123456789abcdef0123456789abcdef' },
    },
  },
};

let server: EncryptedOrigin;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder'], configurations });
});
after(async () => {
  await closeBrowser();
  await server?.close();
});

describe('hls.js plays SAMPLE-AES HLS-TS from Kinora', { concurrency: 2 }, () => {
  for (const [configuration, what] of [
    ['hls-sample-aes', 'audio muxed into the video segments'],
    ['hls-sample-aes-groups', 'audio in a rendition group, EXT-X-KEY before every segment'],
  ] as const) {
    it(`${configuration}: ${what}`, async () => {
      const screenshot = join(screenshots, `sample-aes-hlsjs-${configuration}.png`);
      const r = await playInBrowser({ url: server.urls.ladder[configuration], player: 'hlsjs', minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      await assertPlayedWithPicture(r, screenshot);
    });
  }
});
