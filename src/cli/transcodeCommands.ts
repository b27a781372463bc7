import { join, resolve } from 'node:path';
import type { KinoraConfig } from '../config/KinoraConfig.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import { createTranscoder } from '../transcode/createTranscoder.ts';
import type { TranscodeJob } from '../transcode/TranscodeJob.ts';
import { EventBus } from '../events/bus/EventBus.ts';
import { createVodAssetFunction } from '../events/functions/createVodAssetFunction.ts';
import { openStores } from '../config/openStores.ts';
import { openCliControlPlane } from './openCliControlPlane.ts';

const FINAL = new Set(['COMPLETE', 'ERROR', 'CANCELED']);

/**
 * `kinora transcode <file|s3://...> [--dest s3://bucket/prefix/] [--template JSON] [--follow]`:
 * submits a job to the data dir's queue. A running server picks it up; with
 * `--follow` this process also works the queue (a lease keeps a job to one
 * worker), draws a live progress bar, routes the job's events through the
 * data dir's rules (so the tutorial rule creates the asset) and exits 0 only
 * when the job is COMPLETE.
 */
export async function transcodeCommand(config: KinoraConfig, input: string, options: { dest?: string; template?: string; follow?: boolean }): Promise<void> {
  const cli = openCliControlPlane(config);
  const { jobStore, eventStore } = cli.stores;
  const bus = new EventBus({ store: eventStore });
  bus.functions.set('create-vod-asset', createVodAssetFunction(cli.control));
  const transcoder = createTranscoder({
    store: jobStore,
    objectStore: cli.kinora.store,
    tempDir: join(config.dataDir, 'tmp', 'transcode'),
    concurrency: 1,
    inputPolicy: { allowLocalFiles: true, allowedHttpsHosts: config.transcodeInputHosts },
    emit: async (event) => void (await bus.emit(event as unknown as Parameters<EventBus['emit']>[0])),
  });
  try {
    const source = /^(s3|https):\/\//.test(input) ? input : resolve(input);
    const template = options.template ? parseJson(options.template, '--template') : undefined;
    const job = await transcoder.submit(source, template, options.dest ?? 's3://media/transcoded/');
    console.log(`job ${job.id} ${job.status} -> ${job.destination}`);
    if (!options.follow) return;
    await bus.start();
    transcoder.start();
    const final = await follow(() => transcoder.get(job.id));
    await bus.whenIdle();
    await cli.ingest.idle();
    if (final.status !== 'COMPLETE') {
      console.error(`job ${final.id} ${final.status}${final.error ? `: ${final.error.code}: ${final.error.message}` : ''}`);
      process.exitCode = 1;
      return;
    }
    for (const group of final.outputGroupDetails ?? []) for (const p of group.playlistFilePaths ?? []) console.log(`  ${p}`);
  } finally {
    await transcoder.stop();
    await bus.close();
    await cli.close();
  }
}

/** Polls the job and redraws one progress line (a bar on a terminal, a line per 10 % otherwise). */
async function follow(read: () => Promise<TranscodeJob | undefined>): Promise<TranscodeJob> {
  const tty = process.stdout.isTTY === true;
  let lastPrinted = -10;
  for (;;) {
    const job = await read();
    if (!job) throw new KinoraError('UNKNOWN_RESOURCE', 'the job disappeared from the queue');
    const percent = job.status === 'COMPLETE' ? 100 : (job.progress?.jobPercentComplete ?? 0);
    const phase = job.progress?.currentPhase ?? job.status;
    if (tty) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${phase.padEnd(12)}`);
    } else if (percent >= lastPrinted + 10 || FINAL.has(job.status)) {
      console.log(`${String(percent).padStart(3)}% ${phase}`);
      lastPrinted = percent;
    }
    if (FINAL.has(job.status)) {
      if (tty) process.stdout.write('\n');
      console.log(`job ${job.id} ${job.status}`);
      return job;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `kinora jobs list | describe <id> | cancel <id>` on the data dir's queue. */
export async function jobsCommand(config: KinoraConfig, verb: string | undefined, id: string | undefined): Promise<boolean> {
  const stores = openStores(config);
  const store = stores.jobStore;
  try {
    if (verb === 'list') {
      for (const j of await store.list({ limit: 100 })) console.log(`${j.id}  ${j.status.padEnd(11)} ${String(j.progress?.jobPercentComplete ?? (j.status === 'COMPLETE' ? 100 : 0)).padStart(3)}%  ${j.input}`);
      return true;
    }
    if (verb === 'describe' && id) {
      const job = await store.get(id);
      if (!job) throw new KinoraError('UNKNOWN_RESOURCE', `no transcode job ${id}`, { subject: id });
      console.log(JSON.stringify(job, null, 2));
      return true;
    }
    if (verb === 'cancel' && id) {
      const cli = openCliControlPlane(config, { stores });
      const transcoder = createTranscoder({ store, objectStore: cli.kinora.store, tempDir: join(config.dataDir, 'tmp', 'transcode'), emit: () => {} });
      try {
        console.log(`job ${(await transcoder.cancel(id)).id} CANCELED`);
      } finally {
        await cli.close();
      }
      return true;
    }
    return false;
  } finally {
    await stores.close();
  }
}

/** `kinora events rules | deliveries | dead-letters | replay <id>` on the data dir's bus. */
export async function eventsCommand(config: KinoraConfig, verb: string | undefined, id: string | undefined): Promise<boolean> {
  const stores = openStores(config);
  const bus = new EventBus({ store: stores.eventStore });
  try {
    if (verb === 'rules') {
      const { Rules } = await bus.rules.listRules({});
      for (const r of Rules ?? []) console.log(`${r.Name}  ${r.State}  ${r.EventPattern}`);
    } else if (verb === 'deliveries') {
      for (const d of await bus.listDeliveries()) console.log(JSON.stringify(d));
    } else if (verb === 'dead-letters') {
      for (const d of await bus.listDeadLetters()) console.log(JSON.stringify(d));
    } else if (verb === 'replay' && id) {
      const cli = openCliControlPlane(config, { stores });
      bus.functions.set('create-vod-asset', createVodAssetFunction(cli.control));
      try {
        await bus.start();
        const delivery = await bus.replayDeadLetter(id);
        console.log(JSON.stringify(await bus.waitForDelivery(delivery.id)));
        await cli.ingest.idle();
      } finally {
        await cli.close();
      }
    } else return false;
    return true;
  } finally {
    await bus.close();
    await stores.close();
  }
}

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KinoraError('INVALID_REQUEST', `${flag} must be JSON`);
  }
}
