import type { FastifyReply } from 'fastify';

/** Answers `body` as JSON with `status` (every answer of the Kinora API, errors included). */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}
