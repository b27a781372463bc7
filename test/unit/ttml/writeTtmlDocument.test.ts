import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeTtmlDocument } from '../../../src/media/ttml/writeTtmlDocument.ts';

test('one <p> per cue, media times, WebVTT bold/italic as TTML styling, text escaped, line breaks', () => {
  const ttml = writeTtmlDocument(
    [
      { startMs: 1500, endMs: 3_723_004, settings: '', payload: 'Tom & <b>Jerry</b>\n<i>chase</i> <c.yellow>on</c> &lt;3' },
      { id: 'x', startMs: 0, endMs: 10, settings: 'line:0', payload: 'a"b' },
    ],
    { language: 'fr' },
  );
  assert.equal(
    ttml,
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="fr">',
      '  <body>',
      '    <div>',
      '      <p begin="00:00:01.500" end="01:02:03.004">Tom &amp; <span tts:fontWeight="bold">Jerry</span><br/><span tts:fontStyle="italic">chase</span> on &lt;3</p>',
      '      <p begin="00:00:00.000" end="00:00:00.010">a&quot;b</p>',
      '    </div>',
      '  </body>',
      '</tt>',
      '',
    ].join('\n'),
  );
  assert.match(writeTtmlDocument([]), /xml:lang="und">\n  <body>\n    <div>\n    <\/div>/);
});
