import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codecFamilyOf } from '../../../src/media/select/codecFamilyOf.ts';
import { videoDynamicRangeOf } from '../../../src/media/select/videoDynamicRangeOf.ts';
import { filterAllowsTrickPlay } from '../../../src/media/select/filterAllowsTrickPlay.ts';
import { readManifestFilter } from '../../../src/media/select/readManifestFilter.ts';
import { selectPresentation } from './selectPresentation.ts';

describe('codecFamilyOf', () => {
  const table: [string, string | undefined][] = [
    ['avc1.64001f', 'h264'],
    ['avc3.42c01e', 'h264'],
    ['AVC1.4D401F', 'h264'],
    ['dvav.09.05', 'h264'],
    ['hvc1.1.6.L93.B0', 'h265'],
    ['hev1.2.4.L120.B0', 'h265'],
    ['dvh1.05.06', 'h265'],
    ['dvhe.08.07', 'h265'],
    ['av01.0.08M.08', 'av1'],
    ['mp4a.40.2', 'aacl'],
    ['mp4a.40.02', 'aacl'],
    ['mp4a.67', 'aacl'],
    ['mp4a.40.5', 'aach'],
    ['mp4a.40.29', 'aach'],
    ['mp4a.40.1', undefined],
    ['mp4a.40', undefined],
    ['mp4a.40.34', undefined],
    ['ac-3', 'ac-3'],
    ['mp4a.a5', 'ac-3'],
    ['ec-3', 'ec-3'],
    ['mp4a.A6', 'ec-3'],
    ['vp09.00.10.08', undefined],
    ['wvtt', undefined],
    ['', undefined],
  ];
  for (const [codecs, family] of table) {
    it(`${codecs || '(empty)'} -> ${family}`, () => assert.equal(codecFamilyOf(codecs), family));
  }
});

describe('videoDynamicRangeOf', () => {
  it('tells Dolby Vision by its sample entry and calls the rest SDR', () => {
    const [avc, hevc] = selectPresentation().switchingSets;
    assert.deepEqual([...avc.tracks, ...hevc.tracks].map((t) => videoDynamicRangeOf(t.track)), ['sdr', 'sdr', 'sdr', 'sdr', 'dv']);
  });
});

describe('filterAllowsTrickPlay', () => {
  const table: [string, { type: 'iframe' | 'image'; height?: number }, boolean][] = [
    ['', { type: 'iframe', height: 720 }, true],
    ['trickplay_type:iframe', { type: 'iframe' }, true],
    ['trickplay_type:iframe', { type: 'image' }, false],
    ['trickplay_type:IMAGE,iframe', { type: 'image' }, true],
    ['trickplay_type:none', { type: 'iframe', height: 720 }, false],
    ['trickplay_type:none', { type: 'image', height: 720 }, false],
    ['trickplay_height:200-1200', { type: 'iframe', height: 720 }, true],
    ['trickplay_height:200-1200', { type: 'image', height: 180 }, false],
    ['trickplay_height:200-1200', { type: 'image' }, false],
    ['trickplay_height:180,720;trickplay_type:image', { type: 'image', height: 180 }, true],
    ['video_height:0-1', { type: 'iframe', height: 720 }, true],
  ];
  for (const [query, rendition, kept] of table) {
    it(`${kept ? 'keeps' : 'drops'} ${JSON.stringify(rendition)} for "${query}"`, () => {
      assert.equal(filterAllowsTrickPlay(readManifestFilter(query), rendition), kept);
    });
  }
});
