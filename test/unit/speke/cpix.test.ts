// CPIX documents of the SPEKE exchange, against golden XML (test/unit/speke/golden/, regenerate
// with KINORA_UPDATE_GOLDENS=1): the requests Kinora's client sends (SPEKE v1 for DASH; SPEKE v2
// with a preset's usage rules for CMAF cbcs), the built-in server's answers to them for fixed keys,
// and what the client reads back from those answers and from answers written the other ways CPIX
// allows (default namespace, MPD fragments with their own prefixes, key ID overrides).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCpixRequest } from '../../../src/keys/speke/writeCpixRequest.ts';
import { readCpixResponse } from '../../../src/keys/speke/readCpixResponse.ts';
import { answerCpixRequest } from '../../../src/keys/speke/answerCpixRequest.ts';
import type { CpixRequest } from '../../../src/keys/speke/CpixRequest.ts';
import { planKeyUsageRules } from '../../../src/keys/planKeyUsageRules.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { hexFromBytes } from '../../../src/media/cenc/hexFromBytes.ts';
import { uuidFromBytes } from '../../../src/media/cenc/uuidFromBytes.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { readPlayReadyObject } from '../../../src/media/cenc/readPlayReadyObject.ts';
import { writePlayReadyObject } from '../../../src/media/cenc/writePlayReadyObject.ts';
import { psshBytes } from '../../../src/media/isobmff/boxes/pssh.ts';

function matchesGolden(name: string, text: string): void {
  const golden = join(import.meta.dirname, 'golden', name);
  if (process.env.KINORA_UPDATE_GOLDENS === '1') writeFileSync(golden, text);
  assert.ok(existsSync(golden), `golden ${golden} is missing; run with KINORA_UPDATE_GOLDENS=1 to create it`);
  assert.equal(text, readFileSync(golden, 'utf8'), `${name} differs from its golden (KINORA_UPDATE_GOLDENS=1 regenerates it)`);
}

/** A fixed key per content and KID, as a key server keeps one. */
const keyOf = async (contentId: string, kid: Uint8Array) => new Uint8Array(createHash('sha256').update(`${contentId}/${hexFromBytes(kid)}`).digest().subarray(0, 16));
const kid = (n: number) => bytesFromHex(`${n.toString(16).padStart(2, '0')}112233-4455-6677-8899-aabbccddeeff`);
const invalid = (pattern: RegExp) => (e: unknown) => e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR' && pattern.test(e.message);

const v1: CpixRequest = { version: 1, contentId: 'movie-42', scheme: 'cenc', systemIds: [systemIds.widevine, systemIds.playReady], keys: [{ kid: kid(1), rule: { intendedTrackType: 'ALL', video: {}, audio: {} } }] };
const v2: CpixRequest = {
  version: 2,
  contentId: 'movie-42',
  scheme: 'cbcs',
  systemIds: [systemIds.widevine, systemIds.playReady, systemIds.fairPlay],
  keys: planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-3', presetSpeke20Audio: 'PRESET-AUDIO-2' }).map((rule, i) => ({ kid: kid(i + 1), rule })),
};

test('SPEKE v1 request (DASH, Widevine + PlayReady) and the built-in server\'s answer, against golden XML', async () => {
  const request = writeCpixRequest(v1);
  matchesGolden('request-v1.xml', request);
  const response = await answerCpixRequest(request, { version: 1, keyOf, playReadyLicenseUrl: 'https://playready.example/rightsmanager.asmx?cfg=(persist:false)&x=1' });
  matchesGolden('response-v1.xml', response);
  const [key] = readCpixResponse(response, v1);
  assert.deepEqual(key.key, await keyOf('movie-42', kid(1)));
  assert.deepEqual(key.pssh.map((p) => uuidFromBytes(p.systemId)), [systemIds.widevine, systemIds.playReady]);
  const pro = readPlayReadyObject(key.drm!.find((d) => d.systemId === systemIds.playReady)!.playReadyObject!);
  assert.deepEqual([pro.version, pro.kids.map(hexFromBytes), pro.licenseUrl], ['4.0.0.0', [hexFromBytes(kid(1))], 'https://playready.example/rightsmanager.asmx?cfg=(persist:false)&x=1']);
});

test('SPEKE v2 request (CMAF cbcs, PRESET-VIDEO-3 + PRESET-AUDIO-2: five keys with their usage rules) and the answer, against golden XML', async () => {
  const request = writeCpixRequest(v2);
  matchesGolden('request-v2.xml', request);
  assert.deepEqual(
    [...request.matchAll(/intendedTrackType="([^"]+)"/g)].map((m) => m[1]),
    ['SD', 'HD', 'UHD', 'STEREO_AUDIO', 'MULTICHANNEL_AUDIO'],
  );
  const response = await answerCpixRequest(request, { version: 2, keyOf });
  matchesGolden('response-v2.xml', response);
  const keys = readCpixResponse(response, v2);
  assert.equal(keys.length, 5);
  for (const [i, key] of keys.entries()) {
    assert.deepEqual(key.kid, kid(i + 1));
    assert.deepEqual(key.key, await keyOf('movie-42', kid(i + 1)));
    assert.deepEqual(key.drm!.find((d) => d.systemId === systemIds.fairPlay)!.hls, { uri: `skd://${hexFromBytes(kid(i + 1))}`, keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' });
    assert.equal(readPlayReadyObject(key.drm!.find((d) => d.systemId === systemIds.playReady)!.playReadyObject!).version, '4.3.0.0');
  }
});

test('answers written other ways CPIX allows: default namespace, prefixed MPD fragments, HLS signalling only, overridden KIDs', () => {
  const pro = writePlayReadyObject({ kid: kid(1), scheme: 'cenc' });
  const prPssh = psshBytes({ version: 0, systemId: bytesFromHex(systemIds.playReady), kids: [], data: pro });
  const b64 = (x: Uint8Array | string) => Buffer.from(x).toString('base64');
  const one = { ...v2, scheme: 'cenc' as const, systemIds: [systemIds.playReady, systemIds.fairPlay], keys: [{ kid: kid(1), rule: { intendedTrackType: 'VIDEO', video: {} } }] };
  const response = (kidText: string) =>
    `<CPIX xmlns="urn:dashif:org:cpix" xmlns:p="urn:ietf:params:xml:ns:keyprov:pskc" contentId="movie-42" version="2.3"><ContentKeyList><ContentKey kid="${kidText}" commonEncryptionScheme="cenc" explicitIV="${b64(new Uint8Array(16).fill(9))}"><Data><p:Secret><p:PlainValue>\n  ${b64(new Uint8Array(16).fill(5))}\n</p:PlainValue></p:Secret></Data></ContentKey></ContentKeyList>` +
    `<DRMSystemList><DRMSystem kid="${kidText}" systemId="${systemIds.playReady.toUpperCase()}"><ContentProtectionData>${b64(`<mspr:pro>${b64(pro)}</mspr:pro><cenc:pssh>${b64(prPssh)}</cenc:pssh>`)}</ContentProtectionData></DRMSystem>` +
    `<DRMSystem kid="${kidText}" systemId="${systemIds.fairPlay}"><HLSSignalingData playlist="master">${b64('#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://master"')}</HLSSignalingData><HLSSignalingData playlist="media">${b64('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://media-key",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"')}</HLSSignalingData></DRMSystem></DRMSystemList>` +
    `<ContentKeyUsageRuleList><ContentKeyUsageRule kid="${kidText}" intendedTrackType="VIDEO"><VideoFilter/></ContentKeyUsageRule></ContentKeyUsageRuleList></CPIX>`;
  const [key] = readCpixResponse(response(uuidFromBytes(kid(1))), one);
  assert.deepEqual([key.key, key.iv], [new Uint8Array(16).fill(5), new Uint8Array(16).fill(9)]);
  assert.deepEqual(key.drm!.find((d) => d.systemId === systemIds.playReady)!.playReadyObject, pro);
  assert.deepEqual(psshBytes(key.pssh[0]), prPssh);
  assert.deepEqual(key.drm!.find((d) => d.systemId === systemIds.fairPlay)!.hls, { uri: 'skd://media-key', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' });
  // An overridden KID is matched through the usage rule; its PlayReady header must then name it.
  assert.throws(() => readCpixResponse(response('77777777-7777-7777-7777-777777777777'), one), invalid(/PlayReady header names key\(s\) 01112233.* not 77777777/));
  const two = { ...one, systemIds: [systemIds.fairPlay], keys: [one.keys[0], { kid: kid(2), rule: { intendedTrackType: 'AUDIO', audio: {} } }] };
  const swapped = response('77777777-7777-7777-7777-777777777777')
    .replace(/<DRMSystem kid="[^"]+" systemId="9A04F079[^]*?<\/DRMSystem>/, '')
    .replace('</ContentKeyList>', `<ContentKey kid="${uuidFromBytes(kid(2))}"><Data><p:Secret><p:PlainValue>${b64(new Uint8Array(16).fill(6))}</p:PlainValue></p:Secret></Data></ContentKey></ContentKeyList>`)
    .replace('</DRMSystemList>', `<DRMSystem kid="${uuidFromBytes(kid(2))}" systemId="${systemIds.fairPlay}"><HLSSignalingData>${b64('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://audio"')}</HLSSignalingData></DRMSystem></DRMSystemList>`);
  const [video, audio] = readCpixResponse(swapped, two);
  assert.deepEqual([uuidFromBytes(video.kid), hexFromBytes(audio.kid)], ['77777777-7777-7777-7777-777777777777', hexFromBytes(kid(2))]);
  assert.equal(audio.drm![0].hls!.uri, 'skd://audio');
});

test('what the client refuses in an answer', async () => {
  const good = await answerCpixRequest(writeCpixRequest(v1), { version: 1, keyOf });
  const cases: [string, (xml: string) => string, RegExp][] = [
    ['another content', (x) => x.replace('id="movie-42"', 'id="other"'), /for content "other", not "movie-42"/],
    ['a 15-byte key', (x) => x.replace(/<pskc:PlainValue>[^<]+</, `<pskc:PlainValue>${Buffer.alloc(15).toString('base64')}<`), /15-byte key/],
    ['a key that is not base64', (x) => x.replace(/<pskc:PlainValue>[^<]+</, '<pskc:PlainValue>not base64!<'), /PlainValue is not base64/],
    ['no key at all', (x) => x.replace(/<cpix:Data>[^]*?<\/cpix:Data>/, ''), /0 Data elements/],
    ['a key nobody asked for, beside the one asked', (x) => x.replace('</cpix:ContentKeyList>', '<cpix:ContentKey kid="99999999-9999-9999-9999-999999999999"/></cpix:ContentKeyList>'), /2 ContentKey element\(s\), expected 1/],
    ['a DRMSystem for a system not asked', (x) => x.replace('</cpix:DRMSystemList>', `<cpix:DRMSystem kid="${uuidFromBytes(kid(1))}" systemId="${systemIds.fairPlay}"/></cpix:DRMSystemList>`), /system 94ce86fb.* was not asked/],
    ['a Widevine PSSH that is a PlayReady box', (x) => x.replace(/(systemId="edef8ba9[^"]*">\s*<cpix:PSSH>)[^<]+/, `$1${Buffer.from(psshBytes({ version: 0, systemId: bytesFromHex(systemIds.playReady), kids: [], data: new Uint8Array(4) })).toString('base64')}`), /pssh box of system 9a04f079/],
    ['a PSSH that is not a box', (x) => x.replace(/(systemId="edef8ba9[^"]*">\s*<cpix:PSSH>)[^<]+/, '$1AAAA'), /PSSH is not a pssh box/],
    ['not CPIX', () => '<html/>', /root element is <html>/],
  ];
  for (const [name, edit, pattern] of cases) assert.throws(() => readCpixResponse(edit(good), v1), invalid(pattern), name);
  const v2Good = await answerCpixRequest(writeCpixRequest(v2), { version: 2, keyOf });
  assert.throws(() => readCpixResponse(v2Good.replace('version="2.3"', 'version="2.2"'), v2), invalid(/CPIX@version is "2.2"/));
  assert.throws(() => readCpixResponse(v2Good.replaceAll('commonEncryptionScheme="cbcs"', 'commonEncryptionScheme="cenc"'), v2), invalid(/commonEncryptionScheme "cenc", expected "cbcs"/));
});
