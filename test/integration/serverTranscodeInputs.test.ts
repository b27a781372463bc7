/**
 * The server's transcoder takes `https://` inputs from the hosts
 * KINORA_TRANSCODE_INPUT_HOSTS lists, and refuses others at submit with a
 * message naming the list; without the setting only `s3://` inputs (and never
 * the server's own disk) are accepted.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { KinoraError } from '../../src/errors/KinoraError.ts';

const servers: KinoraServer[] = [];
const dirs: string[] = [];

async function start(env: Record<string, string>): Promise<KinoraServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-transcode-inputs-'));
  dirs.push(dataDir);
  const server = await startKinoraServer({ config: { ...configFromEnv(env), dataDir, port: 0 }, listen: false, accessLog: () => {}, events: new MemoryEventSink() });
  servers.push(server);
  return server;
}

after(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const refused = (pattern: RegExp) => (e: unknown) => e instanceof KinoraError && e.code === 'INVALID_REQUEST' && pattern.test(e.message);

test('a host off KINORA_TRANSCODE_INPUT_HOSTS is refused at submit, naming the list; a listed one is taken', async () => {
  const server = await start({ KINORA_TRANSCODE_INPUT_HOSTS: 'media.example.com,*.cdn.example.net' });
  await assert.rejects(server.transcoder.submit('https://elsewhere.example.org/in.mp4', undefined, 's3://media/out/'), refused(/elsewhere\.example\.org is not on the transcoder's allow-list of input hosts \(media\.example\.com, \*\.cdn\.example\.net\)/));
  await assert.rejects(server.transcoder.submit('/etc/passwd', undefined, 's3://media/out/'), refused(/local files are not accepted/));
  const job = await server.transcoder.submit('https://eu.cdn.example.net/in.mp4', undefined, 's3://media/out/');
  assert.equal(job.input, 'https://eu.cdn.example.net/in.mp4');
  await server.transcoder.cancel(job.id);
});

test('without the setting, https inputs are refused and the message says the list is empty', async () => {
  const server = await start({});
  await assert.rejects(server.transcoder.submit('https://media.example.com/in.mp4', undefined, 's3://media/out/'), refused(/allow-list of input hosts, which is empty/));
});
