import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestS3rver {
  /** `http://127.0.0.1:<port>`, for `KINORA_S3_ENDPOINT` / `s3Endpoint`. */
  endpoint: string;
  /** The only key id s3rver accepts (for SigV4 it checks the key id, not the signature). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  close(): Promise<void>;
}

/**
 * Runs in the child: s3rver on 127.0.0.1, a free port, path-style only (bucket names never have to resolve as host names). It
 * prints its port, and exits when its standard input closes, so it cannot
 * outlive the test process.
 */
const childScript = `
const S3rver = require(process.argv[1]);
const [directory, buckets] = [process.argv[2], JSON.parse(process.argv[3])];
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false, configureBuckets: buckets.map((name) => ({ name })) });
server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'), (e) => { console.error(e); process.exit(1); });
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

/**
 * A real S3 protocol server (s3rver) in a child process, storing into a fresh
 * temporary directory that `close()` removes; `buckets` exist before it
 * answers. A child process because s3rver encrypts ListObjectsV2 continuation
 * tokens with DES, which Node's OpenSSL 3 offers only with
 * `--openssl-legacy-provider`: in-process, every paginated listing would be a 500.
 */
export async function startS3rver(options: { buckets?: string[] } = {}): Promise<TestS3rver> {
  const directory = mkdtempSync(join(tmpdir(), 'kinora-s3rver-'));
  const modulePath = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', childScript, modulePath, directory, JSON.stringify(options.buckets ?? [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  };
  let port: number;
  try {
    const lines = createInterface({ input: child.stdout });
    const died = exited.then(([code]) => Promise.reject(new Error(`s3rver exited with code ${code} before listening`)));
    died.catch(() => {}); // once listening, its later exit is expected
    const first = await Promise.race([once(lines, 'line').then(([line]) => line as string), died]);
    port = (JSON.parse(first) as { port: number }).port;
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    region: 'us-east-1',
    close: stop,
  };
}
