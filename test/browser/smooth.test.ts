// Kinora's Microsoft Smooth Streaming output (mssPackage) in dash.js with its MSS plugin, in
// Debian's Chromium: the `ladder` fixture plays past 10 s with decoded frames growing, no player
// error and no failed request, and survives a forced switch between quality levels.
// The screenshot lands in artifacts/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeBrowser, playInBrowser } from '../support/browser/playInBrowser.ts';
import { explainPlay } from '../support/browser/explainPlay.ts';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';

const screenshots = resolve(import.meta.dirname, '../../artifacts/screenshots');
mkdirSync(screenshots, { recursive: true });

let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
});
after(async () => {
  await closeBrowser();
  await origin?.close();
});

test('dash.js with its MSS plugin plays the Smooth manifest of a TS ladder and switches quality level', async () => {
  const url = origin.urls.ladder['mss-2s'];
  assert.match(url, /\/index\.ism\/Manifest$/);
  const r = await playInBrowser({ url, player: 'dashjs-mss', switchRendition: true, minSeconds: 10, timeoutMs: 90_000, screenshotPath: join(screenshots, 'dashjs-mss-ladder-mss-2s.png') });
  assert.deepEqual(r.errors, [], explainPlay(r));
  assert.ok(r.currentTime > 10, `currentTime ${r.currentTime}\n${explainPlay(r)}`);
  assert.ok(r.framesGrew && r.totalVideoFrames > 0, explainPlay(r));
  // The three quality levels of the video StreamIndex, as dash.js saw them.
  assert.equal(r.renditions.length, 3, explainPlay(r));
  assert.deepEqual(r.renditions.map((x) => x.height), [180, 270, 360], explainPlay(r));
  assert.ok(r.switched?.confirmed, `quality level switch not confirmed\n${explainPlay(r)}`);
  assert.notEqual(r.switched!.from, r.switched!.to, explainPlay(r));
  assert.ok(r.ok, explainPlay(r));
});
