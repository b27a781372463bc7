import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeMpd } from '../../../src/media/dash/writeMpd.ts';
import { planScte35EventStream } from '../../../src/media/dash/planScte35EventStream.ts';
import type { Presentation, TrackTimeline } from '../../../src/media/model/Presentation.ts';
import { assertGolden } from '../hls/assertGolden.ts';
import { samplePresentation, segmentsOf } from '../hls/samplePresentation.ts';
import { readXml, type XmlElement } from './readXml.ts';

const golden = (name: string) => fileURLToPath(new URL(`golden/${name}`, import.meta.url));

const FORMATS = {
  NUMBER_WITH_TIMELINE: { mediaTemplate: '$RepresentationID$/$Number$.m4s', file: 'number-timeline' },
  TIME_WITH_TIMELINE: { mediaTemplate: '$RepresentationID$/t$Time$.m4s', file: 'time-timeline' },
  NUMBER_WITH_DURATION: { mediaTemplate: '$RepresentationID$/$Number$.m4s', file: 'number-duration' },
} as const;
type Format = keyof typeof FORMATS;
const LAYOUTS = ['FULL', 'COMPACT'] as const;

function write(presentation: Presentation, format: Format, layout?: 'FULL' | 'COMPACT'): string {
  return writeMpd(presentation, {
    segmentTemplateFormat: format,
    initializationTemplate: '$RepresentationID$/init.mp4',
    mediaTemplate: FORMATS[format].mediaTemplate,
    segmentDurationSeconds: format === 'NUMBER_WITH_DURATION' ? 2 : undefined,
    manifestLayout: layout,
  });
}

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);

/** The SegmentTemplate that applies to a Representation (ISO/IEC 23009-1 5.3.9.1: the lower level wins). */
function templateOf(adaptationSet: XmlElement, representation: XmlElement): XmlElement {
  const template = childrenNamed(representation, 'SegmentTemplate')[0] ?? childrenNamed(adaptationSet, 'SegmentTemplate')[0];
  assert.ok(template, `no SegmentTemplate for ${representation.attributes.id}`);
  return template;
}

/** Expands `S@t/@d/@r` back into per-segment [start, duration]. */
function expandTimeline(template: XmlElement): [number, number][] {
  const [timeline] = childrenNamed(template, 'SegmentTimeline');
  const segments: [number, number][] = [];
  let time = 0;
  childrenNamed(timeline, 'S').forEach((s, index) => {
    if (index === 0) assert.ok(s.attributes.t !== undefined, 'the first S has an explicit t');
    if (s.attributes.t !== undefined) time = Number(s.attributes.t);
    const d = Number(s.attributes.d);
    for (let k = 0; k <= Number(s.attributes.r ?? 0); k++) {
      segments.push([time, d]);
      time += d;
    }
  });
  return segments;
}

for (const format of Object.keys(FORMATS) as Format[]) {
  for (const layout of LAYOUTS) {
    test(`matches the golden MPD: ${format}, ${layout}`, () => {
      assertGolden(golden(`${FORMATS[format].file}-${layout.toLowerCase()}.mpd`), write(samplePresentation(), format, layout));
    });
  }
}

test('FULL is the default layout', () => {
  assert.equal(write(samplePresentation(), 'NUMBER_WITH_TIMELINE'), write(samplePresentation(), 'NUMBER_WITH_TIMELINE', 'FULL'));
});

test('is well-formed XML with the expected MPD structure', () => {
  const mpd = readXml(write(samplePresentation(), 'NUMBER_WITH_TIMELINE', 'COMPACT'));
  assert.equal(mpd.name, 'MPD');
  assert.deepEqual(mpd.attributes, {
    xmlns: 'urn:mpeg:dash:schema:mpd:2011',
    profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
    type: 'static',
    mediaPresentationDuration: 'PT9.36S',
    minBufferTime: 'PT2S',
  });
  const [period] = childrenNamed(mpd, 'Period');
  assert.deepEqual(period.attributes, { id: '1', start: 'PT0S' });
  const [videoSet, audioSet] = childrenNamed(period, 'AdaptationSet');
  assert.deepEqual(videoSet.attributes, {
    id: '1', contentType: 'video', mimeType: 'video/mp4', segmentAlignment: 'true', startWithSAP: '1',
    maxWidth: '960', maxHeight: '540', maxFrameRate: '25',
  });
  assert.deepEqual(audioSet.attributes, {
    id: '2', contentType: 'audio', mimeType: 'audio/mp4', segmentAlignment: 'true', startWithSAP: '1', lang: 'en',
  });
  assert.deepEqual(videoSet.children.map((child) => child.name), ['Role', 'SegmentTemplate', 'Representation', 'Representation', 'Representation']);
  assert.deepEqual(childrenNamed(videoSet, 'Role')[0].attributes, { schemeIdUri: 'urn:mpeg:dash:role:2011', value: 'main' });
  assert.deepEqual(childrenNamed(videoSet, 'Representation')[1].attributes, {
    id: 'v2', bandwidth: '800000', codecs: 'avc1.64001e', width: '640', height: '360', frameRate: '25', sar: '1:1',
  });
  const [audio] = childrenNamed(audioSet, 'Representation');
  assert.deepEqual(audio.attributes, { id: 'a1', bandwidth: '130512', codecs: 'mp4a.40.2', audioSamplingRate: '48000' });
  assert.deepEqual(childrenNamed(audio, 'AudioChannelConfiguration')[0].attributes, {
    schemeIdUri: 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011', value: '2',
  });
  assert.deepEqual(childrenNamed(videoSet, 'SegmentTemplate')[0].attributes, {
    timescale: '90000', initialization: '$RepresentationID$/init.mp4', media: '$RepresentationID$/$Number$.m4s', startNumber: '1',
  });
});

test('SegmentTemplate placement: FULL on every Representation, COMPACT on the set unless timescales or timelines differ', () => {
  const presentation = samplePresentation();
  const full = childrenNamed(childrenNamed(readXml(write(presentation, 'NUMBER_WITH_TIMELINE', 'FULL')), 'Period')[0], 'AdaptationSet');
  for (const set of full) {
    assert.equal(childrenNamed(set, 'SegmentTemplate').length, 0);
    for (const representation of childrenNamed(set, 'Representation')) assert.equal(childrenNamed(representation, 'SegmentTemplate').length, 1);
  }

  const v3 = presentation.switchingSets[0].tracks[2];
  v3.track = { ...v3.track, timescale: 12800 };
  v3.segments = segmentsOf([25600, 25600, 25600, 25600, 17408]);
  const [videoSet] = childrenNamed(childrenNamed(readXml(write(presentation, 'NUMBER_WITH_TIMELINE', 'COMPACT')), 'Period')[0], 'AdaptationSet');
  assert.equal(childrenNamed(videoSet, 'SegmentTemplate').length, 0);
  const timescales = childrenNamed(videoSet, 'Representation').map((r) => templateOf(videoSet, r).attributes.timescale);
  assert.deepEqual(timescales, ['90000', '90000', '12800']);

  // Same timescale, different timeline: still per Representation.
  const other = samplePresentation();
  other.switchingSets[0].tracks[1].segments = segmentsOf([180000, 180000, 180000, 175500, 126900]);
  const [set] = childrenNamed(childrenNamed(readXml(write(other, 'TIME_WITH_TIMELINE', 'COMPACT')), 'Period')[0], 'AdaptationSet');
  assert.equal(childrenNamed(set, 'SegmentTemplate').length, 0);
});

test('the S timeline expands to every segment: sums match the track duration, runs are maximal', () => {
  const presentation = samplePresentation();
  for (const format of ['NUMBER_WITH_TIMELINE', 'TIME_WITH_TIMELINE'] as const) {
    for (const layout of LAYOUTS) {
      const period = childrenNamed(readXml(write(presentation, format, layout)), 'Period')[0];
      const timelines = new Map<string, TrackTimeline>();
      for (const set of presentation.switchingSets) for (const timeline of set.tracks) timelines.set(timeline.track.id, timeline);
      for (const set of childrenNamed(period, 'AdaptationSet')) {
        for (const representation of childrenNamed(set, 'Representation')) {
          const timeline = timelines.get(representation.attributes.id)!;
          const template = templateOf(set, representation);
          const expanded = expandTimeline(template);
          assert.deepEqual(expanded, timeline.segments.map((s) => [s.startTime, s.duration]));
          const total = expanded.reduce((sum, [, d]) => sum + d, 0);
          assert.equal(total, timeline.segments.reduce((sum, s) => sum + s.duration, 0));
          const entries = childrenNamed(childrenNamed(template, 'SegmentTimeline')[0], 'S');
          for (let k = 1; k < entries.length; k++) {
            if (entries[k].attributes.t === undefined) assert.notEqual(entries[k].attributes.d, entries[k - 1].attributes.d, 'adjacent runs would have merged');
          }
          assert.equal(template.attributes.startNumber, format === 'NUMBER_WITH_TIMELINE' ? '1' : undefined);
        }
      }
    }
  }
  // The video timeline is one run of four 2 s segments and the short last one.
  assert.match(write(presentation, 'NUMBER_WITH_TIMELINE'), /<S t="0" d="180000" r="3"\/>\n\s*<S d="122400"\/>/);
});

test('NUMBER_WITH_DURATION: duration = round(segmentDurationSeconds x timescale), no timeline', () => {
  const mpd = readXml(write(samplePresentation(), 'NUMBER_WITH_DURATION', 'FULL'));
  const sets = childrenNamed(childrenNamed(mpd, 'Period')[0], 'AdaptationSet');
  const templates = sets.flatMap((set) => childrenNamed(set, 'Representation').map((r) => templateOf(set, r)));
  assert.deepEqual(templates.map((t) => [t.attributes.timescale, t.attributes.duration, t.attributes.startNumber, t.children.length]), [
    ['90000', '180000', '1', 0],
    ['90000', '180000', '1', 0],
    ['90000', '180000', '1', 0],
    ['48000', '96000', '1', 0],
  ]);
});

test('escapes attribute values and formats NTSC frame rates', () => {
  const presentation = samplePresentation();
  const [v1] = presentation.switchingSets[0].tracks;
  v1.track = { ...v1.track, id: 'v1&"x"', frameRate: 30000 / 1001 };
  presentation.switchingSets[1].language = 'en<';
  const text = writeMpd(presentation, {
    segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
    initializationTemplate: '$RepresentationID$/init.mp4?token=a&b',
    mediaTemplate: "$RepresentationID$/$Number$.m4s?k='1'",
    profiles: 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019',
    minBufferTimeSeconds: 30,
  });
  const mpd = readXml(text);
  assert.equal(mpd.attributes.minBufferTime, 'PT30S');
  assert.equal(mpd.attributes.profiles, 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019');
  const [videoSet, audioSet] = childrenNamed(childrenNamed(mpd, 'Period')[0], 'AdaptationSet');
  const [representation] = childrenNamed(videoSet, 'Representation');
  assert.equal(representation.attributes.id, 'v1&"x"');
  assert.equal(representation.attributes.frameRate, '30000/1001');
  assert.equal(videoSet.attributes.maxFrameRate, '30000/1001'); // the highest of 25 and 29.97
  assert.equal(audioSet.attributes.lang, 'en<');
  const template = childrenNamed(representation, 'SegmentTemplate')[0];
  assert.equal(template.attributes.initialization, '$RepresentationID$/init.mp4?token=a&b');
  assert.equal(template.attributes.media, "$RepresentationID$/$Number$.m4s?k='1'");
});

test('Role main goes to the isDefault set of each content type, else the first', () => {
  const presentation = samplePresentation();
  const english = presentation.switchingSets[1];
  english.isDefault = false;
  presentation.switchingSets.push({ ...english, id: 'audio-fr', language: 'fr', isDefault: true });
  const sets = childrenNamed(childrenNamed(readXml(write(presentation, 'NUMBER_WITH_TIMELINE')), 'Period')[0], 'AdaptationSet');
  assert.deepEqual(
    sets.map((set) => [set.attributes.id, set.attributes.lang, childrenNamed(set, 'Role').length]),
    [['1', undefined, 1], ['2', 'en', 0], ['3', 'fr', 1]],
  );
});

test('writes 1,000-segment timelines for every track', () => {
  const presentation = samplePresentation();
  for (const set of presentation.switchingSets) {
    for (const timeline of set.tracks) timeline.segments = segmentsOf(Array.from({ length: 1000 }, (_, k) => 180000 + (k % 3) * 3600));
  }
  const mpd = readXml(write(presentation, 'TIME_WITH_TIMELINE'));
  const [videoSet] = childrenNamed(childrenNamed(mpd, 'Period')[0], 'AdaptationSet');
  assert.equal(expandTimeline(templateOf(videoSet, childrenNamed(videoSet, 'Representation')[0])).length, 1000);
});

test('multi-period: each Period takes the segments starting in it, with presentationTimeOffset and global $Number$', () => {
  const mpd = writeMpd(samplePresentation(), {
    segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
    initializationTemplate: '$RepresentationID$/init.mp4',
    mediaTemplate: '$RepresentationID$/$Number$.m4s',
    periodStartsSeconds: [4, 0, 99],
  });
  const root = readXml(mpd);
  const periods = childrenNamed(root, 'Period');
  assert.deepEqual(periods.map((p) => [p.attributes.id, p.attributes.start]), [['1', 'PT0S'], ['2', 'PT4S']]);
  const videoTemplates = periods.map((p) => templateOf(childrenNamed(p, 'AdaptationSet')[0], childrenNamed(childrenNamed(p, 'AdaptationSet')[0], 'Representation')[0]));
  assert.deepEqual(videoTemplates.map((t) => [t.attributes.presentationTimeOffset, t.attributes.startNumber]), [[undefined, '1'], ['360000', '3']]);
  assert.deepEqual(expandTimeline(videoTemplates[0]).map(([t]) => t), [0, 180000]);
  assert.deepEqual(expandTimeline(videoTemplates[1]).map(([t]) => t), [360000, 540000, 720000]);
  // NUMBER_WITH_DURATION cannot be multi-period (as in MediaPackage): one Period.
  const single = writeMpd(samplePresentation(), { segmentTemplateFormat: 'NUMBER_WITH_DURATION', initializationTemplate: 'i', mediaTemplate: 'm', segmentDurationSeconds: 2, periodStartsSeconds: [4] });
  assert.equal(single.match(/<Period /g)?.length, 1);
});

test('Period starts within 20 ms of each other make one Period (a discontinuity and an ad break at one place), never an empty one', () => {
  const mpd = writeMpd(samplePresentation(), { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE', initializationTemplate: 'i', mediaTemplate: 'm', periodStartsSeconds: [4, 4.01, 4] });
  assert.deepEqual(childrenNamed(readXml(mpd), 'Period').map((p) => [p.attributes.id, p.attributes.start, childrenNamed(p, 'AdaptationSet').length > 0]), [
    ['1', 'PT0S', true],
    ['2', 'PT4S', true],
  ]);
});

test('SCTE-35 EventStream: in the Period where each event starts, before the AdaptationSets, presentationTimeOffset at the Period start', () => {
  const eventStream = planScte35EventStream([{ startSeconds: 4, kind: 'ad-start', durationSeconds: 2 }, { startSeconds: 6, kind: 'ad-end' }], 10);
  const options = { segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' as const, initializationTemplate: 'i', mediaTemplate: 'm', eventStream };
  const one = readXml(writeMpd(samplePresentation(), options));
  assert.equal(one.attributes['xmlns:scte35'], 'http://www.scte.org/schemas/35/2016');
  const [period] = childrenNamed(one, 'Period');
  assert.equal(period.children[0].name, 'EventStream', 'EventStream comes before the AdaptationSets');
  const stream = period.children[0];
  assert.deepEqual(stream.attributes, { schemeIdUri: 'urn:scte:scte35:2013:xml', timescale: '90000' });
  const events = childrenNamed(stream, 'Event');
  assert.deepEqual(events.map((e) => e.attributes), [{ presentationTime: '360000', duration: '180000', id: '1' }, { presentationTime: '540000', id: '2' }]);
  const insert = events[0].children[0].children[0];
  assert.deepEqual([events[0].children[0].name, insert.name, insert.attributes.spliceEventId, insert.attributes.outOfNetworkIndicator], ['scte35:SpliceInfoSection', 'scte35:SpliceInsert', '1', 'true']);
  assert.deepEqual(insert.children.map((c) => [c.name, c.children[0]?.attributes.ptsTime ?? c.attributes.duration]), [['scte35:Program', '360000'], ['scte35:BreakDuration', '180000']]);
  assert.equal(childrenNamed(events[1].children[0], 'scte35:SpliceInsert')[0].attributes.outOfNetworkIndicator, 'false');

  const periods = childrenNamed(readXml(writeMpd(samplePresentation(), { ...options, periodStartsSeconds: [4, 6] })), 'Period');
  assert.deepEqual(
    periods.map((p) => childrenNamed(p, 'EventStream').map((s) => [s.attributes.presentationTimeOffset, childrenNamed(s, 'Event').map((e) => e.attributes.presentationTime)])),
    [[], [['360000', ['360000']]], [['540000', ['540000']]]],
  );
  // No events, no EventStream and no namespace.
  const none = writeMpd(samplePresentation(), { ...options, eventStream: planScte35EventStream([], 10) });
  assert.doesNotMatch(none, /EventStream|scte35/);
});
