import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/Catalog.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import { readSourceIndex } from '../../media/index/readSourceIndex.ts';
import { describeSourceIndex } from './describeSourceIndex.ts';
import { sendJson } from './sendJson.ts';

/**
 * `GET /assets/{id}/source`: the source as ingest indexed it
 * (`describeSourceIndex`), with the asset's id, source and status. An
 * unknown asset is ASSET_NOT_FOUND (404); one without an index yet (QUEUED,
 * PROCESSING) or whose ingest failed is ASSET_NOT_READY (404) saying which.
 */
export function registerAssetSourceRoute(scope: FastifyInstance, deps: { catalog: Pick<Catalog, 'getAsset' | 'getAssetIndex'> }): void {
  scope.get('/assets/:id/source', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const asset = await deps.catalog.getAsset(id);
    if (!asset) throw new KinoraError('ASSET_NOT_FOUND', `no asset ${id}`, { subject: id });
    const bytes = await deps.catalog.getAssetIndex(id);
    if (!bytes) {
      const why = asset.status === 'FAILED' ? `its ingest failed${asset.statusReason ? `: ${asset.statusReason}` : ''}` : `it is ${asset.status}: the source is described once ingest completes`;
      throw new KinoraError('ASSET_NOT_READY', `asset ${id} has no source index, ${why}`, { subject: id });
    }
    const summary = describeSourceIndex(readSourceIndex(bytes));
    return sendJson(reply, 200, { assetId: asset.id, sourceArn: asset.sourceArn, status: asset.status, ...summary });
  });
}
