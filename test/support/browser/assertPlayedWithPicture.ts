import assert from 'node:assert/strict';
import { explainPlay } from './explainPlay.ts';
import type { PlayResult } from './playInBrowser.ts';
import { readColourBars } from './readColourBars.ts';

/**
 * Played past `minSeconds` with frames growing and no player error or failed
 * request, and the screenshot taken at `screenshot` shows the testsrc2
 * picture's colour bars: not black, not garbled (as wrongly decrypted media is).
 */
export async function assertPlayedWithPicture(r: PlayResult, screenshot: string, minSeconds = 10): Promise<void> {
  assert.deepEqual(r.errors, [], explainPlay(r));
  assert.ok(r.currentTime > minSeconds, `currentTime ${r.currentTime}\n${explainPlay(r)}`);
  assert.ok(r.framesGrew && r.totalVideoFrames > 0, explainPlay(r));
  assert.ok(r.ok, explainPlay(r));
  assert.equal(r.screenshotPath, screenshot, explainPlay(r));
  assert.deepEqual(await readColourBars(screenshot), ['R', 'G', 'RG', 'B', 'RB', 'GB'], `${screenshot} does not show the test pattern's colour bars`);
}
