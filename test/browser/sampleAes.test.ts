// HLS SAMPLE-AES (Apple's MPEG-2 stream encryption) from Kinora in hls.js, in Debian's Chromium:
// hls.js fetches the key from the tokenised EXT-X-KEY URI (KEYFORMAT "identity"), decrypts the
// H.264 slices and ADTS AAC frames of each TS segment itself (its sample-aes demuxer stage, with
// WebCrypto) and plays past 10 s with frames growing, muxed audio and audio in rendition groups.
// The screenshot shows the test pattern's colour bars, not a black or garbled frame: with wrongly
// decrypted slices the decoder draws garbage, or nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeBrowser, playInBrowser, type PlayResult } from '../support/browser/playInBrowser.ts';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';

const run = promisify(execFile);
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

function explain(r: PlayResult): string {
  return JSON.stringify({ ...r, log: r.log.slice(-40) }, null, 2);
}

/**
 * The six colour bars of the testsrc2 picture, left to right, as which of R, G and B are lit
 * (mean over a band of rows clear of the counter, the moving squares and the diagonal).
 */
async function colourBars(png: string): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', png, '-vf', 'crop=640:60:0:60,scale=6:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  const bars: string[] = [];
  for (let i = 0; i + 3 <= stdout.byteLength; i += 3) bars.push(['R', 'G', 'B'].filter((_, c) => stdout[i + c] > 128).join(''));
  return bars;
}

describe('hls.js plays SAMPLE-AES HLS-TS from Kinora', { concurrency: 2 }, () => {
  for (const [configuration, what] of [
    ['hls-sample-aes', 'audio muxed into the video segments'],
    ['hls-sample-aes-groups', 'audio in a rendition group, EXT-X-KEY before every segment'],
  ] as const) {
    it(`${configuration}: ${what}`, async () => {
      const screenshot = join(screenshots, `sample-aes-hlsjs-${configuration}.png`);
      const r = await playInBrowser({ url: server.urls.ladder[configuration], player: 'hlsjs', minSeconds: 10, timeoutMs: 90_000, screenshotPath: screenshot });
      assert.deepEqual(r.errors, [], explain(r));
      assert.ok(r.currentTime > 10, `currentTime ${r.currentTime}\n${explain(r)}`);
      assert.ok(r.framesGrew && r.totalVideoFrames > 0, explain(r));
      assert.ok(r.ok, explain(r));
      assert.equal(r.screenshotPath, screenshot, explain(r));
      assert.deepEqual(await colourBars(screenshot), ['R', 'G', 'RG', 'B', 'RB', 'GB'], `${screenshot} does not show the test pattern's colour bars`);
    });
  }
});
