import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ConsoleOptions {
  /** The built console (`npm run build:console` writes dist/console); default: dist/console of this checkout. */
  root?: string;
}

/** Vite's `build.assetsDir` (console/vite.config.ts): not `assets`, which is a page of the console. */
const ASSETS_DIR = '_app';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page's rules: scripts and styles only from the console itself; media,
 * manifests and segments from anywhere (the player plays other servers'
 * URLs too), through MSE `blob:` URLs; players' workers from `blob:`.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data: http: https:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the web console (console/, built by Vite into `root`) at
 * `/console`: hashed files under `/console/_app/` with a one-year
 * immutable cache, and `index.html` (never cached) for every other path
 * under `/console`, where the single-page app routes (`/console/player`,
 * `/console/assets/<id>`...). A missing build is a 503 that says how to make
 * it. The console itself calls only the public APIs, signed with the
 * user's key, so this plugin needs nothing from the rest of the server.
 */
export function registerConsole(app: FastifyInstance, options: ConsoleOptions = {}): void {
  const root = resolve(options.root ?? join(import.meta.dirname, '../../dist/console'));
  const handler = (request: FastifyRequest, reply: FastifyReply) => serveConsole(root, request, reply);
  app.get('/console', handler);
  app.get('/console/*', handler);
}

async function serveConsole(root: string, request: FastifyRequest, reply: FastifyReply) {
  reply.header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'same-origin');
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    return reply
      .code(503)
      .header('Content-Type', 'text/plain; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(`The Kinora console is not built: run \`npm run build:console\` (it writes ${root}), then reload this page.\n`);
  }
  const path = decodePath((request.raw.url ?? '/console').split('?')[0]);
  if (path === undefined) return reply.code(400).header('Content-Type', 'text/plain; charset=utf-8').send('Bad path.\n');
  const rest = path.slice('/console'.length).replace(/^\/+/, '');

  // Built files: served as they are; a missing one is a real 404, never the app.
  if (rest.startsWith(`${ASSETS_DIR}/`) || (rest !== '' && extname(rest) !== '' && !rest.includes('/'))) {
    const file = resolve(root, rest);
    if (!file.startsWith(root + sep) || !isFile(file)) {
      return reply.code(404).header('Content-Type', 'text/plain; charset=utf-8').send(`No console file ${rest}.\n`);
    }
    const hashed = rest.startsWith(`${ASSETS_DIR}/`);
    return reply
      .header('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
      .header('Content-Length', statSync(file).size)
      .header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  }

  // Any other path is a page of the single-page app.
  return reply
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Cache-Control', 'no-cache')
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Frame-Options', 'DENY')
    .send(await readFile(index));
}

function decodePath(raw: string): string | undefined {
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
