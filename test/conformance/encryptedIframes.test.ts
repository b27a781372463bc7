// I-frame playlists of encrypted HLS (trick play with encryption, which nginx-vod-module and other
// packagers leave out), checked by a decryptor we did not write:
// - CMAF cbcs: every I-frame byte range, cut out after the init segment, decrypts with ffmpeg's
//   -decryption_key to exactly the picture of the same range of the clear CMAF output (framemd5).
// - HLS-TS SAMPLE-AES: ffmpeg's HLS demuxer reads the I-frame playlist itself (byte ranges, the
//   tokenised EXT-X-KEY) and decodes the same pictures as from the clear I-frame playlist; the last
//   one is left out, for the reason test/conformance/sampleAes.test.ts gives (ffmpeg 5.1 hands the
//   stream's last access unit to the decoder after its segment is done, still encrypted).
// - HLS-TS AES-128 has none: a byte range of a whole-segment CBC stream does not decrypt alone, so
//   the multivariant playlist offers no I-frame stream and the I-frame playlist is a 501 naming why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEncryptedOrigin, type EncryptedOrigin } from '../integration/support/startEncryptedOrigin.ts';
import type { PackageSettings, SpekeKeyProvider } from '../../src/catalog/records.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';

const run = promisify(execFile);
const builtin = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids });
const iframes = [{ includeIframeOnlyStream: true }];
const configurations: Record<string, PackageSettings> = {
  'cmaf-cbcs-iframes': { cmafPackage: { hlsManifests: iframes, segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.clearKey]) } } },
  'cmaf-clear-iframes': { cmafPackage: { hlsManifests: iframes, segmentDurationSeconds: 6 } },
  'hls-sample-aes-iframes': { hlsPackage: { hlsManifests: iframes, segmentDurationSeconds: 6, useAudioRenditionGroup: true, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'SAMPLE_AES' } } },
  'hls-clear-iframes': { hlsPackage: { hlsManifests: iframes, segmentDurationSeconds: 6, useAudioRenditionGroup: true } },
  'hls-aes-iframes': { hlsPackage: { hlsManifests: iframes, segmentDurationSeconds: 6, encryption: { spekeKeyProvider: builtin([systemIds.aes128]), encryptionMethod: 'AES_128' } } },
};

let server: EncryptedOrigin;
let work: string;
before(async () => {
  server = await startEncryptedOrigin({ fixtures: ['ladder'], configurations });
  work = mkdtempSync(join(tmpdir(), 'kinora-encrypted-iframes-'));
});
after(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const baseOf = (url: string) => url.slice(0, url.lastIndexOf('/') + 1);

async function get(url: string, range?: string): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  const r = await fetch(url, { headers: range ? { Range: range } : {} });
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, bytes, text: new TextDecoder().decode(bytes) };
}

async function ok(url: string, range?: string): Promise<Uint8Array> {
  const r = await get(url, range);
  assert.equal(r.status, range ? 206 : 200, `${url}: ${r.text.slice(0, 200)}`);
  return r.bytes;
}

function frameLines(framemd5: string): string[] {
  return framemd5.split('\n').filter((l) => /^[0-9]/.test(l));
}

let files = 0;
/** framemd5 of the pictures of init + each byte range of an I-frame playlist, one file per range. */
async function rangeFrames(config: string, key?: string): Promise<{ playlist: string; frames: string[] }> {
  const base = `${baseOf(server.urls.ladder[config])}v1/`;
  const playlist = (await get(`${base}iframes.m3u8`)).text;
  const init = await ok(`${base}init.mp4`);
  const frames: string[] = [];
  for (const segment of readMediaPlaylist(playlist).segments) {
    const { offset, length } = segment.byteRange!;
    const file = join(work, `${files++}.mp4`);
    writeFileSync(file, Buffer.concat([init, await ok(`${base}${segment.uri}`, `bytes=${offset}-${offset + length - 1}`)]));
    const { stdout } = await run('ffmpeg', ['-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 8 << 20 });
    frames.push(frameLines(stdout).map((l) => l.split(',').slice(-1)[0].trim()).join(' '));
  }
  return { playlist, frames };
}

describe('I-frame playlists of encrypted HLS', { concurrency: 2 }, () => {
  it('CMAF cbcs: EXT-X-MAP and EXT-X-KEY, and every range decrypts alone to the clear I-frame', async () => {
    const multivariant = (await get(server.urls.ladder['cmaf-cbcs-iframes'])).text;
    assert.match(multivariant, /#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=\d+,CODECS="avc1\.[0-9a-f]+",RESOLUTION=320x180,URI="v1\/iframes\.m3u8"/);
    const configuration = (await server.origin.kinora.catalog.getConfiguration('cmaf-cbcs-iframes'))!;
    const key = await server.keys.keyFor(server.origin.assets.ladder, configuration, { spekeKeyProvider: builtin([systemIds.clearKey]), scheme: 'cbcs' });
    const encrypted = await rangeFrames('cmaf-cbcs-iframes', hexFromBytes(key.key));
    assert.match(encrypted.playlist, /#EXT-X-I-FRAMES-ONLY\n#EXT-X-MAP:URI="init\.mp4"\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\.\.\/key\/[0-9a-f]{32}\.key\?token=[^"]+",KEYFORMAT="identity",KEYFORMATVERSIONS="1"\n/);
    const clear = await rangeFrames('cmaf-clear-iframes');
    assert.equal(clear.frames.length, 5, 'one I-frame per 6 s segment');
    assert.ok(clear.frames.every((f) => f.split(' ').length === 1), `one picture per range: ${clear.frames.join(' | ')}`);
    assert.deepEqual(encrypted.frames, clear.frames);
    // Without the key the ranges do not give the clear pictures.
    assert.notDeepEqual((await rangeFrames('cmaf-cbcs-iframes')).frames, clear.frames);
  });

  it('HLS-TS SAMPLE-AES: ffmpeg reads the I-frame playlist with its key and decodes the clear I-frames', async () => {
    const multivariant = (await get(server.urls.ladder['hls-sample-aes-iframes'])).text;
    assert.match(multivariant, /#EXT-X-I-FRAME-STREAM-INF:[^\n]*URI="v1\/iframes\.m3u8"/);
    const url = (config: string) => `${baseOf(server.urls.ladder[config])}v1/iframes.m3u8`;
    const playlist = (await get(url('hls-sample-aes-iframes'))).text;
    assert.match(playlist, /^#EXT-X-VERSION:5$/m);
    assert.match(playlist, /#EXT-X-I-FRAMES-ONLY\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\.\.\/key\/[0-9a-f]{32}\.key\?token=[^"]+",IV=0x[0-9A-Fa-f]{32},KEYFORMAT="identity",KEYFORMATVERSIONS="1"\n/);
    const decode = async (config: string) => frameLines((await run('ffmpeg', ['-v', 'error', '-i', url(config), '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 8 << 20 })).stdout);
    const clear = await decode('hls-clear-iframes');
    assert.equal(clear.length, 15, 'every 2 s key frame of 30 s');
    const encrypted = await decode('hls-sample-aes-iframes');
    assert.equal(encrypted.length, clear.length);
    assert.deepEqual(encrypted.slice(0, -1), clear.slice(0, -1));
  });

  it('HLS-TS AES-128: no I-frame stream offered, and its I-frame playlist is a 501 that says why', async () => {
    assert.doesNotMatch((await get(server.urls.ladder['hls-aes-iframes'])).text, /I-FRAME/);
    const r = await get(`${baseOf(server.urls.ladder['hls-aes-iframes'])}v1/iframes.m3u8`);
    assert.equal(r.status, 501);
    const body = JSON.parse(r.text);
    assert.equal(body.code, 'FORMAT_NOT_SUPPORTED');
    assert.match(body.message, /hls-aes-iframes .*AES-128.*byte range/);
  });
});

describe('an encrypted I-frame playlist packages its track once', () => {
  it('later requests write a playlist with fresh key tokens from the kept byte ranges, even with the segment cache off', async () => {
    const packager = server.origin.kinora.packager;
    const readSegment = packager.readSegment.bind(packager);
    let reads = 0;
    packager.readSegment = (...args: Parameters<typeof readSegment>) => {
      reads++;
      return readSegment(...args);
    };
    try {
      const url = `${baseOf(server.urls.ladder['cmaf-cbcs-iframes'])}v1/iframes.m3u8`;
      const first = (await get(url)).text;
      const afterFirst = reads;
      const second = (await get(url)).text;
      assert.equal(reads, afterFirst, `the second request read no segment (the first read ${afterFirst})`);
      assert.deepEqual(readMediaPlaylist(second).segments.map((s) => s.byteRange), readMediaPlaylist(first).segments.map((s) => s.byteRange));
    } finally {
      packager.readSegment = readSegment;
    }
  });
});
