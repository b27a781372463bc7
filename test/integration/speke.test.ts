/**
 * Kinora's SPEKE client against a real SPEKE server (Kinora's built-in one,
 * over HTTP with SigV4) and against a deliberately hostile one.
 *
 * - SPEKE v1 and v2 (with a preset's several keys): every key the client
 *   returns is the key the server holds for that content ID and KID; the
 *   signalling (pssh, PlayReady header, FairPlay URI) names the key; the
 *   keys are kept, so a second ask (or another client on the same store)
 *   does not reach the server.
 * - The server refuses unsigned requests, documents with a DTD, and
 *   invalid SPEKE v2 documents with MediaPackage's messages.
 * - The hostile server (slow, 500, malformed XML, billion laughs, external
 *   entities, short keys, wrong key counts, missing systems, encrypted keys,
 *   a PlayReady header for another KID, an endless body): each is a
 *   KEY_PROVIDER_ERROR saying what was wrong, and no key comes out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openContentKeys } from '../../src/keys/openContentKeys.ts';
import type { ContentKeys } from '../../src/keys/ContentKeys.ts';
import { SqliteKeyStore } from '../../src/keys/SqliteKeyStore.ts';
import { SpekeKeyProvider } from '../../src/keys/speke/SpekeKeyProvider.ts';
import { registerSpekeServer } from '../../src/keys/speke/registerSpekeServer.ts';
import { signSigV4 } from '../../src/keys/speke/signSigV4.ts';
import type { SigningIdentity } from '../../src/keys/speke/SigningIdentity.ts';
import type { KeyRequest } from '../../src/keys/KeyRequest.ts';
import { planKeyUsageRules } from '../../src/keys/planKeyUsageRules.ts';
import { KinoraError } from '../../src/errors/KinoraError.ts';
import { systemIds } from '../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../src/media/cenc/hexFromBytes.ts';
import { uuidFromBytes } from '../../src/media/cenc/uuidFromBytes.ts';
import { readPlayReadyObject } from '../../src/media/cenc/readPlayReadyObject.ts';
import { writePlayReadyObject } from '../../src/media/cenc/writePlayReadyObject.ts';

const ACCESS_KEY = { accessKeyId: 'AKIDSPEKETEST0000000', secretAccessKey: 'speke-test-secret' };
const identity: SigningIdentity = { ...ACCESS_KEY, region: 'eu-west-1', service: 'speke' };
const master = new Uint8Array(32).fill(3);

let dir: string;
let serverKeys: ContentKeys;
let spekeApp: FastifyInstance;
let spekeBase: string;
let spekeRequests = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kinora-speke-'));
  serverKeys = openContentKeys({ dataDir: join(dir, 'server'), masterKey: 'b'.repeat(64), env: {} });
  spekeApp = Fastify({ logger: false });
  spekeApp.addHook('onRequest', async () => void spekeRequests++);
  registerSpekeServer(spekeApp, { keys: serverKeys, secretOf: (id) => (id === ACCESS_KEY.accessKeyId ? ACCESS_KEY.secretAccessKey : undefined), playReadyLicenseUrl: 'https://playready.example/rightsmanager.asmx' });
  await spekeApp.listen({ host: '127.0.0.1', port: 0 });
  const address = spekeApp.server.address();
  spekeBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(async () => {
  await spekeApp?.close();
  await serverKeys?.close();
  rmSync(dir, { recursive: true, force: true });
});

const isKeyError = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof KinoraError, String(e));
  assert.equal(e.code, 'KEY_PROVIDER_ERROR');
  assert.match(e.message, pattern);
  return true;
};

function request(overrides: Partial<KeyRequest> = {}): KeyRequest {
  return {
    assetId: 'movie',
    resourceId: 'movie-resource',
    configurationId: 'dash',
    assetHash: 'a'.repeat(32),
    configurationHash: 'c'.repeat(32),
    systemIds: [systemIds.clearKey],
    scheme: 'cenc',
    roleArn: 'arn:aws:iam::111122223333:role/speke',
    url: `${spekeBase}/speke/v1`,
    spekeVersion: 1,
    ...overrides,
  };
}

/** The key the built-in server holds for a content ID and key ID. */
async function serverKey(contentId: string, kid: Uint8Array): Promise<string | undefined> {
  const stored = await serverKeys.store!.get(`speke-server/${contentId}/${hexFromBytes(kid)}`);
  return stored && hexFromBytes(stored.key);
}

function client(options: { store?: SqliteKeyStore; sign?: boolean; limits?: ConstructorParameters<typeof SpekeKeyProvider>[0]['limits'] } = {}): SpekeKeyProvider {
  return new SpekeKeyProvider({
    store: options.store ?? new SqliteKeyStore(':memory:', master),
    signerFor: () => (options.sign === false ? undefined : identity),
    limits: { attempts: 3, attemptTimeoutMs: 2_000, deadlineMs: 10_000, backoffMs: 5, ...options.limits },
  });
}

describe('against the built-in SPEKE server', () => {
  test('SPEKE v1: one key, the server\'s, with pssh and a PlayReady header naming it; kept, so the server is asked once', async () => {
    const store = new SqliteKeyStore(':memory:', master);
    const speke = client({ store });
    const before = spekeRequests;
    const [key] = await speke.keysFor(request({ systemIds: [systemIds.clearKey, systemIds.widevine, systemIds.playReady] }));
    assert.equal(await serverKey('movie-resource', key.kid), hexFromBytes(key.key));
    assert.deepEqual(key.pssh.map((p) => uuidFromBytes(p.systemId)), [systemIds.common, systemIds.widevine, systemIds.playReady]);
    const pro = key.drm?.find((d) => d.systemId === systemIds.playReady)?.playReadyObject;
    assert.ok(pro);
    assert.deepEqual(readPlayReadyObject(pro).kids.map(hexFromBytes), [hexFromBytes(key.kid)]);
    assert.equal(readPlayReadyObject(pro).licenseUrl, 'https://playready.example/rightsmanager.asmx');
    assert.equal(spekeRequests - before, 1);
    // Asked again, and by a new client on the same store (a restart): the kept key, no request.
    const [again] = await speke.keysFor(request({ systemIds: [systemIds.clearKey, systemIds.widevine, systemIds.playReady] }));
    const [restarted] = await client({ store }).keysFor(request({ systemIds: [systemIds.clearKey, systemIds.widevine, systemIds.playReady] }));
    for (const k of [again, restarted]) assert.deepEqual([hexFromBytes(k.kid), hexFromBytes(k.key)], [hexFromBytes(key.kid), hexFromBytes(key.key)]);
    assert.deepEqual(restarted.pssh.map((p) => hexFromBytes(p.data)), key.pssh.map((p) => hexFromBytes(p.data)));
    assert.equal(spekeRequests - before, 1);
    // Another asset (another hash) is another content: a new key.
    const [other] = await speke.keysFor(request({ assetHash: 'd'.repeat(32) }));
    assert.notEqual(hexFromBytes(other.kid), hexFromBytes(key.kid));
    await store.close();
  });

  test('SPEKE v2 with PRESET-VIDEO-2 and PRESET-AUDIO-2: four keys, each the server\'s, each with its own pssh', async () => {
    const rules = planKeyUsageRules({ presetSpeke20Video: 'PRESET-VIDEO-2', presetSpeke20Audio: 'PRESET-AUDIO-2' });
    const keys = await client().keysFor(request({ url: `${spekeBase}/speke/v2`, spekeVersion: 2, rules, systemIds: [systemIds.widevine, systemIds.playReady], configurationId: 'v2' }));
    assert.equal(keys.length, 4);
    assert.equal(new Set(keys.map((k) => hexFromBytes(k.kid))).size, 4);
    for (const key of keys) {
      assert.equal(await serverKey('movie-resource', key.kid), hexFromBytes(key.key));
      const pro = key.drm?.find((d) => d.systemId === systemIds.playReady)?.playReadyObject;
      assert.deepEqual(readPlayReadyObject(pro!).kids.map(hexFromBytes), [hexFromBytes(key.kid)]);
      // Widevine pssh data lists the key ID (protobuf field 2).
      const widevine = key.pssh.find((p) => uuidFromBytes(p.systemId) === systemIds.widevine)!;
      assert.ok(hexFromBytes(widevine.data).includes(`1210${hexFromBytes(key.kid)}`));
    }
  });

  test('SPEKE v2 cbcs with FairPlay: the key server\'s skd:// URI; PlayReady for CBC is a v4.3 header', async () => {
    const [key] = await client().keysFor(request({ url: `${spekeBase}/speke/v2`, spekeVersion: 2, scheme: 'cbcs', systemIds: [systemIds.fairPlay, systemIds.playReady], configurationId: 'cmaf' }));
    assert.deepEqual(key.drm?.find((d) => d.systemId === systemIds.fairPlay)?.hls, { uri: `skd://${hexFromBytes(key.kid)}`, keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' });
    assert.equal(readPlayReadyObject(key.drm!.find((d) => d.systemId === systemIds.playReady)!.playReadyObject!).version, '4.3.0.0');
  });

  test('the server refuses unsigned requests (403, not retried), DTDs and invalid SPEKE v2 documents (422)', async () => {
    const before = spekeRequests;
    await assert.rejects(client({ sign: false }).keysFor(request({ configurationId: 'unsigned' })), isKeyError(/HTTP 403/));
    assert.equal(spekeRequests - before, 1, '4xx is not retried');
    const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
      const url = `${spekeBase}${path}`;
      const all = { 'content-type': 'application/xml', ...headers };
      const signed = signSigV4({ method: 'POST', url, headers: all, body: new TextEncoder().encode(body) }, identity);
      const r = await fetch(url, { method: 'POST', headers: { ...all, ...signed }, body });
      return { status: r.status, text: await r.text() };
    };
    const ns = 'xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc"';
    const key = '<cpix:ContentKeyList><cpix:ContentKey kid="11111111-2222-3333-4444-555555555555" commonEncryptionScheme="cenc"/></cpix:ContentKeyList>';
    assert.deepEqual(await post('/speke/v2', `<cpix:CPIX version="2.3" ${ns}>${key}</cpix:CPIX>`), { status: 422, text: 'Missing CPIX@contentId' });
    assert.deepEqual(await post('/speke/v2', `<cpix:CPIX contentId="c" ${ns}>${key}</cpix:CPIX>`), { status: 422, text: 'Missing CPIX@version' });
    assert.deepEqual(await post('/speke/v2', `<cpix:CPIX contentId="c" version="2.0" ${ns}>${key}</cpix:CPIX>`), { status: 422, text: 'Unsupported CPIX@version' });
    assert.deepEqual(await post('/speke/v2', `<cpix:CPIX contentId="c" version="2.3" ${ns}>${key.replace(' commonEncryptionScheme="cenc"', '')}</cpix:CPIX>`), {
      status: 422,
      text: 'Missing ContentKey@commonEncryptionScheme for KID 11111111-2222-3333-4444-555555555555',
    });
    const laughs = await post('/speke/v1', `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><cpix:CPIX id="c" ${ns}>&lol2;</cpix:CPIX>`);
    assert.equal(laughs.status, 422);
    assert.match(laughs.text, /DTDs and entity declarations are never accepted/);
    const unknown = await post('/speke/v1', `<cpix:CPIX id="c" ${ns}>${key}<cpix:DRMSystemList><cpix:DRMSystem kid="11111111-2222-3333-4444-555555555555" systemId="80a6be7e-1448-4c37-9e70-d5aebe04c8d2"><cpix:PSSH/></cpix:DRMSystem></cpix:DRMSystemList></cpix:CPIX>`);
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /Unsupported DRMSystem@systemId 80a6be7e/);
  });
});

describe('against a hostile SPEKE server', () => {
  let hostile: Server;
  let hostileBase: string;
  const hits = new Map<string, number>();
  const held: import('node:http').ServerResponse[] = [];

  /** A CPIX answer to `body` (a SPEKE v1 request) with every asked key and system, changed by `edit`. */
  function answer(body: string, edit: (xml: string) => string = (x) => x): string {
    const kid = /kid="([0-9a-f-]{36})"/.exec(body)![1];
    const systems = [...body.matchAll(/systemId="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const drm = systems
      .map((s) => (s === systemIds.widevine ? `<cpix:DRMSystem kid="${kid}" systemId="${s}"><cpix:PSSH>AAAAJnBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAAAYSBAAAAAA=</cpix:PSSH></cpix:DRMSystem>` : `<cpix:DRMSystem kid="${kid}" systemId="${s}"><cpix:PSSH/></cpix:DRMSystem>`))
      .join('');
    return edit(
      `<?xml version="1.0"?><cpix:CPIX id="movie-resource" xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:speke="urn:aws:amazon:com:speke">` +
        `<cpix:ContentKeyList><cpix:ContentKey kid="${kid}"><cpix:Data><pskc:Secret><pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue></pskc:Secret></cpix:Data></cpix:ContentKey></cpix:ContentKeyList>` +
        `<cpix:DRMSystemList>${drm}</cpix:DRMSystemList></cpix:CPIX>`,
    );
  }

  const behaviours: Record<string, (body: string, res: import('node:http').ServerResponse) => void> = {
    ok: (body, res) => res.end(answer(body)),
    slow: (_body, res) => void held.push(res),
    error500: (_body, res) => {
      res.statusCode = 500;
      res.end('key server down');
    },
    malformed: (body, res) => res.end(answer(body).slice(0, -20)),
    laughs: (_body, res) =>
      res.end(
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><cpix:CPIX xmlns:cpix="urn:dashif:org:cpix">&lol9;</cpix:CPIX>`,
      ),
    xxe: (body, res) => res.end(answer(body, (x) => x.replace('<cpix:CPIX', '<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><cpix:CPIX').replace('ABEiM0RVZneImaq7zN3u/w==', '&xxe;'))),
    shortKey: (body, res) => res.end(answer(body, (x) => x.replace('ABEiM0RVZneImaq7zN3u/w==', 'ABEiM0RVZnc='))),
    twoKeys: (body, res) => res.end(answer(body, (x) => x.replace('</cpix:ContentKeyList>', `<cpix:ContentKey kid="99999999-9999-9999-9999-999999999999"><cpix:Data><pskc:Secret><pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue></pskc:Secret></cpix:Data></cpix:ContentKey></cpix:ContentKeyList>`))),
    missingSystem: (body, res) => res.end(answer(body, (x) => x.replace(/<cpix:DRMSystem [^>]*systemId="edef8ba9[^]*?<\/cpix:DRMSystem>/, ''))),
    encrypted: (body, res) => res.end(answer(body, (x) => x.replace('<pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue>', '<pskc:EncryptedValue><CipherData/></pskc:EncryptedValue>'))),
    otherPlayReadyKid: (body, res) =>
      res.end(
        answer(body, (x) =>
          x.replace(
            /(systemId="9a04f079-9840-4286-ab92-e65be0885f95">)<cpix:PSSH\/>/,
            `$1<speke:ProtectionHeader>${Buffer.from(writePlayReadyObject({ kid: new Uint8Array(16).fill(7), scheme: 'cenc' })).toString('base64')}</speke:ProtectionHeader>`,
          ),
        ),
      ),
    overrideKid: (body, res) => res.end(answer(body, (x) => x.replaceAll(/kid="[0-9a-f-]{36}"/g, 'kid="22222222-2222-2222-2222-222222222222"'))),
    endless: (_body, res) => {
      res.setHeader('content-type', 'application/xml');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const push = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', push);
      };
      push();
    },
  };

  before(async () => {
    hostile = createServer((req, res) => {
      const name = (req.url ?? '').slice(1);
      hits.set(name, (hits.get(name) ?? 0) + 1);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => (behaviours[name] ?? ((_b, r) => ((r.statusCode = 404), r.end())))(body, res));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const address = hostile.address();
    hostileBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    for (const res of held) res.destroy();
    hostile.closeAllConnections();
    await new Promise<void>((resolve) => hostile.close(() => resolve()));
  });

  const ask = (name: string, systems: string[] = [systemIds.clearKey], limits = {}) =>
    client({ limits }).keysFor(request({ url: `${hostileBase}/${name}`, systemIds: systems, configurationId: name }));

  test('a well-behaved answer from the same fake is accepted (the fake is a fair baseline)', async () => {
    const [key] = await ask('ok', [systemIds.clearKey, systemIds.widevine]);
    assert.equal(hexFromBytes(key.key), '00112233445566778899aabbccddeeff');
  });

  test('slow: each try times out, the exchange gives up', async () => {
    await assert.rejects(ask('slow', undefined, { attempts: 2, attemptTimeoutMs: 150 }), isKeyError(/no answer within 150 ms/));
    assert.equal(hits.get('slow'), 2);
  });

  test('500: retried with backoff, then a KEY_PROVIDER_ERROR naming the status', async () => {
    await assert.rejects(ask('error500'), isKeyError(/try 3: HTTP 500 \(key server down\)/));
    assert.equal(hits.get('error500'), 3);
  });

  const refusals: [string, RegExp, string[]?][] = [
    ['malformed', /not a well-formed/],
    ['laughs', /DTDs and entity declarations are never accepted/],
    ['xxe', /DTDs and entity declarations are never accepted/],
    ['shortKey', /8-byte key, expected a 16-byte AES-128 key/],
    ['twoKeys', /2 ContentKey element\(s\), expected 1/],
    ['missingSystem', /no DRMSystem answers system edef8ba9/, [systemIds.clearKey, systemIds.widevine]],
    ['encrypted', /encrypted \(pskc:EncryptedValue\)/],
    ['otherPlayReadyKid', /PlayReady header names key\(s\) 07070707/, [systemIds.playReady]],
    ['endless', /over the 1048576-byte limit/],
  ];
  for (const [name, pattern, systems] of refusals) {
    test(`${name}: refused, not retried`, async () => {
      await assert.rejects(ask(name, systems), isKeyError(pattern));
      assert.equal(hits.get(name), 1);
    });
  }

  test('a key server may override the key ID of a single key (SPEKE "Overriding the key identifier")', async () => {
    const [key] = await ask('overrideKid');
    assert.equal(uuidFromBytes(key.kid), '22222222-2222-2222-2222-222222222222');
  });
});
