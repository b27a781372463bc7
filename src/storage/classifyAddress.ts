import { BlockList, isIP } from 'node:net';

/** Why an address is not a public unicast one; `undefined` from `classifyAddress` means public. */
export type AddressClass = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'shared' | 'multicast' | 'reserved';

const ranges: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  // RFC 1122 3.2.1.3: "this host on this network"; connecting to 0.0.0.0 reaches the local host.
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  // RFC 1918 3.
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // RFC 3927: 169.254.169.254 is the cloud metadata service, the classic SSRF target.
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  // RFC 6598 carrier-grade NAT: not reachable from the internet, often internal.
  ['shared', '100.64.0.0', 10, 'ipv4'],
  // RFC 6890: protocol assignments, documentation (TEST-NET-1..3), benchmarking.
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  // 240/4 (RFC 1112 "future use"), including the limited broadcast 255.255.255.255.
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  // RFC 4291 2.5.2, 2.5.3.
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  // RFC 4291 2.5.5.1: IPv4-compatible (deprecated); ::ffff:0:0/96 (IPv4-mapped) is classified by its IPv4 address below.
  ['reserved', '::', 96, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  // RFC 3879: deprecated site-local, still routed inside some networks.
  ['private', 'fec0::', 10, 'ipv6'],
  // RFC 4193 unique local addresses, IPv6's private space.
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // RFC 6666 discard prefix, RFC 3849 documentation.
  ['reserved', '100::', 64, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
];

const lists = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of ranges) {
  let list = lists.get(kind);
  if (!list) lists.set(kind, (list = new BlockList()));
  list.addSubnet(network, prefix, family);
}

/**
 * Classifies an IP address that a source host resolved to: `undefined` for a
 * public unicast address, else the kind of non-public address it is
 * (loopback, RFC 1918 private, link-local, RFC 4193 unique local, the
 * unspecified address, ...). IPv4 addresses carried inside IPv6 (IPv4-mapped
 * `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96` of RFC 6052, 6to4 `2002::/16` of
 * RFC 3056) are classified by the IPv4 address they reach. Anything that is
 * not an IP address at all is `reserved`: refused like the rest.
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) return classifyAddress(embedded);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // `unspecified` (::/128) and `loopback` (::1) sit inside the IPv4-compatible ::/96: kinds are tried in table order.
  for (const [kind, list] of lists) {
    if (list.check(address, type)) return kind;
  }
  return undefined;
}

/** The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address, if it is one. */
function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (with `::` and a trailing dotted IPv4 part expanded). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number);
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':').map((w) => Number.parseInt(w, 16)));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const words = halves.length === 2 ? [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail] : head;
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}
