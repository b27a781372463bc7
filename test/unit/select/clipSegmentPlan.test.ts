import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { indexHlsSource } from '../../../src/ingest/indexHlsSource.ts';
import { SourceReader } from '../../../src/storage/SourceReader.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import { planSegments } from '../../../src/media/plan/planSegments.ts';
import { buildPresentation } from '../../../src/media/plan/buildPresentation.ts';
import { SAMPLE_SYNC } from '../../../src/media/index/SampleTable.ts';
import type { SourceIndex } from '../../../src/media/index/SourceIndex.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { planClip } from '../../../src/media/select/planClip.ts';
import { clipSegmentPlan } from '../../../src/media/select/clipSegmentPlan.ts';
import { applyManifestFilter } from '../../../src/media/select/applyManifestFilter.ts';
import { readManifestFilter } from '../../../src/media/select/readManifestFilter.ts';
import { ensureFixture } from '../../../scripts/fixtures.ts';

describe('clipSegmentPlan on the ladder fixture (3 H.264 renditions + AAC, 30 s, 6 s segments)', () => {
  let index: SourceIndex;
  before(async () => {
    index = await indexHlsSource(new SourceReader(new FolderObjectStore('/nonexistent')), pathToFileURL(await ensureFixture('ladder')).href);
  });

  it('takes source segments 2-4 for 7..19 s, keeps source sample indices, and rebases to 0', () => {
    const plan = planSegments(index, 6);
    const presentation = buildPresentation(index, plan);
    const clip = planClip(presentation, { startSeconds: 7, endSeconds: 19 });
    assert.equal(clip.firstSourceNumber, 2);
    assert.equal(clip.lastSourceNumber, 4);
    const clipped = clipSegmentPlan(plan, clip);

    assert.equal(clipped.tracks.length, plan.tracks.length);
    let earliest = Number.POSITIVE_INFINITY;
    clipped.tracks.forEach((trackPlan, i) => {
      const source = plan.tracks[i];
      const indexed = index.tracks[i];
      const { offsetTicks } = clip.tracks.find((t) => t.trackId === trackPlan.trackId)!;
      assert.equal(trackPlan.trackId, indexed.track.id, 'positions still match SourceIndex.tracks');
      assert.deepEqual([...trackPlan.starts], [...source.starts.slice(1, 5)]);
      assert.deepEqual(
        trackPlan.segments.map((s) => s.number),
        [1, 2, 3],
      );
      trackPlan.segments.forEach((s, k) => {
        // What the packager writes as tfdt: the source segment's start less the track offset,
        // which is also the first sample's decode time less the offset.
        assert.equal(s.startTime, source.segments[k + 1].startTime - offsetTicks);
        assert.equal(s.startTime, indexed.samples.decodeTime[trackPlan.starts[k]] - offsetTicks);
        assert.ok(s.startTime >= 0);
      });
      if (indexed.track.kind === 'video') assert.ok(indexed.samples.flags[trackPlan.starts[0]] & SAMPLE_SYNC, 'a clip starts on a keyframe');
      earliest = Math.min(earliest, trackPlan.segments[0].startTime);
      // The manifests describe the very segments the packager serves.
      const described = clip.presentation.switchingSets.flatMap((set) => set.tracks).find((t) => t.track.id === trackPlan.trackId)!;
      assert.deepEqual(described.segments, trackPlan.segments);
    });
    assert.equal(earliest, 0);
    const video = clipped.tracks[0].segments;
    assert.equal((video.at(-1)!.startTime + video.at(-1)!.duration - video[0].startTime) / 90000, 18, 'three 6 s segments');
    assert.ok(video[0].startTime < 90000 * 0.011, 'video starts within half an audio frame of the earliest track');
  });

  it('refuses a clip planned on a filtered presentation (its tracks are missing)', () => {
    const plan = planSegments(index, 6);
    const filtered = applyManifestFilter(buildPresentation(index, plan), readManifestFilter('video_height:0-200'));
    const clip = planClip(filtered, { startSeconds: 7, endSeconds: 19 });
    assert.throws(
      () => clipSegmentPlan(plan, clip),
      (error: unknown) => error instanceof MediaError && /planned without track/.test(error.message),
    );
  });
});
