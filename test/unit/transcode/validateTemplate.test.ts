import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateTemplate } from '../../../src/transcode/validateTemplate.ts';
import { defaultTemplate } from '../../../src/transcode/defaultTemplate.ts';

function withChange(change: (t: any) => void): unknown {
  const t = structuredClone(defaultTemplate) as any;
  change(t);
  return t;
}

function rejects(template: unknown, field: string, fragment: RegExp): void {
  assert.throws(() => validateTemplate(template), (e: any) => {
    assert.equal(e.code, 'INVALID_REQUEST');
    assert.equal(e.subject, field);
    assert.ok(e.message.startsWith(`${field} `), e.message);
    assert.match(e.message, fragment);
    return true;
  });
}

test('the default template is valid and comes back equal', () => {
  assert.deepEqual(validateTemplate(structuredClone(defaultTemplate)), defaultTemplate);
});

test('a template without audio is valid', () => {
  assert.equal(validateTemplate(withChange((t) => { t.audio = null; })).audio, null);
});

test('each invalid field is named, with what was expected and what was found', () => {
  rejects(withChange((t) => { t.video.renditions[1].bitrate = '3M'; }), 'template.video.renditions[1].bitrate', /integer between 50000 and 100000000.*found "3M"/);
  rejects(withChange((t) => { t.video.renditions[0].width = 1281; }), 'template.video.renditions[0].width', /even integer.*found 1281/);
  rejects(withChange((t) => { t.video.renditions[2].profile = 'high10'; }), 'template.video.renditions[2].profile', /baseline, main, high.*found "high10"/);
  rejects(withChange((t) => { t.video.renditions[0].level = '9.9'; }), 'template.video.renditions[0].level', /H\.264 level/);
  rejects(withChange((t) => { t.video.renditions = []; }), 'template.video.renditions', /1 to 10/);
  rejects(withChange((t) => { t.video.gopSeconds = 0; }), 'template.video.gopSeconds', /between 0\.5 and 10/);
  rejects(withChange((t) => { t.video.preset = 'insane'; }), 'template.video.preset', /ultrafast/);
  rejects(withChange((t) => { t.video.codec = 'h265'; }), 'template.video.codec', /h264/);
  rejects(withChange((t) => { t.audio.channels = 3; }), 'template.audio.channels', /1, 2 or 6.*found 3/);
  rejects(withChange((t) => { t.audio.grouping = 'both'; }), 'template.audio.grouping', /separate.*muxed/);
  rejects(withChange((t) => { t.audio.name = 'a "quoted" name'; }), 'template.audio.name', /without quotes/);
  rejects(withChange((t) => { t.segmentSeconds = 5; }), 'template.segmentSeconds', /whole multiple of video\.gopSeconds \(2\)/);
  rejects('a string', 'template', /must be an object/);
});

test('unknown fields are refused rather than ignored (a typo must not fall back to a default)', () => {
  rejects(withChange((t) => { t.video.renditons = t.video.renditions; }), 'template.video.renditons', /not a field.*codec, gopSeconds, preset, renditions/);
  rejects(withChange((t) => { t.video.renditions[0].fps = 30; }), 'template.video.renditions[0].fps', /not a field/);
});

test('two outputs may not share a name modifier (their files would collide)', () => {
  rejects(withChange((t) => { t.video.renditions[1].nameModifier = '_720p'; }), 'template.video.renditions[1].nameModifier', /must differ from template\.video\.renditions\[0\]\.nameModifier/);
  rejects(withChange((t) => { t.audio.nameModifier = '_360p'; }), 'template.audio.nameModifier', /must differ/);
  // Muxed audio has no files of its own, so its modifier may repeat a video one.
  assert.doesNotThrow(() => validateTemplate(withChange((t) => { t.audio.grouping = 'muxed'; t.audio.nameModifier = '_360p'; })));
  rejects(withChange((t) => { t.video.renditions[0].nameModifier = '../x'; }), 'template.video.renditions[0].nameModifier', /A-Z a-z 0-9/);
});
