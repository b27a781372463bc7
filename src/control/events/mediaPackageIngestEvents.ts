import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../catalog/Catalog.ts';
import type { AssetRecord } from '../../catalog/records.ts';
import { ARN_ACCOUNT, ARN_REGION } from '../../catalog/arns.ts';
import { egressUrls } from '../../origin/egressUrls.ts';
import type { IngestObserver } from '../../ingest/ingestAsset.ts';
import type { EventBridgeEvent } from '../../events/EventBridgeEvent.ts';
import type { EventSink } from './EventSink.ts';

/**
 * MediaPackage VOD's ingest events [UG:cloudwatch-events-example], as an
 * `IngestObserver`: `source: aws.mediapackage`, `detail-type: MediaPackage
 * Input Notification`, `detail.event` IngestStart / IngestComplete /
 * IngestError with `resources: [asset ARN]`, then one `VodAssetPlayable` per
 * packaging configuration of the asset's group whose endpoint did not fail
 * (a configuration whose keys failed had its KeyProviderError instead), with
 * `detail.packaging_configuration_id`, `detail.manifest_urls` and
 * `resources: [asset ARN, configuration ARN]`.
 */
export function mediaPackageIngestEvents(deps: { catalog: Catalog; sink: EventSink; publicUrl(): string }): IngestObserver {
  const emit = (asset: AssetRecord, detail: Record<string, unknown>, resources: string[] = [asset.arn]) => deps.sink.emit(envelope(resources, detail));
  return {
    async started(asset) {
      await emit(asset, { event: 'IngestStart', message: `Ingest started for asset '${asset.id}'` });
    },
    async failed(asset, reason) {
      await emit(asset, { event: 'IngestError', message: `Ingest failed for asset '${asset.id}': ${reason}` });
    },
    async completed(asset) {
      await emit(asset, { event: 'IngestComplete', message: `Ingest completed for asset '${asset.id}'` });
      const group = await deps.catalog.getGroup(asset.packagingGroupId);
      if (!group) return;
      for (const c of await deps.catalog.listConfigurations(group.id)) {
        if (asset.endpointFailures?.[c.hash] !== undefined) continue;
        const manifestUrls = egressUrls(deps.publicUrl(), group, [c], asset).map((e) => e.url);
        await emit(
          asset,
          {
            event: 'VodAssetPlayable',
            message: `Asset '${asset.id}' is now playable for PackagingConfiguration '${c.id}'`,
            packaging_configuration_id: c.id,
            manifest_urls: manifestUrls,
          },
          [asset.arn, c.arn],
        );
      }
    },
  };
}

function envelope(resources: string[], detail: Record<string, unknown>): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaPackage Input Notification',
    source: 'aws.mediapackage',
    account: ARN_ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: ARN_REGION,
    resources,
    detail,
  };
}
