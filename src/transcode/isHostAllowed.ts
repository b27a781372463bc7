/**
 * Whether `hostname` is on an allow-list of exact host names and
 * `*.suffix` wildcards (which match subdomains, not the bare suffix).
 * Case-insensitive; a trailing dot (`example.com.`) is ignored.
 */
export function isHostAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return false;
  return allowList.some((entry) => {
    const pattern = entry.toLowerCase().replace(/\.$/, '');
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
  });
}
