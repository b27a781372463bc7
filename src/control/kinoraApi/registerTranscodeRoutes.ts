import type { FastifyInstance } from 'fastify';
import { rawBodyOf } from '../../auth/rawBodyOf.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import type { Transcoder } from '../../transcode/createTranscoder.ts';
import type { JobStatus } from '../../transcode/TranscodeJob.ts';
import { readChoiceParameter, readIntegerParameter } from './queryParameters.ts';
import { sendJson } from './sendJson.ts';
import { toJobView } from './toJobView.ts';

const JOB_STATUSES: readonly JobStatus[] = ['SUBMITTED', 'PROGRESSING', 'COMPLETE', 'ERROR', 'CANCELED'];

/**
 * The transcoder over HTTP, MediaConvert's CreateJob/ListJobs/GetJob/CancelJob
 * in Kinora's JSON: `POST /transcode/jobs` `{input, destination, template?,
 * userMetadata?}` (201), `GET /transcode/jobs[?status=&limit=]` (newest
 * first), `GET /transcode/jobs/{id}` (with live progress), `POST
 * /transcode/jobs/{id}/cancel`. Inputs are `s3://bucket/key` objects (or
 * https:// URLs on the transcoder's allow-list): a local path is refused
 * here whatever the transcoder's input policy, so an API caller can never
 * make the server read its own disk.
 */
export function registerTranscodeRoutes(scope: FastifyInstance, deps: { transcoder: Pick<Transcoder, 'submit' | 'get' | 'list' | 'cancel'> }): void {
  const t = deps.transcoder;

  scope.post('/transcode/jobs', async (request, reply) => {
    const body = jsonBodyOf(rawBodyOf(request));
    const { input, destination, template, userMetadata } = body as { input?: unknown; destination?: unknown; template?: unknown; userMetadata?: unknown };
    if (typeof input !== 'string' || !/^(s3|https):\/\//.test(input)) {
      throw new KinoraError('INVALID_REQUEST', `input must be s3://bucket/key (or an allow-listed https:// URL), found ${JSON.stringify(input ?? null)}: local paths are not accepted through the API`, { subject: 'input' });
    }
    if (typeof destination !== 'string') throw new KinoraError('INVALID_REQUEST', `destination must be s3://bucket/prefix/ or s3://bucket/prefix/name, found ${JSON.stringify(destination ?? null)}`, { subject: 'destination' });
    const job = await t.submit(input, template, destination, userMetadata === undefined ? {} : { userMetadata: userMetadata as Record<string, string> });
    return sendJson(reply, 201, { job: toJobView(job) });
  });

  scope.get('/transcode/jobs', async (request, reply) => {
    const status = readChoiceParameter(request.query, 'status', JOB_STATUSES);
    const limit = readIntegerParameter(request.query, 'limit', { min: 1, max: 1000 }) ?? 100;
    const jobs = await t.list({ status, limit });
    return sendJson(reply, 200, { jobs: jobs.map(toJobView) });
  });

  scope.get('/transcode/jobs/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const job = await t.get(id);
    if (!job) throw new KinoraError('UNKNOWN_RESOURCE', `no transcode job ${id}`, { subject: id });
    return sendJson(reply, 200, { job: toJobView(job) });
  });

  scope.post('/transcode/jobs/:id/cancel', async (request, reply) => {
    const job = await t.cancel((request.params as { id: string }).id);
    return sendJson(reply, 200, { job: toJobView(job) });
  });
}

/** A JSON object body (parsed after the signature was checked); `{}` when empty. */
function jsonBodyOf(raw: Uint8Array): Record<string, unknown> {
  if (raw.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (e) {
    throw new KinoraError('INVALID_REQUEST', `the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new KinoraError('INVALID_REQUEST', 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}
