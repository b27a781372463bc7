import type { CodecConfig } from '../../model/CodecConfig.ts';

/** The decoder configuration of an AC-3 or E-AC-3 track. */
export type Ac3CodecConfig = Extract<CodecConfig, { codec: 'ac3' | 'ec3' }>;
