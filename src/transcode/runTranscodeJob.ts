import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import { discardObjects } from './discardObjects.ts';
import { fetchInput } from './fetchInput.ts';
import type { InputPolicy } from './InputLocation.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import { planFfmpegArgs } from './planFfmpegArgs.ts';
import { planOutputLocation } from './planOutputLocation.ts';
import { planRenditions } from './planRenditions.ts';
import { probeInput } from './probeInput.ts';
import { publishOutput } from './publishOutput.ts';
import { readInputLocation } from './readInputLocation.ts';
import { runFfmpeg } from './runFfmpeg.ts';
import type { JobProgress, TranscodeJob } from './TranscodeJob.ts';

/** Share of `jobPercentComplete` each phase covers: probing (with the input download) 0-5, transcoding 5-90, uploading 90-100. */
const PHASE_SPAN = { PROBING: [0, 5], TRANSCODING: [5, 90], UPLOADING: [90, 100] } as const;

/** Bucket prefix under which outputs are staged before publication (see `publishOutput`). */
export const STAGING_PREFIX = '.kinora-staging/';

/** What one attempt at a job needs from its surroundings. */
export interface JobRunContext {
  objectStore: ObjectStore;
  inputPolicy: InputPolicy;
  /** Local work folder root; the attempt works in `<tempDir>/<jobId>/attempt-<n>/`. */
  tempDir: string;
  attempt: number;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
  /** Throws when the job must not be published (canceled, lease lost). */
  beforePublish: () => Promise<void>;
  /** Failures the attempt survives without changing its outcome: staged objects that could not be deleted. */
  onError: (error: unknown, context: string) => void;
  ffmpegPath?: string;
  ffprobePath?: string;
  maxInputBytes?: number;
  fetch?: typeof fetch;
}

/**
 * Runs one attempt at a job, from scratch: discards what earlier attempts
 * left (local work folders, staged objects), fetches and probes the input,
 * runs ffmpeg, publishes the output (`publishOutput`) and returns the
 * COMPLETE event's `outputGroupDetails`. Throws a TranscodeError for a
 * failed job, or the abort reason when `signal` fires. Its own work folder
 * and staged objects (`.kinora-staging/<job>/<attempt>/`) are removed
 * however it ends: published, failed or canceled. Deleting staged objects is
 * cleanup: a failure goes to `ctx.onError` and never changes the result (a
 * published job stays COMPLETE); what is left is discarded by the job's next
 * attempt if it has one.
 */
export async function runTranscodeJob(job: TranscodeJob, ctx: JobRunContext): Promise<OutputGroupDetail[]> {
  const { signal } = ctx;
  const jobDir = join(ctx.tempDir, job.id);
  const workDir = join(jobDir, `attempt-${ctx.attempt}`);
  const outputDir = join(workDir, 'out');
  const report = (phase: JobProgress['currentPhase'], phasePercent: number, framesDecoded?: number) => {
    const [from, to] = PHASE_SPAN[phase];
    const p: JobProgress = { currentPhase: phase, phasePercentComplete: clamp(phasePercent), jobPercentComplete: clamp(from + ((to - from) * phasePercent) / 100) };
    if (framesDecoded !== undefined) p.framesDecoded = framesDecoded;
    ctx.onProgress(p);
  };

  const location = planOutputLocation(job.destination, job.input);
  const stagingPrefix = `${STAGING_PREFIX}${job.id}/${ctx.attempt}/`;
  await discardEarlierAttempts(jobDir, workDir);
  // Earlier attempts staged under their own numbers; a failure here only leaves their objects for later.
  await discardObjects(ctx.objectStore, location.bucket, `${STAGING_PREFIX}${job.id}/`, (error, context) => ctx.onError(error, `${context} (objects earlier attempts at job ${job.id} staged)`));
  await mkdir(outputDir, { recursive: true });
  try {
    report('PROBING', 0);
    const input = readInputLocation(job.input, ctx.inputPolicy);
    const extension = /^\.[A-Za-z0-9]{1,8}$/.test(extname(job.input.replace(/[?#].*$/, ''))) ? extname(job.input.replace(/[?#].*$/, '')) : '';
    const inputPath = await fetchInput(input, job.input, join(workDir, `input${extension}`), {
      objectStore: ctx.objectStore, policy: ctx.inputPolicy, signal, maxBytes: ctx.maxInputBytes, fetch: ctx.fetch,
    });
    signal.throwIfAborted();
    const probe = await probeInput(inputPath, job.input, { ffprobePath: ctx.ffprobePath, signal });
    report('TRANSCODING', 0);

    const renditions = planRenditions(job.template, probe);
    const audio = probe.audio ? job.template.audio : null;
    const args = planFfmpegArgs({ inputPath, probe, template: job.template, renditions, outputDir, baseName: location.baseName });
    let frames: number | undefined;
    await runFfmpeg(args, job.input, {
      ffmpegPath: ctx.ffmpegPath,
      signal,
      onProgress: (p) => {
        frames = p.frame ?? frames;
        if (p.outTimeUs === undefined) return;
        // Never 100 before ffmpeg has exited successfully: the tail of the encode may still fail.
        report('TRANSCODING', Math.min(99, (p.outTimeUs / 1e6 / probe.durationSeconds) * 100), frames);
      },
    });
    report('UPLOADING', 0, frames);

    const group = await publishOutput({
      objectStore: ctx.objectStore, location, stagingPrefix, outputDir, renditions, audio, signal,
      beforePublish: ctx.beforePublish,
      onProgress: (fraction) => report('UPLOADING', Math.min(99, fraction * 100), frames),
    });
    return [group];
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await rmdir(jobDir).catch(() => {});
    await discardObjects(ctx.objectStore, location.bucket, stagingPrefix, (error, context) => ctx.onError(error, `${context} (objects attempt ${ctx.attempt} at job ${job.id} staged)`));
  }
}

/** Removes work folders of earlier attempts at this job (their worker died or gave up). */
async function discardEarlierAttempts(jobDir: string, keep: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(jobDir);
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(jobDir, e);
    if (path !== keep) await rm(path, { recursive: true, force: true });
  }
  await rm(keep, { recursive: true, force: true });
}

function clamp(percent: number): number {
  return Math.max(0, Math.min(100, Math.round(percent * 10) / 10));
}
