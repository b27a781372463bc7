// Golden readable dumps of packaged output for a fixed fixture (the 30 s TS ladder):
// boxes with one line per trun sample, plus an mdat hash. Regenerate with KINORA_UPDATE_GOLDENS=1.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeBoxes } from '../../src/media/isobmff/describeBoxes.ts';
import { describeTsTables } from '../../src/media/mp2t/describeTsTables.ts';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';

const dir = import.meta.dirname;
let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'] });
});
after(() => origin?.close());

for (const path of ['v1/init.mp4', 'v1/1.m4s', 'a1/init.mp4', 'a1/1.m4s']) {
  it(`ladder CMAF ${path} matches its golden dump`, async () => {
    const base = origin.urls.ladder['kinora-default-cmaf'].replace(/index\.m3u8$/, '');
    const res = await origin.app.inject(base + path);
    assert.equal(res.statusCode, 200);
    const dump = describeBoxes(new Uint8Array(res.rawPayload));
    const golden = join(dir, `ladder-cmaf-${path.replace(/[/.]/g, '_')}.txt`);
    if (process.env.KINORA_UPDATE_GOLDENS === '1') writeFileSync(golden, dump);
    assert.ok(existsSync(golden), `golden ${golden} is missing; run with KINORA_UPDATE_GOLDENS=1 to create it`);
    assert.equal(dump, readFileSync(golden, 'utf8'));
  });
}

/** Manifests of each package type for one representative configuration of the ladder (hashes masked). */
const manifests: [string, string][] = [
  ['hls-ts', 'index.m3u8'],
  ['hls-ts', 'v1/media.m3u8'],
  ['hls-ts-groups', 'index.m3u8'],
  ['kinora-default-cmaf', 'index.m3u8'],
  ['kinora-default-cmaf', 'a1/media.m3u8'],
  ['kinora-default-dash', 'index.mpd'],
  ['dash-time', 'index.mpd'],
  ['mss-2s', 'index.ism/Manifest'],
];
for (const [config, path] of manifests) {
  it(`ladder ${config} ${path} matches its golden manifest`, async () => {
    const base = origin.urls.ladder[config].replace(/[^/]+(\.ism\/Manifest)?$/, '');
    const res = await origin.app.inject(base + path);
    assert.equal(res.statusCode, 200, res.body);
    checkGolden(`ladder-${config}-${path.replace(/[/.]/g, '_')}.txt`, res.body);
  });
}

it('ladder hls-ts v1/1.ts matches its golden TS table dump (PAT, PMT, PES headers, PCR)', async () => {
  const base = origin.urls.ladder['hls-ts'].replace(/index\.m3u8$/, '');
  const res = await origin.app.inject(base + 'v1/1.ts');
  assert.equal(res.statusCode, 200);
  checkGolden('ladder-hls-ts-v1_1_ts.txt', describeTsTables(new Uint8Array(res.rawPayload)));
});

function checkGolden(name: string, text: string): void {
  const golden = join(dir, name);
  if (process.env.KINORA_UPDATE_GOLDENS === '1') writeFileSync(golden, text);
  assert.ok(existsSync(golden), `golden ${golden} is missing; run with KINORA_UPDATE_GOLDENS=1 to create it`);
  assert.equal(text, readFileSync(golden, 'utf8'));
}
