/**
 * DASH `segmentTemplateFormat: NUMBER_WITH_DURATION`, checked without ffmpeg's
 * DASH demuxer (ffmpeg 5.1 cannot read such MPDs, see ffmpeg.test.ts): the
 * segment URLs are computed from the MPD as a DASH client does
 * (ISO/IEC 23009-1 5.3.9.5.3: segment count = ceil(period duration x
 * timescale / @duration), numbers from @startNumber), every one is fetched,
 * each Representation's init + segments are concatenated and decoded by
 * ffmpeg as one fMP4 file, and the decoded frames and duration must equal the
 * source rendition's. The template's count must also be exactly what the
 * origin serves: the number after the last is 404.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { ensureFixture, type FixtureName } from '../../scripts/fixtures.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';
import { probeDecoded } from '../support/probeDecoded.ts';

const fixtures: FixtureName[] = ['ladder', 'muxed'];
const CONFIG = 'dash-duration';

let origin: TestOrigin;
let work: string;
const indexes: Record<string, SourceIndex> = {};
before(async () => {
  origin = await startOrigin({ fixtures, listen: true });
  for (const f of fixtures) indexes[f] = readSourceIndex((await origin.kinora.catalog.getAssetIndex(f))!);
  work = mkdtempSync(join(tmpdir(), 'kinora-dash-number-'));
});
after(async () => {
  await origin?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Seconds of an xs:duration as MPDs write it (`PT1H2M3.5S`). */
function seconds(duration: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration);
  assert.ok(m, `xs:duration ${duration}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

const attributeOf = (element: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

describe('DASH NUMBER_WITH_DURATION: the segments the template implies decode to the source', () => {
  for (const fixture of fixtures) {
    it(fixture, async () => {
      const mpdUrl = origin.urls[fixture][CONFIG];
      const mpd = await (await fetch(mpdUrl)).text();
      const root = /<MPD [^>]*>/.exec(mpd)![0];
      assert.equal(attributeOf(root, 'type'), 'static');
      const periods = [...mpd.matchAll(/<Period [^>]*>/g)];
      assert.equal(periods.length, 1, 'one Period');
      const periodSeconds = seconds(attributeOf(root, 'mediaPresentationDuration')!) - seconds(attributeOf(periods[0][0], 'start') ?? 'PT0S');
      assert.doesNotMatch(mpd, /<SegmentTimeline/, 'no SegmentTimeline: the count comes from @duration');

      const index = indexes[fixture];
      const checked = new Set<string>();
      for (const set of mpd.matchAll(/<AdaptationSet ([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)) {
        const kind = attributeOf(` ${set[1]}`, 'contentType') as 'video' | 'audio';
        assert.ok(kind === 'video' || kind === 'audio', `contentType ${kind}`);
        for (const representation of set[2].matchAll(/<Representation ([^>]*)>([\s\S]*?)<\/Representation>/g)) {
          const id = attributeOf(` ${representation[1]}`, 'id')!;
          // The Representation's own SegmentTemplate, else the AdaptationSet's (COMPACT layout).
          const template = (/<SegmentTemplate [^>]*>/.exec(representation[2]) ?? /<SegmentTemplate [^>]*>/.exec(set[2]))![0];
          const timescale = Number(attributeOf(template, 'timescale') ?? 1);
          const duration = Number(attributeOf(template, 'duration'));
          const startNumber = Number(attributeOf(template, 'startNumber') ?? 1);
          assert.ok(duration > 0, `${id}: @duration`);
          const count = Math.ceil((periodSeconds * timescale) / duration - 1e-9);
          const url = (pattern: string, number?: number) =>
            new URL(
              pattern
                .replace('$RepresentationID$', id)
                .replace('$Bandwidth$', attributeOf(` ${representation[1]}`, 'bandwidth')!)
                .replace('$Number$', String(number)),
              mpdUrl,
            ).href;
          const parts = [await fetchBytes(url(attributeOf(template, 'initialization')!))];
          for (let n = startNumber; n < startNumber + count; n++) parts.push(await fetchBytes(url(attributeOf(template, 'media')!, n)));
          const past = await fetch(url(attributeOf(template, 'media')!, startNumber + count));
          assert.equal(past.status, 404, `${fixture} ${id}: the segment after the ${count} the template implies`);
          await past.arrayBuffer();

          const file = join(work, `${fixture}-${id}.mp4`);
          writeFileSync(file, Buffer.concat(parts));
          const output = await probeDecoded(file, '0');
          assert.equal(output.errors, '', `${fixture} ${id}: ffmpeg reported errors`);
          const track = index.tracks.find((t) => t.track.id === id);
          assert.ok(track, `${fixture}: a source track ${id}`);
          assert.equal(track.track.kind, kind);
          assert.equal(output.frames, track.samples.count, `${fixture} ${id}: decoded frames vs the source track's samples`);
          const source = await probeDecoded(join(dirname(await ensureFixture(fixture)), track.rendition.playlist), kind === 'video' ? 'v:0' : 'a:0');
          assert.equal(output.frames, source.frames, `${fixture} ${id}: ${output.frames} frames decoded, the source rendition has ${source.frames}`);
          const frameSeconds = kind === 'video' ? 1 / (track.track.frameRate ?? 25) : 1024 / (track.track.sampleRate ?? 48000);
          assert.ok(Math.abs(output.seconds - source.seconds) <= frameSeconds + 1e-3, `${fixture} ${id}: duration ${output.seconds} s vs source ${source.seconds} s`);
          checked.add(id);
        }
      }
      assert.deepEqual([...checked].sort(), index.tracks.map((t) => t.track.id).sort(), 'every source track has a Representation');
    });
  }
});
