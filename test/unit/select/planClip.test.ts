import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planClip } from '../../../src/media/select/planClip.ts';
import { isSelectionError } from './isSelectionError.ts';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import { writeMediaPlaylist } from '../../../src/media/hls/writeMediaPlaylist.ts';
import { writeMultivariantPlaylist } from '../../../src/media/hls/writeMultivariantPlaylist.ts';
import type { ClipRange } from '../../../src/media/select/Clip.ts';
import type { Presentation } from '../../../src/media/model/Presentation.ts';
import { samplePresentation } from '../hls/samplePresentation.ts';

// samplePresentation: video segments of 2 s at 90 kHz starting at 0, 2, 4, 6, 8 (the last 1.36 s);
// audio segments at 48 kHz of 96256, 96256, 95232, 96256, 65536 ticks, i.e. starting at
// 0, 2.00533, 4.01067, 5.99467, 8.00. Duration 9.36 s.

describe('planClip', () => {
  const snapping: [string, ClipRange, number, number][] = [
    ['inside segments snaps out to their boundaries', { startSeconds: 3, endSeconds: 5 }, 2, 3],
    ['exact boundaries take exactly those segments', { startSeconds: 4, endSeconds: 6 }, 3, 3],
    ['a start one tick after a boundary counts as on it', { startSeconds: 4.00001, endSeconds: 6 }, 3, 3],
    ['a start just before a boundary snaps back a segment', { startSeconds: 3.99, endSeconds: 6 }, 2, 3],
    ['an end within 1 ms past a boundary counts as on it', { startSeconds: 4, endSeconds: 6.0005 }, 3, 3],
    ['an end 10 ms past a boundary takes the next segment', { startSeconds: 4, endSeconds: 6.01 }, 3, 4],
    ['no end means the end of the asset', { startSeconds: 5 }, 3, 5],
    ['no start means 0', { endSeconds: 1 }, 1, 1],
    ['a start in the last segment', { startSeconds: 9.3 }, 5, 5],
  ];
  for (const [name, range, first, last] of snapping) {
    it(`${name}: segments ${first}-${last}`, () => {
      const clip = planClip(samplePresentation(), range);
      assert.equal(clip.firstSourceNumber, first);
      assert.equal(clip.lastSourceNumber, last);
      assert.equal(clip.sourceStartSeconds, (first - 1) * 2);
      assert.equal(clip.sourceEndSeconds, Math.min(last * 2, 9.36));
      assert.ok(clip.sourceStartSeconds <= clip.requested.startSeconds + 0.001);
      assert.ok(clip.sourceEndSeconds >= clip.requested.endSeconds - 0.001);
      for (const t of clip.presentation.switchingSets.flatMap((s) => s.tracks)) {
        assert.deepEqual(
          t.segments.map((s) => s.number),
          Array.from({ length: last - first + 1 }, (_, i) => i + 1),
        );
      }
    });
  }

  it('rebases so the clip starts at 0 and keeps the exact A/V offset', () => {
    const clip = planClip(samplePresentation(), { startSeconds: 3, endSeconds: 5 });
    const [video, audio] = clip.presentation.switchingSets;
    // T0 = 2 s (video); audio segment 2 started 256 ticks (5.3 ms) after it and still does.
    assert.deepEqual(video.tracks[0].segments, [
      { number: 1, startTime: 0, duration: 180000 },
      { number: 2, startTime: 180000, duration: 180000 },
    ]);
    assert.deepEqual(audio.tracks[0].segments, [
      { number: 1, startTime: 256, duration: 96256 },
      { number: 2, startTime: 256 + 96256, duration: 95232 },
    ]);
    assert.deepEqual(clip.tracks, [
      { trackId: 'v1', segmentCount: 2, offsetTicks: 180000 },
      { trackId: 'v2', segmentCount: 2, offsetTicks: 180000 },
      { trackId: 'v3', segmentCount: 2, offsetTicks: 180000 },
      { trackId: 'a1', segmentCount: 2, offsetTicks: 96000 },
    ]);
    assert.equal(clip.presentation.durationSeconds, 4);
  });

  it('starts at the earliest track when audio leads the video boundary', () => {
    // Audio segment 4 starts at 287744 / 48000 = 5.99467 s, before the video's 6 s.
    const clip = planClip(samplePresentation(), { startSeconds: 6, endSeconds: 8 });
    const [video, audio] = clip.presentation.switchingSets;
    assert.equal(audio.tracks[0].segments[0].startTime, 0);
    assert.equal(video.tracks[0].segments[0].startTime, 6 * 90000 - Math.round((287744 / 48000) * 90000));
    assert.equal(video.tracks[0].segments[0].startTime, 480);
  });

  it('runs to the asset duration when it reaches the last segment', () => {
    const clip = planClip(samplePresentation(), { startSeconds: 8.5 });
    assert.equal(clip.presentation.durationSeconds, 9.36 - 8);
    assert.equal(clip.presentation.switchingSets[0].tracks[0].segments[0].duration, 122400);
  });

  it('is the identity for the whole asset', () => {
    const source = samplePresentation();
    const clip = planClip(source, {});
    assert.deepEqual(clip.presentation, source);
    assert.deepEqual(
      clip.tracks.map((t) => t.offsetTicks),
      [0, 0, 0, 0],
    );
  });

  it('leaves out a track with no media in the clip, and its emptied set', () => {
    const source = samplePresentation();
    source.switchingSets[1].tracks[0].segments.splice(3); // audio ends after 3 segments
    const clip = planClip(source, { startSeconds: 7 });
    assert.deepEqual(
      clip.presentation.switchingSets.map((s) => s.id),
      ['video'],
    );
    assert.deepEqual(clip.tracks.at(-1), { trackId: 'a1', segmentCount: 0, offsetTicks: 0 });
  });

  it('clips an audio-only presentation on its audio boundaries', () => {
    const source = samplePresentation();
    const audioOnly: Presentation = { ...source, switchingSets: source.switchingSets.slice(1) };
    const clip = planClip(audioOnly, { startSeconds: 2.1, endSeconds: 4 });
    assert.equal(clip.firstSourceNumber, 2);
    assert.equal(clip.lastSourceNumber, 2);
    assert.equal(clip.presentation.switchingSets[0].tracks[0].segments[0].startTime, 0);
  });

  const invalid: [string, ClipRange, string][] = [
    ['a negative start', { startSeconds: -1 }, 'CLIP_INVALID'],
    ['NaN', { startSeconds: Number.NaN }, 'CLIP_INVALID'],
    ['an infinite end', { endSeconds: Number.POSITIVE_INFINITY }, 'CLIP_INVALID'],
    ['an end equal to the start', { startSeconds: 5, endSeconds: 5 }, 'CLIP_INVALID'],
    ['an end before the start', { startSeconds: 6, endSeconds: 5 }, 'CLIP_INVALID'],
    ['an end of 0', { endSeconds: 0 }, 'CLIP_INVALID'],
    ['a start at the duration', { startSeconds: 9.36 }, 'CLIP_OUT_OF_RANGE'],
    ['a start past the duration', { startSeconds: 100, endSeconds: 200 }, 'CLIP_OUT_OF_RANGE'],
    ['an end past the duration', { endSeconds: 9.37 }, 'CLIP_OUT_OF_RANGE'],
  ];
  for (const [name, range, code] of invalid) {
    it(`rejects ${name} with ${code}`, () => {
      assert.throws(
        () => planClip(samplePresentation(), range),
        isSelectionError(code),
      );
    });
  }

  it('accepts an end within 1 ms past the duration', () => {
    assert.equal(planClip(samplePresentation(), { endSeconds: 9.3605 }).lastSourceNumber, 5);
  });

  describe('manifests of a clip start at time zero', () => {
    const clip = planClip(samplePresentation(), { startSeconds: 3, endSeconds: 7 });

    it('DASH $Number$ timeline: startNumber 1, first S at t=0, duration of the clip', () => {
      const mpd = writeMpd(clip.presentation, {
        segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
        initializationTemplate: '$RepresentationID$/init.mp4',
        mediaTemplate: '$RepresentationID$/$Number$.m4s',
      });
      assert.match(mpd, /mediaPresentationDuration="PT6S"/);
      const templates = [...mpd.matchAll(/<SegmentTemplate [^>]*startNumber="(\d+)">\s*<SegmentTimeline>\s*<S t="(\d+)" d="(\d+)"( r="\d+")?\/>/g)];
      assert.equal(templates.length, 4);
      assert.deepEqual(
        templates.map((m) => [m[1], m[2]]),
        [
          ['1', '0'],
          ['1', '0'],
          ['1', '0'],
          ['1', '256'],
        ],
      );
    });

    it('DASH $Time$ timeline: the video media times start at 0', () => {
      const mpd = writeMpd(clip.presentation, {
        segmentTemplateFormat: 'TIME_WITH_TIMELINE',
        initializationTemplate: '$RepresentationID$/init.mp4',
        mediaTemplate: '$RepresentationID$/t$Time$.m4s',
      });
      assert.match(mpd, /<Representation id="v1"[^]*?<S t="0" d="180000" r="2"\/>/);
    });

    it('HLS: media sequence 1, the clip segments only, and a multivariant playlist', () => {
      const video = clip.presentation.switchingSets[0].tracks[0];
      const playlist = writeMediaPlaylist(video, { initUri: 'init.mp4', segmentUri: (n) => `${n}.m4s` });
      assert.match(playlist, /#EXT-X-MEDIA-SEQUENCE:1\n/);
      assert.deepEqual([...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => m[1]), ['1', '2', '3']);
      assert.deepEqual([...playlist.matchAll(/#EXTINF:([0-9.]+),/g)].map((m) => m[1]), ['2.00000', '2.00000', '2.00000']);
      const multivariant = writeMultivariantPlaylist(clip.presentation, { mediaPlaylistUri: (id) => `${id}/media.m3u8` });
      assert.equal([...multivariant.matchAll(/#EXT-X-STREAM-INF/g)].length, 3);
    });
  });
});
