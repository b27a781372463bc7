/** event-ruler's `Constants.IPv4_REGEX` and `IPv6_REGEX` (whole-string matches). */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** True when the text has the shape the ruler treats as an IP address literal. */
export function looksLikeIpAddress(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/**
 * The bytes of an IPv4 (4 bytes, dotted decimal) or IPv6 (16 bytes, RFC 4291
 * 2.2 text forms 1 and 2) address literal, or `undefined` when the text is
 * not one. Embedded IPv4 (form 3) is refused, as the ruler's shape check does.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (IPV4_SHAPE.test(text)) {
    const parts = text.split('.');
    const bytes = new Uint8Array(4);
    for (let i = 0; i < 4; i++) {
      if (parts[i].length > 3) return undefined;
      const n = Number(parts[i]);
      if (n > 255) return undefined;
      bytes[i] = n;
    }
    return bytes;
  }
  if (!IPV6_SHAPE.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(groups[i])) return undefined;
    const n = parseInt(groups[i], 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  }
  return bytes;
}

/** Compares two addresses of the same length, byte by byte. */
export function compareIpAddresses(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
