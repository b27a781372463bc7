/**
 * A/V sync on the bytes of every output, not only in the index: the first
 * presentation time of the first video segment and of the first audio
 * segment of each output must keep the source's video-audio offset.
 *
 * The fixtures' sources (ffmpeg's TS muxer) start video at 1.48 s and AAC at
 * 1.458667 s (one AAC frame of priming earlier), so video leads by
 * 1024/48000 s = 1920 ticks at 90 kHz. Outputs rebase the timeline (fMP4 and
 * Smooth start the earliest track at 0, HLS-TS at 1.4 s), but the offset
 * between tracks must survive: CMAF/DASH video tfdt 1920 vs audio 0, Smooth
 * `t=1920` vs `t=0`, HLS-TS video PTS 1.421333 s vs audio 1.4 s.
 *
 * Read per format: fMP4 (HLS CMAF, DASH) tfdt + the first sample's
 * composition offset - the edit list's media_time, over the timescale;
 * HLS-TS the first PTS of the video and audio PES (ffprobe); Smooth the
 * first `<c t>` of each StreamIndex over its TimeScale, and the first
 * fragment's tfxd plus its first sample's composition offset.
 *
 * Tolerance: half an AAC frame. This source's offset is itself exactly one
 * frame, so a tolerance of a whole frame could not tell a preserved offset
 * from a zeroed one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { ensureFixture, type FixtureName } from '../../scripts/fixtures.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';
import { readInitSegment } from '../../src/media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../../src/media/isobmff/readMediaSegment.ts';
import { iterateBoxes } from '../../src/media/isobmff/iterateBoxes.ts';
import { isTfxd, readTfxd } from '../../src/media/isobmff/boxes/tfxd.ts';

const run = promisify(execFile);
const fixtures: FixtureName[] = ['ladder', 'muxed'];
const AAC_FRAME_SECONDS = 1024 / 48000;
const TOLERANCE_SECONDS = AAC_FRAME_SECONDS / 2;

type Kind = 'video' | 'audio';
type Times = Record<Kind, number>;

let origin: TestOrigin;
/** fixture -> first presentation time (s) of the source's video and audio. */
const sourceTimes: Record<string, Times> = {};

before(async () => {
  origin = await startOrigin({ fixtures, listen: true });
  for (const fixture of fixtures) {
    const index = readSourceIndex((await origin.kinora.catalog.getAssetIndex(fixture))!);
    const dir = dirname(await ensureFixture(fixture));
    const times: Partial<Times> = {};
    for (const kind of ['video', 'audio'] as const) {
      // The first track of each kind; `muxed` has its audio in the video rendition's segments.
      const track = index.tracks.find((t) => t.track.kind === kind)!;
      const playlist = readMediaPlaylist(readFileSync(join(dir, track.rendition.playlist), 'utf8'));
      times[kind] = await firstPts(join(dir, playlist.segments[0].uri), kind);
    }
    sourceTimes[fixture] = times as Times;
  }
});
after(() => origin?.close());

/** The earliest PTS (s) of the first stream of `kind` in a TS file or URL, as ffprobe reads the PES headers. */
async function firstPts(input: string, kind: Kind): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', kind === 'video' ? 'v:0' : 'a:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', input], { maxBuffer: 16 << 20 });
  const times = stdout.split('\n').map((line) => line.split(',')[0].trim()).filter((field) => field !== '').map(Number).filter(Number.isFinite);
  assert.ok(times.length > 0, `no ${kind} packets in ${input}`);
  return Math.min(...times);
}

async function bytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function text(url: string): Promise<string> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return r.text();
}

/** First presentation time (s) of an fMP4 media segment: tfdt + the first sample's composition offset - elst media_time. */
function fmp4Start(initBytes: Uint8Array, segmentBytes: Uint8Array): number {
  const init = readInitSegment(initBytes);
  const [traf] = readMediaSegment(segmentBytes, init);
  const track = init.tracks.find((t) => t.trackId === traf.trackId)!;
  const first = traf.samples[0];
  return (first.decodeTime + first.compositionOffset - track.editMediaTime) / track.timescale;
}

/** HLS with fMP4 segments: the first variant's and the first audio rendition's first segment. */
async function cmafTimes(manifestUrl: string): Promise<Times> {
  const mv = readMultivariantPlaylist(await text(manifestUrl));
  const audio = mv.media.find((m) => m.type === 'AUDIO' && m.uri !== undefined);
  assert.ok(audio, 'an audio rendition');
  const start = async (playlistUri: string) => {
    const playlistUrl = new URL(playlistUri, manifestUrl).href;
    const [segment] = readMediaPlaylist(await text(playlistUrl)).segments;
    assert.ok(segment.map, `${playlistUri}: EXT-X-MAP`);
    return fmp4Start(await bytes(new URL(segment.map.uri, playlistUrl).href), await bytes(new URL(segment.uri, playlistUrl).href));
  };
  return { video: await start(mv.variants[0].uri), audio: await start(audio.uri!) };
}

/** HLS-TS: the first PTS of the video and audio PES of the first segments (audio muxed into the video segment, or in its own rendition). */
async function tsTimes(manifestUrl: string): Promise<Times> {
  const mv = readMultivariantPlaylist(await text(manifestUrl));
  const firstSegment = async (playlistUri: string) => {
    const playlistUrl = new URL(playlistUri, manifestUrl).href;
    return new URL(readMediaPlaylist(await text(playlistUrl)).segments[0].uri, playlistUrl).href;
  };
  const videoSegment = await firstSegment(mv.variants[0].uri);
  const audio = mv.media.find((m) => m.type === 'AUDIO' && m.uri !== undefined);
  const audioSegment = audio ? await firstSegment(audio.uri!) : videoSegment;
  return { video: await firstPts(videoSegment, 'video'), audio: await firstPts(audioSegment, 'audio') };
}

/** DASH: the first Representation of the first video and audio AdaptationSets, first segment from the SegmentTemplate. */
async function dashTimes(manifestUrl: string): Promise<Times> {
  const mpd = await text(manifestUrl);
  const times: Partial<Times> = {};
  for (const kind of ['video', 'audio'] as const) {
    const set = new RegExp(`<AdaptationSet [^>]*contentType="${kind}"[^>]*>([\\s\\S]*?)</AdaptationSet>`).exec(mpd);
    assert.ok(set, `a ${kind} AdaptationSet`);
    const representation = /<Representation id="([^"]+)"[^>]*>([\s\S]*?)<\/Representation>/.exec(set[1])!;
    const id = representation[1];
    const template = /<SegmentTemplate [^>]*>/.exec(representation[2]) ?? /<SegmentTemplate [^>]*>/.exec(set[1]);
    assert.ok(template, `${id}: SegmentTemplate`);
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(template[0])?.[1];
    const firstTime = /<S t="(\d+)"/.exec(representation[2] + set[1])?.[1] ?? '0';
    const fill = (pattern: string) => pattern.replace('$RepresentationID$', id).replace('$Number$', attribute('startNumber') ?? '1').replace('$Time$', firstTime);
    const segmentBytes = await bytes(new URL(fill(attribute('media')!), manifestUrl).href);
    times[kind] = fmp4Start(await bytes(new URL(fill(attribute('initialization')!), manifestUrl).href), segmentBytes);
  }
  return times as Times;
}

/**
 * Smooth: the first `<c t>` of each StreamIndex over its TimeScale; the first
 * fragment's tfxd (+ its first sample's composition offset, read with the CMAF
 * header of the same track, as smooth.test.ts does) must say the same.
 */
async function smoothTimes(manifestUrl: string, cmafManifestUrl: string, fixture: string): Promise<Times> {
  const xml = await text(manifestUrl);
  const index = readSourceIndex((await origin.kinora.catalog.getAssetIndex(fixture))!);
  const times: Partial<Times> = {};
  for (const kind of ['video', 'audio'] as const) {
    const stream = new RegExp(`<StreamIndex Type="${kind}" Name="([^"]+)"[^>]*TimeScale="(\\d+)"[^>]*>([\\s\\S]*?)</StreamIndex>`).exec(xml);
    assert.ok(stream, `a ${kind} StreamIndex`);
    const [, name, timescale, body] = stream;
    const t = Number(/<c t="(\d+)"/.exec(body)![1]);
    const bitrate = /<QualityLevel Index="0" Bitrate="(\d+)"/.exec(body)![1];
    const fragment = await bytes(manifestUrl.replace(/Manifest$/, `QualityLevels(${bitrate})/Fragments(${name}=${t})`));
    let tfxd: number | undefined;
    for (const moof of iterateBoxes(fragment)) {
      if (moof.type !== 'moof') continue;
      for (const traf of iterateBoxes(fragment, moof.contentStart, moof.end)) {
        if (traf.type !== 'traf') continue;
        for (const box of iterateBoxes(fragment, traf.contentStart, traf.end)) if (isTfxd(fragment, box)) tfxd = readTfxd(fragment, box).fragmentAbsoluteTime;
      }
    }
    assert.equal(tfxd, t, `${name}: tfxd FragmentAbsoluteTime equals the manifest's first t`);
    const trackId = index.tracks.find((x) => x.track.kind === kind)!.track.id;
    const init = readInitSegment(await bytes(cmafManifestUrl.replace(/index\.m3u8$/, `${trackId}/init.mp4`)));
    const [traf] = readMediaSegment(fragment, init);
    const first = traf.samples[0];
    const fragmentStart = t + (first.decodeTime - traf.baseMediaDecodeTime) + first.compositionOffset;
    times[kind] = fragmentStart / Number(timescale);
    // The manifest time is the fragment's first presentation (MS-SSTR 2.2.2.6): no composition offset on the first sample.
    assert.equal(fragmentStart, t, `${name}: first sample presented at the fragment time`);
  }
  return times as Times;
}

const outputs: Record<string, (fixture: string) => Promise<Times>> = {
  'kinora-default-cmaf': (f) => cmafTimes(origin.urls[f]['kinora-default-cmaf']),
  'cmaf-2s': (f) => cmafTimes(origin.urls[f]['cmaf-2s']),
  'kinora-default-dash': (f) => dashTimes(origin.urls[f]['kinora-default-dash']),
  'dash-time': (f) => dashTimes(origin.urls[f]['dash-time']),
  'dash-duration': (f) => dashTimes(origin.urls[f]['dash-duration']),
  'hls-ts': (f) => tsTimes(origin.urls[f]['hls-ts']),
  'hls-ts-groups': (f) => tsTimes(origin.urls[f]['hls-ts-groups']),
  'mss-2s': (f) => smoothTimes(origin.urls[f]['mss-2s'], origin.urls[f]['kinora-default-cmaf'], f),
};

describe('the first video and audio presentation times of every output keep the source\'s offset', () => {
  it('the sources themselves: video starts one AAC frame after audio (what the outputs must keep)', () => {
    for (const fixture of fixtures) {
      const { video, audio } = sourceTimes[fixture];
      assert.ok(Math.abs(video - audio - AAC_FRAME_SECONDS) < 1e-4, `${fixture}: video ${video} s, audio ${audio} s`);
    }
  });

  for (const fixture of fixtures) {
    for (const [config, timesOf] of Object.entries(outputs)) {
      it(`${fixture} as ${config}`, async () => {
        const source = sourceTimes[fixture];
        const output = await timesOf(fixture);
        // Both tracks are moved by the same amount: the output's video-audio offset is the source's.
        const shift = { video: output.video - source.video, audio: output.audio - source.audio };
        assert.ok(
          Math.abs(shift.video - shift.audio) <= TOLERANCE_SECONDS,
          `${fixture}/${config}: output video ${output.video.toFixed(6)} s, audio ${output.audio.toFixed(6)} s (offset ${(output.video - output.audio).toFixed(6)} s); ` +
            `source video ${source.video.toFixed(6)} s, audio ${source.audio.toFixed(6)} s (offset ${(source.video - source.audio).toFixed(6)} s)`,
        );
      });
    }
  }
});
