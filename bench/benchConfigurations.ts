import type { PackageSettings } from '../src/catalog/records.ts';
import { systemIds } from '../src/media/cenc/systemIds.ts';

const builtinKeys = (ids: string[]) => ({ spekeKeyProvider: { url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ids } });
/** Encrypted configurations only the benchmark uses: CMAF cbcs (FairPlay-style `skd://` keys), HLS-TS AES-128 and SAMPLE-AES. */
export const benchConfigurations: Record<string, PackageSettings> = {
  'cmaf-cbcs-builtin': { cmafPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, encryption: builtinKeys([systemIds.fairPlay]) } },
  'hls-aes-builtin': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, encryption: builtinKeys([systemIds.aes128]) } },
  'hls-sample-aes-builtin': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, encryption: { ...builtinKeys([systemIds.fairPlay]), encryptionMethod: 'SAMPLE_AES' } } },
};
