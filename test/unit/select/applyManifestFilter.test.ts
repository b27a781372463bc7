import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyManifestFilter } from '../../../src/media/select/applyManifestFilter.ts';
import { readManifestFilter } from '../../../src/media/select/readManifestFilter.ts';
import { applyStreamSelection } from '../../../src/media/select/applyStreamSelection.ts';
import { isSelectionError } from './isSelectionError.ts';
import { writeMultivariantPlaylist } from '../../../src/media/hls/writeMultivariantPlaylist.ts';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import type { Presentation } from '../../../src/media/model/Presentation.ts';
import { selectPresentation, trackIds } from './selectPresentation.ts';

const ALL = ['v1', 'v2', 'v3', 'v4', 'v5', 'a1', 'a2', 'a3', 't1', 't2'];
const without = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

function filtered(query: string, presentation: Presentation = selectPresentation()): string[] {
  return trackIds(applyManifestFilter(presentation, readManifestFilter(query)));
}

describe('applyManifestFilter', () => {
  // Each parameter against the sample presentation (see selectPresentation.ts for the track table).
  const cases: [string, string[]][] = [
    ['', ALL],
    // video_bitrate: the video's own peak, ranges inclusive.
    ['video_bitrate:0-9000000', without('v5')],
    ['video_bitrate:800000-1600000', without('v1', 'v4', 'v5')],
    ['video_bitrate:400000,15000000', without('v2', 'v3', 'v4')],
    // video_height, with the guide's list of ranges and values.
    ['video_height:240-360,720-1080,1440,2160', without('v1')],
    ['video_height:0-720', without('v4', 'v5')],
    // video_framerate to three decimals: 30000/1001 is 29.970, 24000/1001 is 23.976.
    ['video_framerate:23.976-30', without('v3')],
    ['video_framerate:29.97', without('v1', 'v3', 'v4', 'v5')],
    ['video_framerate:23.977-29.969', without('v2', 'v3', 'v4', 'v5')],
    ['video_framerate:50', without('v1', 'v2', 'v4', 'v5')],
    // video_codec by family: avc1 and avc3 are h264, hvc1 and dvh1 are h265.
    ['video_codec:h264', without('v4', 'v5')],
    ['video_codec:H265', without('v1', 'v2', 'v3')],
    ['video_codec:h264,h265', ALL],
    // video_dynamic_range: Dolby Vision by sample entry, the rest SDR.
    ['video_dynamic_range:sdr', without('v5')],
    ['video_dynamic_range:dv,hdr10', without('v1', 'v2', 'v3', 'v4')],
    // audio_bitrate: the audio track's peak.
    ['audio_bitrate:0-200000', without('a3')],
    ['audio_bitrate:64000', without('a1', 'a3')],
    // audio_channels
    ['audio_channels:1-2', without('a3')],
    ['audio_channels:6-8', without('a1', 'a2')],
    // audio_codec: AAC-LC, HE-AAC, AC-3, E-AC-3.
    ['audio_codec:AACL', without('a2', 'a3')],
    ['audio_codec:aach,ec-3', without('a1')],
    ['audio_codec:ac-3', without('a1', 'a2', 'a3')],
    // audio_language: whole tags, case-insensitive; a3 has its language on its switching set only.
    ['audio_language:EN', without('a2')],
    ['audio_language:fr', without('a1', 'a3')],
    ['audio_language:en-US', without('a1', 'a2', 'a3')],
    // audio_sample_rate
    ['audio_sample_rate:0-44100', without('a1', 'a3')],
    ['audio_sample_rate:48000', without('a2')],
    // subtitle_language
    ['subtitle_language:en-us', without('t2')],
    ['subtitle_language:en-US, hi', ALL],
    ['subtitle_language:en', without('t1', 't2')],
    // trickplay parameters constrain no track of the model.
    ['trickplay_type:none;trickplay_height:0-1', ALL],
    // parameters combine with AND, list values with OR.
    ['video_codec:h264;video_height:360-2160;audio_language:en;audio_codec:aacl', without('v1', 'v4', 'v5', 'a2', 'a3')],
  ];
  for (const [query, expected] of cases) {
    it(`keeps ${expected.join(' ')} for "${query}"`, () => {
      assert.deepEqual(filtered(query), expected);
    });
  }

  // MediaPackage user guide, "Manifest filtering", error conditions: the outcome rows.
  const outcomes: [string, string, () => Presentation, number][] = [
    ['a list value that is not found (no audio left, video stays)', 'audio_language:dahlia', selectPresentation, 200],
    ['only subtitle streams remain', 'audio_sample_rate:0-1;video_bitrate:0-1', selectPresentation, 200],
    ['nothing remains', 'audio_sample_rate:0-1;video_bitrate:0-1;subtitle_language:xx', selectPresentation, 400],
    ['the filter leaves no video but audio', 'video_codec:vp9', selectPresentation, 400],
    ['an empty manifest without subtitles', 'audio_sample_rate:0-1;video_bitrate:0-1', withoutText, 400],
    ['an audio-only asset filtered to nothing', 'audio_codec:ac-3', audioOnly, 400],
    ['an audio-only asset keeping some audio', 'audio_language:fr', audioOnly, 200],
  ];
  for (const [name, query, make, status] of outcomes) {
    it(`answers ${status} when ${name}`, () => {
      const presentation = make();
      if (status === 200) {
        const result = applyManifestFilter(presentation, readManifestFilter(query));
        assert.ok(trackIds(result).length > 0);
        return;
      }
      assert.throws(
        () => applyManifestFilter(presentation, readManifestFilter(query)),
        isSelectionError('MANIFEST_FILTER_EMPTY'),
      );
    });
  }

  it('leaves subtitles alone when only subtitles remain', () => {
    assert.deepEqual(filtered('audio_sample_rate:0-1;video_bitrate:0-1'), ['t1', 't2']);
  });

  it('drops emptied switching sets and keeps the others as they were', () => {
    const source = selectPresentation();
    const result = applyManifestFilter(source, readManifestFilter('video_codec:h264;audio_language:fr'));
    assert.deepEqual(
      result.switchingSets.map((set) => set.id),
      ['avc', 'audio-fr', 'text-en', 'text-hi'],
    );
    assert.equal(result.switchingSets[0], source.switchingSets[0]);
    assert.equal(result.durationSeconds, source.durationSeconds);
    assert.deepEqual(trackIds(source), ALL, 'the input is not modified');
  });

  it('takes the dynamic range from the caller when it knows better', () => {
    const filter = readManifestFilter('video_dynamic_range:hdr10');
    const result = applyManifestFilter(selectPresentation(), filter, { dynamicRangeOf: (track) => (track.id === 'v4' ? 'hdr10' : 'sdr') });
    assert.deepEqual(trackIds(result), without('v1', 'v2', 'v3', 'v5'));
  });

  it('does not match a filtered property a track lacks', () => {
    const presentation = selectPresentation();
    delete presentation.switchingSets[0].tracks[0].track.frameRate;
    assert.deepEqual(filtered('video_framerate:0-1000', presentation), without('v1'));
  });

  it('applies after stream selection, and the writers describe only what is left', () => {
    const selected = applyStreamSelection(selectPresentation(), { maxVideoBitsPerSecond: 3_000_000, streamOrder: 'VIDEO_BITRATE_DESCENDING' });
    const result = applyManifestFilter(selected, readManifestFilter('video_height:0-720;audio_codec:aacl'));
    const hls = writeMultivariantPlaylist(result, { mediaPlaylistUri: (id) => `${id}/media.m3u8` });
    assert.deepEqual(
      [...hls.matchAll(/^(v\d|a\d)\/media\.m3u8$|URI="(a\d)\//gm)].map((m) => m[1] ?? m[2]),
      ['a1', 'v3', 'v2', 'v1'],
    );
    const mpd = writeMpd(result, { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: 'i', mediaTemplate: 'm' });
    assert.deepEqual([...mpd.matchAll(/<Representation id="([va]\d)"/g)].map((m) => m[1]), ['v3', 'v2', 'v1', 'a1']);
  });
});

function withoutText(): Presentation {
  const p = selectPresentation();
  return { ...p, switchingSets: p.switchingSets.filter((set) => set.kind !== 'text') };
}

function audioOnly(): Presentation {
  const p = selectPresentation();
  return { ...p, switchingSets: p.switchingSets.filter((set) => set.kind === 'audio') };
}
