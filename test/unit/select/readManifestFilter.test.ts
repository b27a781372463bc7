import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readManifestFilter } from '../../../src/media/select/readManifestFilter.ts';
import { MediaError } from '../../../src/media/errors/MediaError.ts';

function codeOf(query: string | string[]): string {
  try {
    readManifestFilter(query);
  } catch (error) {
    assert.ok(error instanceof MediaError, `expected a MediaError, got ${error}`);
    assert.ok(error.message.length > 0);
    return String(error.code);
  }
  return 'OK';
}

describe('readManifestFilter', () => {
  // MediaPackage user guide, "Manifest filtering", error conditions: every 400 row, plus the grammar's corners.
  const rejected: [string, string | string[], string][] = [
    ['duplicate filter parameter (guide example)', 'audio_sample_rate:0-48000;aws.manifestfilter=audio_sample_rate:0-48000', 'MANIFEST_FILTER_REPEATED'],
    ['duplicate filter parameter', 'audio_sample_rate:0-48000;audio_sample_rate:0-48000', 'MANIFEST_FILTER_DUPLICATE_PARAMETER'],
    ['duplicate parameter in another case', 'AUDIO_SAMPLE_RATE:0-1;audio_sample_rate:2-3', 'MANIFEST_FILTER_DUPLICATE_PARAMETER'],
    ['repeated query parameter (guide example)', 'audio_sample_rate:0-48000;aws.manifestfilter=video_bitrate:0-1', 'MANIFEST_FILTER_REPEATED'],
    ['repeated query parameter (two values)', ['audio_sample_rate:0-48000', 'video_bitrate:0-1'], 'MANIFEST_FILTER_REPEATED'],
    ['invalid parameter', 'donut_type:rhododendron', 'MANIFEST_FILTER_UNKNOWN_PARAMETER'],
    ['a plausible parameter that is not one of the 13', 'video_width:0-1920', 'MANIFEST_FILTER_UNKNOWN_PARAMETER'],
    ['invalid range', 'audio_sample_rate:300-0', 'MANIFEST_FILTER_INVERTED_RANGE'],
    ['inverted decimal range', 'video_framerate:30-23.976', 'MANIFEST_FILTER_INVERTED_RANGE'],
    ['range value over INT_MAX', 'audio_sample_rate:0-2147483648', 'MANIFEST_FILTER_VALUE_TOO_LARGE'],
    ['single value over INT_MAX', 'video_bitrate:99999999999999999999', 'MANIFEST_FILTER_VALUE_TOO_LARGE'],
    ['decimal over INT_MAX', 'video_framerate:0-2147483647.5', 'MANIFEST_FILTER_VALUE_TOO_LARGE'],
    ['malformed query string (guide example)', 'audio_sample_rate:is:0-44100', 'MANIFEST_FILTER_MALFORMED'],
    ['more than 1024 characters', `audio_language:${'a'.repeat(1010)}`, 'MANIFEST_FILTER_TOO_LONG'],
    ['"=" instead of ":"', 'video_bitrate=0-1', 'MANIFEST_FILTER_MALFORMED'],
    ['no value', 'video_codec:', 'MANIFEST_FILTER_MALFORMED'],
    ['no name', ':h264', 'MANIFEST_FILTER_MALFORMED'],
    ['empty list value', 'video_codec:h264,,h265', 'MANIFEST_FILTER_MALFORMED'],
    ['empty item', 'video_codec:h264;;video_height:720', 'MANIFEST_FILTER_MALFORMED'],
    ['trailing ";"', 'video_codec:h264;', 'MANIFEST_FILTER_MALFORMED'],
    ['open range', 'video_height:720-', 'MANIFEST_FILTER_MALFORMED'],
    ['negative number', 'video_height:-720', 'MANIFEST_FILTER_MALFORMED'],
    ['three bounds', 'video_height:1-2-3', 'MANIFEST_FILTER_MALFORMED'],
    ['a word for a number', 'video_height:tall', 'MANIFEST_FILTER_MALFORMED'],
    ['decimals on an integer parameter', 'video_height:720.5', 'MANIFEST_FILTER_MALFORMED'],
    ['four decimals on video_framerate', 'video_framerate:23.9760', 'MANIFEST_FILTER_MALFORMED'],
    ['a sign', 'video_height:+720', 'MANIFEST_FILTER_MALFORMED'],
    ['an exponent', 'video_bitrate:1e6', 'MANIFEST_FILTER_MALFORMED'],
    ['a bare point', 'video_framerate:30.', 'MANIFEST_FILTER_MALFORMED'],
  ];
  for (const [name, query, code] of rejected) {
    it(`rejects ${name} with ${code}`, () => {
      assert.equal(codeOf(query), code);
    });
  }

  // 200 rows: a list value matching nothing is not an error, nor are the limits themselves.
  const accepted: [string, string | string[]][] = [
    ['a list value that is not found', 'audio_language:dahlia'],
    ['an unknown codec name', 'video_codec:vp9'],
    ['INT_MAX itself', 'audio_sample_rate:0-2147483647'],
    ['exactly 1024 characters', `audio_language:${'a'.repeat(1024 - 'audio_language:'.length)}`],
    ['three decimals', 'video_framerate:23.976-29.970'],
    ['a one-point range', 'video_height:720-720'],
    ['an empty value', ''],
    ['one value given as an array', ['video_codec:h264']],
  ];
  for (const [name, query] of accepted) {
    it(`accepts ${name}`, () => {
      assert.equal(codeOf(query), 'OK');
    });
  }

  it('reads the guide example: ranges, single values, lists', () => {
    assert.deepEqual(readManifestFilter('audio_sample_rate:0-44100;video_bitrate:0-2147483647;video_codec:h265;audio_language:fr,en-US,de'), {
      audio_sample_rate: [{ min: 0, max: 44100 }],
      video_bitrate: [{ min: 0, max: 2147483647 }],
      video_codec: ['h265'],
      audio_language: ['fr', 'en-us', 'de'],
    });
  });

  it('mixes single values and ranges in one list', () => {
    assert.deepEqual(readManifestFilter('video_height:240-360,720-1080,1440,2160'), {
      video_height: [
        { min: 240, max: 360 },
        { min: 720, max: 1080 },
        { min: 1440, max: 1440 },
        { min: 2160, max: 2160 },
      ],
    });
  });

  it('is case-insensitive in names and text values, and ignores spaces around them', () => {
    assert.deepEqual(readManifestFilter('Video_Codec:H264, AV1 ; AUDIO_CODEC:AC-3,aacl;subtitle_language:en-US, hi'), {
      video_codec: ['h264', 'av1'],
      audio_codec: ['ac-3', 'aacl'],
      subtitle_language: ['en-us', 'hi'],
    });
  });

  it('reads decimal frame rates exactly as written', () => {
    assert.deepEqual(readManifestFilter('video_framerate:23.976-30,59.94'), {
      video_framerate: [
        { min: 23.976, max: 30 },
        { min: 59.94, max: 59.94 },
      ],
    });
  });

  it('accepts each of the 13 parameters', () => {
    const query =
      'audio_bitrate:0-1;audio_channels:1-8;audio_codec:aacl;audio_language:en;audio_sample_rate:48000;subtitle_language:en;' +
      'trickplay_height:200-1200;trickplay_type:iframe,image,none;video_bitrate:1;video_codec:h264;video_dynamic_range:hdr10;' +
      'video_framerate:25;video_height:720';
    assert.equal(Object.keys(readManifestFilter(query)).length, 13);
  });

  it('names what it found in its messages', () => {
    assert.throws(() => readManifestFilter('donut_type:rhododendron'), /donut_type/);
    assert.throws(() => readManifestFilter('audio_sample_rate:300-0'), /300-0/);
    assert.throws(() => readManifestFilter(`audio_language:${'a'.repeat(1200)}`), /1024.*1215/);
  });
});
