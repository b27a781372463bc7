// The console's WebCrypto SigV4 signer produces the same Authorization header as the AWS SDK's
// signer (@smithy/signature-v4) for the requests the console sends, and Kinora's verifier accepts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { signRequest, escapeUri } from '../../../console/src/aws/signRequest.ts';
import { verifySigV4 } from '../../../src/auth/verifySigV4.ts';

const credentials = { accessKeyId: 'KNRATESTKEY0000000000', secretAccessKey: 'c2VjcmV0IGtleSB3aXRoIC8gYW5kICs=' };
const date = new Date('2026-03-04T05:06:07.890Z');

interface Case {
  name: string;
  method: string;
  path: string; // as sent (percent-encoded)
  query?: Record<string, string | string[]>; // decoded
  headers?: Record<string, string>;
  body?: string;
  service: string;
  region: string;
}

const arn = 'arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-groups/group_1';
const cases: Case[] = [
  { name: 'GET with a query', method: 'GET', path: '/assets', query: { packagingGroupId: 'group-1', maxResults: '50', nextToken: 'a+b/c=' }, service: 'mediapackage-vod', region: 'us-east-1' },
  { name: 'POST with a JSON body', method: 'POST', path: '/packaging_configurations', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'cmaf', packagingGroupId: 'g', cmafPackage: { hlsManifests: [{ manifestName: 'index' }] }, tags: { 'é key': 'välue' } }), service: 'mediapackage-vod', region: 'eu-west-3' },
  { name: 'DELETE of a percent-encoded ARN path', method: 'DELETE', path: `/tags/${encodeURIComponent(arn)}`, query: { tagKeys: ['b', 'a'] }, service: 'mediapackage-vod', region: 'us-east-1' },
  { name: 'EventBridge JSON 1.1', method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.ListRules' }, body: '{"Limit":10}', service: 'events', region: 'us-west-2' },
  { name: 'empty body, path with dot segments', method: 'GET', path: '/packaging_groups/./x/../group-1', service: 'mediapackage-vod', region: 'us-east-1' },
];

function urlOf(c: Case): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(c.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) parts.push(`${escapeUri(k)}=${escapeUri(one)}`);
  return `http://127.0.0.1:8080${c.path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

for (const c of cases) {
  test(`signRequest matches @smithy/signature-v4: ${c.name}`, async () => {
    const mine = await signRequest({ method: c.method, url: urlOf(c), headers: c.headers, body: c.body, service: c.service, region: c.region, credentials, date });
    const smithy = new SignatureV4({ credentials, region: c.region, service: c.service, sha256: Hash.bind(null, 'sha256') });
    const signed = await smithy.sign(
      new HttpRequest({ method: c.method, protocol: 'http:', hostname: '127.0.0.1', port: 8080, path: c.path, query: c.query, headers: { host: '127.0.0.1:8080', ...(c.headers ?? {}) }, body: c.body }),
      { signingDate: date },
    );
    assert.equal(mine.authorization, signed.headers.authorization);
    assert.equal(mine['x-amz-date'], signed.headers['x-amz-date']);
    assert.equal(mine['x-amz-content-sha256'], signed.headers['x-amz-content-sha256']);
    assert.equal(mine.host, undefined, 'host is signed but never returned (browsers set it)');

    // Kinora's own verifier accepts the request as a browser would send it.
    const url = new URL(urlOf(c));
    const identity = await verifySigV4(
      { method: c.method, url: url.pathname + url.search, headers: { ...mine, host: url.host }, body: new TextEncoder().encode(c.body ?? '') },
      { service: c.service, secretOf: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined), now: () => date.getTime() },
    );
    assert.deepEqual(identity, { accessKeyId: credentials.accessKeyId, region: c.region, service: c.service });
  });
}

test('a wrong secret gives a signature Kinora refuses', async () => {
  const url = 'http://127.0.0.1:8080/packaging_groups';
  const headers = await signRequest({ method: 'GET', url, service: 'mediapackage-vod', region: 'us-east-1', credentials: { ...credentials, secretAccessKey: 'wrong' }, date });
  await assert.rejects(
    verifySigV4({ method: 'GET', url: '/packaging_groups', headers: { ...headers, host: '127.0.0.1:8080' } }, { service: 'mediapackage-vod', secretOf: () => credentials.secretAccessKey, now: () => date.getTime() }),
    /signature we calculated does not match/,
  );
});
