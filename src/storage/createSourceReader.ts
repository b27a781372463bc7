import { join } from 'node:path';
import type { ObjectStore } from './ObjectStore.ts';
import { SourcePolicy } from './SourcePolicy.ts';
import { SourceReader } from './SourceReader.ts';

/**
 * The `SourceReader` the configuration asks for: reads bounded by
 * `sourceTimeoutMs`, `https://` sources from `sourceHosts`
 * (`KINORA_SOURCE_HOSTS`), and the source read policy from `sourcePolicies`
 * (`KINORA_SOURCE_POLICIES`, which must exist) or else
 * `<dataDir>/source-policies.json` (when that is absent, every role may read
 * every source). Read once, here: a changed policy file applies from the next
 * start. A malformed list or policy is an error at start, not a silently open door.
 */
export function createSourceReader(
  store: ObjectStore,
  settings: { dataDir: string; sourceTimeoutMs: number; sourceHosts?: readonly string[]; sourcePolicies?: string },
): SourceReader {
  const policy = settings.sourcePolicies
    ? SourcePolicy.read(settings.sourcePolicies, { required: true })
    : SourcePolicy.read(join(settings.dataDir, 'source-policies.json'));
  return new SourceReader(store, { timeoutMs: settings.sourceTimeoutMs, sourceHosts: settings.sourceHosts, policy });
}
