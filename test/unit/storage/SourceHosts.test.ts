import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceHosts } from '../../../src/storage/SourceHosts.ts';

const refused = (f: () => void, message: RegExp) => assert.throws(f, (e: any) => e.code === 'SOURCE_FORBIDDEN' && message.test(e.message));

test('entries: host, host:port, IPs and [IPv6]:port, normalised; malformed ones are INVALID_REQUEST naming the entry', () => {
  const hosts = new SourceHosts([' CDN.Example.com ', 'media.example.com:8443', '127.0.0.1:9000', '[::1]:9000', '']);
  assert.equal(hosts.describe(), 'cdn.example.com,media.example.com:8443,127.0.0.1:9000,[::1]:9000');
  assert.equal(new SourceHosts([]).isEmpty, true);
  for (const bad of ['https://cdn.example.com', 'cdn.example.com/vod', 'user@cdn', 'cdn:99999', 'cdn:0', '*.example.com']) {
    assert.throws(() => new SourceHosts([bad]), (e: any) => e.code === 'INVALID_REQUEST' && e.message.includes(`"${bad}"`), bad);
  }
});

test('checkUrl: the host and port must be listed; a bare host means the default port', () => {
  const hosts = new SourceHosts(['cdn.example.com', 'media.example.com:8443']);
  hosts.checkUrl(new URL('https://cdn.example.com/vod/a.m3u8'));
  hosts.checkUrl(new URL('https://CDN.example.com:443/vod/a.m3u8'));
  hosts.checkUrl(new URL('https://media.example.com:8443/a.m3u8'));
  refused(() => hosts.checkUrl(new URL('https://cdn.example.com:8443/a.m3u8')), /host cdn\.example\.com:8443 is not on KINORA_SOURCE_HOSTS \(cdn\.example\.com,media\.example\.com:8443\)/);
  refused(() => hosts.checkUrl(new URL('https://media.example.com/a.m3u8')), /host media\.example\.com:443 is not on/);
  refused(() => hosts.checkUrl(new URL('https://evil.example.com/a.m3u8')), /evil\.example\.com:443 is not on/);
  refused(() => hosts.checkUrl(new URL('https://u:p@cdn.example.com/a.m3u8')), /credentials/);
  refused(() => hosts.checkUrl(new URL('ftp://cdn.example.com/a.m3u8')), /ftp: scheme/);
  refused(() => new SourceHosts([]).checkUrl(new URL('https://cdn.example.com/a.m3u8')), /https sources are off: KINORA_SOURCE_HOSTS lists no hosts/);
});

test('checkAddress: public addresses pass; non-public ones only when the list names that address and port', () => {
  const hosts = new SourceHosts(['cdn.example.com', 'internal.example.com:9000', '10.0.0.5:9000']);
  const cdn = new URL('https://cdn.example.com/a.m3u8');
  hosts.checkAddress(cdn, '93.184.216.34');
  hosts.checkAddress(cdn, '2606:2800:220:1::1');
  refused(() => hosts.checkAddress(cdn, '127.0.0.1'), /cdn\.example\.com resolves to 127\.0\.0\.1, a loopback address; such addresses are refused unless KINORA_SOURCE_HOSTS names that address \(127\.0\.0\.1:443\)/);
  refused(() => hosts.checkAddress(cdn, '169.254.169.254'), /a link-local address/);
  refused(() => hosts.checkAddress(cdn, '192.168.0.10'), /a private address/);
  refused(() => hosts.checkAddress(cdn, 'fd00::1'), /a unique-local address/);
  refused(() => hosts.checkAddress(cdn, '0.0.0.0'), /an? unspecified address/);
  refused(() => hosts.checkAddress(cdn, '::ffff:127.0.0.1'), /loopback/);
  const internal = new URL('https://internal.example.com:9000/a.m3u8');
  hosts.checkAddress(internal, '10.0.0.5');
  refused(() => hosts.checkAddress(internal, '10.0.0.6'), /10\.0\.0\.6, a private address/);
  // The address is named for port 9000 only.
  refused(() => hosts.checkAddress(new URL('https://cdn.example.com/a.m3u8'), '10.0.0.5'), /private/);
});

test('an IP-literal URL is checked against the address rules at once (no lookup will happen)', () => {
  const hosts = new SourceHosts(['10.0.0.5', '127.0.0.1:8080', '[::1]:8080']);
  // Listing the private address itself is how an operator allows it.
  hosts.checkUrl(new URL('https://10.0.0.5/a.m3u8'));
  refused(() => hosts.checkUrl(new URL('https://10.0.0.5:8443/a.m3u8')), /host 10\.0\.0\.5:8443 is not on/);
  hosts.checkUrl(new URL('http://127.0.0.1:8080/a.m3u8'));
  hosts.checkUrl(new URL('http://[::1]:8080/a.m3u8'));
  hosts.checkUrl(new URL('https://127.0.0.1:8080/a.m3u8'));
  refused(() => hosts.checkUrl(new URL('http://127.0.0.2:8080/a.m3u8')), /not on KINORA_SOURCE_HOSTS/);
});

test('plain http:// connects only to loopback addresses the list names', () => {
  const hosts = new SourceHosts(['media.example.com:80', 'localhost:8080', '127.0.0.1:8080', '10.0.0.5:80']);
  const local = new URL('http://localhost:8080/a.m3u8');
  hosts.checkUrl(local);
  hosts.checkAddress(local, '127.0.0.1');
  refused(() => hosts.checkAddress(local, '::1'), /localhost resolves to ::1/);
  const remote = new URL('http://media.example.com/a.m3u8');
  hosts.checkUrl(remote);
  refused(() => hosts.checkAddress(remote, '93.184.216.34'), /plain http:\/\/ is accepted only for loopback addresses named on KINORA_SOURCE_HOSTS/);
  refused(() => hosts.checkUrl(new URL('http://10.0.0.5/a.m3u8')), /plain http:\/\//);
});
