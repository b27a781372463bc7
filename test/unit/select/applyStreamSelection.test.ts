import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStreamSelection } from '../../../src/media/select/applyStreamSelection.ts';
import { isSelectionError } from './isSelectionError.ts';
import type { Presentation } from '../../../src/media/model/Presentation.ts';
import type { StreamSelection } from '../../../src/media/select/StreamSelection.ts';
import { selectPresentation, trackIds } from './selectPresentation.ts';

const AUDIO_TEXT = ['a1', 'a2', 'a3', 't1', 't2'];

describe('applyStreamSelection', () => {
  // Peaks: v1 400k, v2 800k, v3 1.6M (set avc); v4 3M, v5 15M (set hevc).
  const cases: [string, StreamSelection, string[]][] = [
    ['no selection keeps everything in order', {}, ['v1', 'v2', 'v3', 'v4', 'v5']],
    ['a minimum is inclusive', { minVideoBitsPerSecond: 800_000 }, ['v2', 'v3', 'v4', 'v5']],
    ['a maximum is inclusive', { maxVideoBitsPerSecond: 3_000_000 }, ['v1', 'v2', 'v3', 'v4']],
    ['both bounds', { minVideoBitsPerSecond: 800_001, maxVideoBitsPerSecond: 14_999_999 }, ['v3', 'v4']],
    ['one bitrate exactly', { minVideoBitsPerSecond: 1_600_000, maxVideoBitsPerSecond: 1_600_000 }, ['v3']],
    ['ORIGINAL order', { streamOrder: 'ORIGINAL' }, ['v1', 'v2', 'v3', 'v4', 'v5']],
    ['ascending: sets by lowest peak, tracks by peak', { streamOrder: 'VIDEO_BITRATE_ASCENDING' }, ['v1', 'v2', 'v3', 'v4', 'v5']],
    ['descending: sets by highest peak, tracks by peak', { streamOrder: 'VIDEO_BITRATE_DESCENDING' }, ['v5', 'v4', 'v3', 'v2', 'v1']],
    ['bounds then order', { maxVideoBitsPerSecond: 1_000_000, streamOrder: 'VIDEO_BITRATE_DESCENDING' }, ['v2', 'v1']],
  ];
  for (const [name, selection, video] of cases) {
    it(name, () => {
      assert.deepEqual(trackIds(applyStreamSelection(selectPresentation(), selection)), [...video, ...AUDIO_TEXT]);
    });
  }

  it('orders tracks within sets and sets among the video places; audio and text keep theirs', () => {
    const p = shuffled();
    assert.deepEqual(trackIds(p), ['v3', 'a1', 'v1', 'v2', 't1']);
    assert.deepEqual(trackIds(applyStreamSelection(p, { streamOrder: 'VIDEO_BITRATE_ASCENDING' })), ['v1', 'v2', 'a1', 'v3', 't1']);
    assert.deepEqual(trackIds(applyStreamSelection(p, { streamOrder: 'VIDEO_BITRATE_DESCENDING' })), ['v3', 'a1', 'v2', 'v1', 't1']);
    assert.deepEqual(trackIds(applyStreamSelection(p, { streamOrder: 'ORIGINAL' })), ['v3', 'a1', 'v1', 'v2', 't1']);
  });

  it('keeps equal bitrates in their original order', () => {
    const p = selectPresentation();
    for (const t of p.switchingSets[0].tracks) t.track.peakBitsPerSecond = 1_000_000;
    assert.deepEqual(trackIds(applyStreamSelection(p, { streamOrder: 'VIDEO_BITRATE_DESCENDING' })).slice(0, 5), ['v5', 'v4', 'v1', 'v2', 'v3']);
  });

  it('compares the peak, not the average', () => {
    const p = selectPresentation();
    p.switchingSets[0].tracks[1].track.averageBitsPerSecond = 100;
    assert.deepEqual(trackIds(applyStreamSelection(p, { maxVideoBitsPerSecond: 500_000 })), ['v1', ...AUDIO_TEXT]);
  });

  it('drops a video set the bounds empty, and never touches audio', () => {
    const source = selectPresentation();
    const result = applyStreamSelection(source, { minVideoBitsPerSecond: 2_000_000 });
    assert.deepEqual(
      result.switchingSets.map((s) => s.id),
      ['hevc', 'audio-en', 'audio-fr', 'audio-en-ec3', 'text-en', 'text-hi'],
    );
    assert.equal(result.switchingSets[1], source.switchingSets[2]);
  });

  it('throws STREAM_SELECTION_EMPTY when the bounds exclude every video rendition', () => {
    for (const selection of [{ minVideoBitsPerSecond: 15_000_001 }, { maxVideoBitsPerSecond: 399_999 }, { minVideoBitsPerSecond: 2_000_000, maxVideoBitsPerSecond: 1_000_000 }]) {
      assert.throws(
        () => applyStreamSelection(selectPresentation(), selection),
        (error: unknown) => isSelectionError('STREAM_SELECTION_EMPTY')(error) && /v1 400000/.test((error as Error).message),
      );
    }
  });

  it('returns an asset without video unchanged', () => {
    const p = selectPresentation();
    const audioOnly = { ...p, switchingSets: p.switchingSets.filter((s) => s.kind !== 'video') };
    assert.equal(applyStreamSelection(audioOnly, { minVideoBitsPerSecond: 1e9 }), audioOnly);
  });
});

/** Video sets around an audio set, tracks out of bitrate order: [v3] [a1] [v1 v2] [t1]. */
function shuffled(): Presentation {
  const p = selectPresentation();
  const [avc] = p.switchingSets;
  const [v1, v2, v3] = avc.tracks;
  return {
    ...p,
    switchingSets: [{ ...avc, id: 'high', tracks: [v3] }, p.switchingSets[2], { ...avc, id: 'low', tracks: [v1, v2] }, p.switchingSets[5]],
  };
}
