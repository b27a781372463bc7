import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyAddress } from '../../../src/storage/classifyAddress.ts';

test('public unicast addresses are unclassified', () => {
  for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1']) {
    assert.equal(classifyAddress(a), undefined, a);
  }
});

test('loopback, private, link-local, unique local and unspecified addresses are named', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fec0::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
  ];
  for (const [address, kind] of cases) assert.equal(classifyAddress(address), kind, address);
});

test('IPv4 inside IPv6 (mapped, NAT64, 6to4) is classified by the IPv4 address it reaches', () => {
  assert.equal(classifyAddress('::ffff:127.0.0.1'), 'loopback');
  assert.equal(classifyAddress('::ffff:7f00:1'), 'loopback');
  assert.equal(classifyAddress('::FFFF:A9FE:A9FE'), 'link-local');
  assert.equal(classifyAddress('64:ff9b::10.0.0.1'), 'private');
  assert.equal(classifyAddress('64:ff9b::a00:1'), 'private');
  assert.equal(classifyAddress('2002:c0a8:101::1'), 'private');
});

test('something that is not an IP address is refused as reserved', () => {
  assert.equal(classifyAddress('localhost'), 'reserved');
  assert.equal(classifyAddress(''), 'reserved');
});
