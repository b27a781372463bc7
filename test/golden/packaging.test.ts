// Golden readable dumps of packaged output for a fixed fixture (the 30 s TS ladder):
// boxes with one line per trun sample, plus an mdat hash. Regenerate with KINORA_UPDATE_GOLDENS=1.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeBoxes } from '../../src/media/isobmff/describeBoxes.ts';
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
