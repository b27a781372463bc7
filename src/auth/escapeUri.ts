/** RFC 3986 encoding for SigV4: everything but unreserved characters (`A-Za-z0-9-._~`). */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
