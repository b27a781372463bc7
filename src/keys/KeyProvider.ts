import type { ContentKey } from './ContentKey.ts';
import type { KeyRequest } from './KeyRequest.ts';

/**
 * Where content keys come from: the built-in key store or a SPEKE server
 * (SPEKE v1/CPIX 2.0, v2/CPIX 2.3), behind this one port. `keysFor`
 * answers one key per rule of `request.rules` (one when there are none),
 * in the same order. Implementations throw `KinoraError('KEY_PROVIDER_ERROR', ...)`
 * when they cannot; the origin then fails the request (never clear content).
 */
export interface KeyProvider {
  keysFor(request: KeyRequest): Promise<ContentKey[]>;
}
