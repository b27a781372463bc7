import { isIP } from 'node:net';
import { KinoraError } from '../errors/KinoraError.ts';
import { classifyAddress } from './classifyAddress.ts';

interface Entry {
  /** As `URL#hostname` spells it: lowercase name, dotted IPv4, bracketed IPv6. */
  hostname: string;
  /** Absent: the scheme's default port (443 for https, 80 for http) only. */
  port?: number;
}

/**
 * The hosts `https://` sources may be read from (`KINORA_SOURCE_HOSTS`:
 * comma-separated `host` or `host:port`, IPv6 as `[addr]:port`). A source
 * URL is read only when
 *
 * 1. its scheme is `https:`, or `http:` for the loopback case below;
 * 2. its host and port are on the list (`host` alone means the scheme's
 *    default port; `host:port` that port);
 * 3. every address the host resolves to, at the moment of connecting, is a
 *    public unicast address, or is itself named on the list with that port.
 *    Loopback, RFC 1918 private, link-local, unique local, unspecified and
 *    other non-public addresses are refused otherwise, so a listed name that
 *    later resolves to 127.0.0.1 or 169.254.169.254 (DNS rebinding) reads
 *    nothing. `HttpsSource` calls `checkAddress` from its connection lookup,
 *    so the address checked is the address connected to.
 *
 * Plain `http://` is accepted only when the connection goes to a loopback
 * address named on the list: for tests and local setups (a media server on
 * the same machine), never across a network.
 */
export class SourceHosts {
  private readonly entries: Entry[];

  /** Throws INVALID_REQUEST naming a malformed entry. */
  constructor(entries: readonly string[]) {
    this.entries = entries.map((e) => e.trim()).filter((e) => e !== '').map(readEntry);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The list as configured (normalised), for messages. */
  describe(): string {
    return this.entries.map((e) => (e.port === undefined ? e.hostname : `${e.hostname}:${e.port}`)).join(',');
  }

  /**
   * Refuses (SOURCE_FORBIDDEN naming `url`) a URL that rules 1 and 2 exclude;
   * for an IP-literal host also applies rule 3, as no name lookup will.
   */
  checkUrl(url: URL): void {
    const href = url.href;
    const fail = (why: string): never => {
      throw new KinoraError('SOURCE_FORBIDDEN', `${href}: ${why}`, { subject: href });
    };
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`the ${url.protocol} scheme is not a web source`);
    if (url.username !== '' || url.password !== '') fail('credentials in source URLs are refused');
    if (this.isEmpty) fail('https sources are off: KINORA_SOURCE_HOSTS lists no hosts');
    if (!this.names(url.hostname, url)) fail(`host ${hostPort(url)} is not on KINORA_SOURCE_HOSTS (${this.describe()})`);
    if (isIP(bare(url.hostname))) this.checkAddress(url, bare(url.hostname));
  }

  /** Rule 3 for one address `url`'s host resolved to: SOURCE_FORBIDDEN naming `url` and the address when refused. */
  checkAddress(url: URL, address: string): void {
    const href = url.href;
    const kind = classifyAddress(address);
    const named = this.names(isIP(address) === 6 ? new URL(`http://[${address.split('%')[0]}]/`).hostname : address, url);
    if (url.protocol === 'http:' && !(kind === 'loopback' && named)) {
      throw new KinoraError(
        'SOURCE_FORBIDDEN',
        `${href}: ${url.hostname} resolves to ${address}; plain http:// is accepted only for loopback addresses named on KINORA_SOURCE_HOSTS (tests and local setups)`,
        { subject: href },
      );
    }
    if (kind !== undefined && !named) {
      throw new KinoraError(
        'SOURCE_FORBIDDEN',
        `${href}: ${url.hostname} resolves to ${address}, a ${kind} address; such addresses are refused unless KINORA_SOURCE_HOSTS names that address (${address}:${portOf(url)})`,
        { subject: href },
      );
    }
  }

  /** Whether an entry names `hostname` on `url`'s port (an entry without a port names the scheme's default port). */
  private names(hostname: string, url: URL): boolean {
    const port = portOf(url);
    const defaultPort = url.protocol === 'http:' ? 80 : 443;
    return this.entries.some((e) => e.hostname === hostname && (e.port ?? defaultPort) === port);
  }
}

function readEntry(entry: string): Entry {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
  const fail = (): never => {
    throw new KinoraError('INVALID_REQUEST', `KINORA_SOURCE_HOSTS entry "${entry}" must be a host name, an IP address or host:port (IPv6 as [address]:port)`);
  };
  if (!m) return fail();
  let hostname: string;
  try {
    // The WHATWG parser spells hosts the way source URLs will be spelled: lowercase, IPv4 in dotted form, IPv6 compressed.
    hostname = new URL(`https://${m[1]}/`).hostname;
  } catch {
    return fail();
  }
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) fail();
  return port === undefined ? { hostname } : { hostname, port };
}

function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}

function bare(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function hostPort(url: URL): string {
  return `${url.hostname}:${portOf(url)}`;
}
