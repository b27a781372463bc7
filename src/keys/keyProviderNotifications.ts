import { randomUUID } from 'node:crypto';
import { ARN_ACCOUNT, ARN_REGION } from '../catalog/arns.ts';
import type { EventSink } from '../control/events/EventSink.ts';
import type { KeyProviderFailure } from './ContentKeys.ts';

/** At most one event per asset and configuration in this long: a failing key server must not turn every player request into an event. */
const DEFAULT_QUIET_MS = 60_000;
const MAX_TRACKED = 10_000;

/**
 * MediaPackage's key provider notification [UG:cloudwatch-events-example,
 * "Key provider notification events"], as a `ContentKeys.onFailure`
 * listener: `source: aws.mediapackage`, `detail-type: MediaPackage Key
 * Provider Notification`, `detail.event: KeyProviderError` with a message
 * naming the asset, the configuration, the key provider and what went
 * wrong, and `resources: [asset ARN, packaging configuration ARN]` (as
 * VodAssetPlayable names them; MediaPackage's live example names the
 * endpoint). Emitted through the server's event sink, at most once per
 * asset and configuration every `quietMs` while the failures go on.
 * Emission is best effort: a sink that fails is ignored.
 */
export function keyProviderNotifications(sink: EventSink, options: { quietMs?: number; now?: () => number } = {}): (failure: KeyProviderFailure) => void {
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  const now = options.now ?? Date.now;
  const last = new Map<string, number>();
  return ({ asset, configuration, url, error }) => {
    const key = `${asset.hash}/${configuration.hash}`;
    const at = now();
    const previous = last.get(key);
    if (previous !== undefined && at - previous < quietMs) return;
    last.delete(key);
    if (last.size >= MAX_TRACKED) last.delete(last.keys().next().value!);
    last.set(key, at);
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'MediaPackage Key Provider Notification',
      source: 'aws.mediapackage',
      account: ARN_ACCOUNT,
      time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: ARN_REGION,
      resources: [asset.arn, configuration.arn],
      detail: {
        event: 'KeyProviderError',
        message: `Failed to get content keys from key provider ${url} for asset '${asset.id}' and PackagingConfiguration '${configuration.id}': ${error.message}`,
        packaging_configuration_id: configuration.id,
      },
    };
    try {
      Promise.resolve(sink.emit(event)).catch(() => {});
    } catch {
      // Best effort, as MediaPackage's events are.
    }
  };
}
