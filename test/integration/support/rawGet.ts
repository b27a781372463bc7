import { request } from 'node:http';

/**
 * GET with the request target sent byte for byte. `inject()` and `fetch()`
 * parse the URL first (WHATWG), which resolves `..`, `%2e%2e` and `\` before
 * the origin sees them; path-safety tests need what a hostile client sends.
 */
export function rawGet(baseUrl: string, target: string): Promise<{ statusCode: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: 'GET', path: target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
