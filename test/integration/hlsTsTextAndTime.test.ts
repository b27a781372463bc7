/**
 * HLS-TS (`hlsPackage`) beyond audio and video:
 *
 * - WebVTT subtitles of the source (the `multi` fixture) as SUBTITLES
 *   renditions with the source's LANGUAGE, NAME, DEFAULT and AUTOSELECT, and
 *   segmented `.vtt` media playlists whose `X-TIMESTAMP-MAP` (RFC 8216 3.5)
 *   maps LOCAL 0 to the MPEG-TS time the HLS-TS segments give the output
 *   timeline's 0, so each cue is shown at the same instant of the picture as
 *   in the source; cue texts as in the source.
 * - `programDateTimeIntervalSeconds` on an HLS-TS manifest: its media
 *   playlists (video and audio) carry `EXT-X-PROGRAM-DATE-TIME` every
 *   interval, from the ingest time (CMAF: packagingOptions.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';
import { readWebVtt, type WebVttFile } from '../../src/media/webvtt/readWebVtt.ts';

const run = promisify(execFile);
const configurations: Record<string, PackageSettings> = {
  'hls-ts-pdt': {
    hlsPackage: { hlsManifests: [{ manifestName: 'index' }, { manifestName: 'dated', programDateTimeIntervalSeconds: 10 }], segmentDurationSeconds: 6, useAudioRenditionGroup: true },
  },
};

let origin: TestOrigin;
const urls: Record<string, string> = {};
let multiDir: string;

before(async () => {
  origin = await startOrigin({ fixtures: ['multi', 'ladder'], listen: true });
  assert.equal(origin.assets.multi.status, 'PLAYABLE', origin.assets.multi.statusReason);
  for (const [id, settings] of Object.entries(configurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  for (const e of egressUrls(origin.baseUrl, group, await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID), origin.assets.ladder)) {
    if (e.packagingConfigurationId === 'hls-ts-pdt') urls[e.url.endsWith('/dated.m3u8') ? 'dated' : 'plain'] = e.url;
  }
  multiDir = dirname(await ensureFixture('multi'));
});
after(() => origin?.close());

async function text(url: string): Promise<string> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return r.text();
}

/** The earliest PTS (90 kHz ticks) of the first video (`v:0`) or audio (`a:0`) stream of a TS file or URL. */
async function firstPts90k(input: string, stream: 'v:0' | 'a:0'): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts', '-of', 'csv=p=0', input], { maxBuffer: 16 << 20 });
  const pts = stdout.split('\n').map((line) => line.split(',')[0].trim()).filter((field) => field !== '').map(Number);
  assert.ok(pts.length > 0, `${stream} packets in ${input}`);
  return Math.min(...pts);
}

/** Every cue of a subtitle media playlist's segments, by id (a cue spanning two segments is in both), with its times in 90 kHz MPEG-TS ticks. */
function cuesOf(files: WebVttFile[]): Map<string, { start90k: number; end90k: number; payload: string }> {
  const cues = new Map<string, { start90k: number; end90k: number; payload: string }>();
  for (const file of files) {
    const map = file.timestampMap ?? { mpegts: 0, localMs: 0 };
    for (const cue of file.cues) {
      const at = (ms: number) => map.mpegts + (ms - map.localMs) * 90;
      const seen = { start90k: at(cue.startMs), end90k: at(cue.endMs), payload: cue.payload };
      const before = cues.get(cue.id!);
      if (before) assert.deepEqual(seen, before, `cue ${cue.id} repeated with other times or text`);
      cues.set(cue.id!, seen);
    }
  }
  return cues;
}

describe('HLS-TS subtitles', () => {
  test('SUBTITLES renditions carry LANGUAGE, NAME, DEFAULT, AUTOSELECT as in the source, and every variant names their group', async () => {
    const source = readMultivariantPlaylist(readFileSync(join(multiDir, 'multi.m3u8'), 'utf8'));
    const output = readMultivariantPlaylist(await text(origin.urls.multi['hls-ts']));
    const describe = (m: (typeof output.media)[number]) => ({ language: m.language, name: m.name, isDefault: m.isDefault, autoselect: m.autoselect, forced: m.forced });
    const sourceSubs = source.media.filter((m) => m.type === 'SUBTITLES');
    const subs = output.media.filter((m) => m.type === 'SUBTITLES');
    assert.deepEqual(subs.map(describe), sourceSubs.map(describe));
    assert.equal(new Set(subs.map((m) => m.groupId)).size, 1);
    for (const m of subs) assert.match(m.uri ?? '', /^t\d+\/media\.m3u8$/);
    assert.ok(output.variants.length > 0);
    for (const v of output.variants) assert.equal(v.subtitles, subs[0].groupId);
  });

  test('.vtt segments whose X-TIMESTAMP-MAP puts each cue where the source put it against the picture; texts as in the source', async () => {
    const manifestUrl = origin.urls.multi['hls-ts'];
    const output = readMultivariantPlaylist(await text(manifestUrl));
    const source = readMultivariantPlaylist(readFileSync(join(multiDir, 'multi.m3u8'), 'utf8'));

    // Where the HLS-TS segments put the picture, against the source: both first video PTS, 90 kHz.
    const videoPlaylistUrl = new URL(output.variants[0].uri, manifestUrl).href;
    const videoPlaylist = readMediaPlaylist(await text(videoPlaylistUrl));
    assert.match(videoPlaylist.segments[0].uri, /\.ts$/);
    const firstSegment = new URL(videoPlaylist.segments[0].uri, videoPlaylistUrl).href;
    const outputVideo = await firstPts90k(firstSegment, 'v:0');
    // No AUDIO renditions: the audio is muxed into the same segments.
    const outputAudio = await firstPts90k(firstSegment, 'a:0');
    const sourceVideoPlaylist = readMediaPlaylist(readFileSync(join(multiDir, source.variants[0].uri), 'utf8'));
    const sourceVideo = await firstPts90k(join(multiDir, sourceVideoPlaylist.segments[0].uri), 'v:0');
    const shift90k = outputVideo - sourceVideo;

    for (const language of ['en', 'fr']) {
      const rendition = output.media.find((m) => m.type === 'SUBTITLES' && m.language === language)!;
      const playlistUrl = new URL(rendition.uri!, manifestUrl).href;
      const playlist = readMediaPlaylist(await text(playlistUrl));
      assert.ok(playlist.segments.length > 0);
      const files: WebVttFile[] = [];
      let mpegts: number | undefined;
      for (const segment of playlist.segments) {
        assert.match(segment.uri, /\.vtt$/);
        const r = await fetch(new URL(segment.uri, playlistUrl));
        assert.equal(r.status, 200);
        assert.match(r.headers.get('content-type') ?? '', /^text\/vtt/);
        const body = await r.text();
        const header = /^WEBVTT\r?\nX-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:00:00:00\.000\r?\n/.exec(body);
        assert.ok(header, `${language} ${segment.uri}: X-TIMESTAMP-MAP=MPEGTS:<n>,LOCAL:00:00:00.000 after WEBVTT:\n${body.slice(0, 120)}`);
        mpegts ??= Number(header[1]);
        assert.equal(Number(header[1]), mpegts, 'the same map in every segment');
        files.push(readWebVtt(new TextEncoder().encode(body)));
      }
      // The map's MPEGTS is the TS segments' timeline 0, where their earliest track (here the audio) starts.
      const timelineStart90k = mpegts!;
      assert.ok(Math.abs(Math.min(outputVideo, outputAudio) - timelineStart90k) <= 1, `first PTS video ${outputVideo}, audio ${outputAudio}; X-TIMESTAMP-MAP MPEGTS ${timelineStart90k}`);

      const sourcePlaylist = readMediaPlaylist(readFileSync(join(multiDir, source.media.find((m) => m.type === 'SUBTITLES' && m.language === language)!.uri!), 'utf8'));
      const sourceCues = cuesOf(sourcePlaylist.segments.map((s) => readWebVtt(new Uint8Array(readFileSync(join(multiDir, s.uri))))));
      const outputCues = cuesOf(files);
      assert.deepEqual([...outputCues.keys()].sort(), [...sourceCues.keys()].sort(), `${language}: every source cue, once`);
      for (const [id, expected] of sourceCues) {
        const cue = outputCues.get(id)!;
        assert.equal(cue.payload, expected.payload, `${id}: text`);
        // Moved with the picture; a cue that began before the media is cut to the timeline's start.
        const start = Math.max(expected.start90k + shift90k, timelineStart90k);
        const end = expected.end90k + shift90k;
        // WebVTT times are whole milliseconds: 90 ticks, plus rounding.
        assert.ok(Math.abs(cue.start90k - start) <= 180, `${id}: starts at ${cue.start90k}, expected ${start} (MPEG-TS ticks)`);
        assert.ok(Math.abs(cue.end90k - end) <= 180, `${id}: ends at ${cue.end90k}, expected ${end} (MPEG-TS ticks)`);
      }
    }
  });
});

describe('HLS-TS programDateTimeIntervalSeconds', () => {
  test('the manifest that asks for it gets dated video and audio media playlists, a date every >= 10 s from the ingest time; the other does not', async () => {
    const plain = readMultivariantPlaylist(await text(urls.plain));
    const dated = readMultivariantPlaylist(await text(urls.dated));
    assert.deepEqual(plain.variants.map((v) => v.uri), ['v1/media.m3u8', 'v2/media.m3u8', 'v3/media.m3u8']);
    assert.deepEqual(dated.variants.map((v) => v.uri), ['v1/media-dated.m3u8', 'v2/media-dated.m3u8', 'v3/media-dated.m3u8']);
    assert.deepEqual(dated.media.filter((m) => m.type === 'AUDIO').map((m) => m.uri), ['a1/media-dated.m3u8']);
    const created = Date.parse(origin.assets.ladder.createdAt);
    for (const track of ['v1', 'a1']) {
      const undated = await text(new URL(`${track}/media.m3u8`, urls.plain).href);
      assert.doesNotMatch(undated, /PROGRAM-DATE-TIME/);
      const media = readMediaPlaylist(await text(new URL(`${track}/media-dated.m3u8`, urls.dated).href));
      assert.ok(media.segments.every((s) => s.uri.endsWith('.ts')), `${track}: TS segments`);
      const dates = media.segments.flatMap((s, i) => (s.programDateTime === undefined ? [] : [{ i, ms: Date.parse(s.programDateTime) }]));
      // 30 s of 6 s segments, one date every >= 10 s of media: segments 1, 3, 5 (0, 12, 24 s).
      assert.deepEqual(dates.map((d) => d.i), [0, 2, 4], `${track}: dated segments`);
      assert.deepEqual(dates.map((d) => Math.round((d.ms - created) / 1000)), [0, 12, 24], `${track}: dates from the ingest time`);
      // Each date is the previous one plus the EXTINF durations between them (RFC 8216 4.3.2.6), to the millisecond.
      for (let k = 1; k < dates.length; k++) {
        const between = media.segments.slice(dates[k - 1].i, dates[k].i).reduce((sum, s) => sum + s.durationSeconds * 1000, 0);
        assert.ok(Math.abs(dates[k].ms - dates[k - 1].ms - between) <= 1, `${track}: ${dates[k].ms - dates[k - 1].ms} ms between dates, EXTINFs say ${between}`);
      }
    }
  });
});
