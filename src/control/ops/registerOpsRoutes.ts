import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/Catalog.ts';
import { HttpMetrics } from './HttpMetrics.ts';

/**
 * Operations endpoints, unauthenticated (bind to a private address or keep
 * them behind the proxy): `GET /healthz` (200 `{"status":"ok"}` when the
 * catalog answers, else 503) and `GET /metrics` (Prometheus: request counts
 * and latency by route and status from `metrics`, assets by status,
 * ingests queued or running). Adds the root `onResponse` hook that feeds
 * `metrics`, so it must be called on the root instance.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: { catalog: Catalog; metrics?: HttpMetrics; ingestQueueSize?: () => number }): HttpMetrics {
  const metrics = deps.metrics ?? new HttpMetrics();
  app.addHook('onRequest', async (request) => {
    (request as any).kinoraMetricsStart = performance.now();
  });
  app.addHook('onResponse', async (request, reply) => {
    const started = (request as any).kinoraMetricsStart as number | undefined;
    const seconds = started === undefined ? 0 : (performance.now() - started) / 1000;
    metrics.observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, seconds);
  });

  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.catalog.countGroups();
      return reply.code(200).header('Cache-Control', 'no-store').send({ status: 'ok' });
    } catch (e: any) {
      return reply.code(503).header('Cache-Control', 'no-store').send({ status: 'unavailable', reason: `catalog: ${e?.message ?? e}` });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const lines = [metrics.render().trimEnd()];
    const byStatus = await deps.catalog.countAssetsByStatus();
    lines.push('# HELP kinora_assets Assets in the catalog, by status.', '# TYPE kinora_assets gauge');
    for (const [status, n] of Object.entries(byStatus)) lines.push(`kinora_assets{status="${status}"} ${n}`);
    if (deps.ingestQueueSize) {
      lines.push('# HELP kinora_ingest_queue Ingests queued or running.', '# TYPE kinora_ingest_queue gauge', `kinora_ingest_queue ${deps.ingestQueueSize()}`);
    }
    return reply.code(200).header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8').header('Cache-Control', 'no-store').send(`${lines.join('\n')}\n`);
  });
  return metrics;
}
