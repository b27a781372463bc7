import type { ContentKey } from './ContentKey.ts';
import type { KeyRequest } from './KeyRequest.ts';

/**
 * Where content keys come from: the built-in key store today, a SPEKE
 * client (SPEKE v1/CPIX 2.0, v2/CPIX 2.3) later, behind this one port.
 * Implementations throw `KinoraError('KEY_PROVIDER_ERROR', ...)` when they
 * cannot give a key; the origin then fails the request (never clear content).
 */
export interface KeyProvider {
  keyFor(request: KeyRequest): Promise<ContentKey>;
}
