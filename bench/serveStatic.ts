/**
 * Benchmark child: the baseline. A plain `node:http` server that answers
 * `GET <path>` with the file `<root>/<path>` read from disk per request
 * (no in-process cache; the OS page cache is warm, as it would be for nginx).
 * Serves the very bytes Kinora packaged, so the comparison is JIT packaging
 * versus "the segments already exist on disk".
 *
 * `node bench/serveStatic.ts <root>` prints `{ ready, pid, baseUrl }` as one
 * JSON line, then serves until SIGTERM or until stdin closes.
 */
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: serveStatic.ts <root>\n');
  process.exit(2);
}

const server = http.createServer(async (request, response) => {
  const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0]));
  if (request.method !== 'GET' || path.includes('..')) {
    response.writeHead(400).end();
    return;
  }
  try {
    const body = await readFile(join(root, path));
    response.writeHead(200, {
      'Content-Type': path.endsWith('.m4s') ? 'video/mp4' : 'application/octet-stream',
      'Content-Length': body.byteLength,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Access-Control-Allow-Origin': '*',
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, baseUrl: `http://127.0.0.1:${port}` })}\n`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown).resume();
