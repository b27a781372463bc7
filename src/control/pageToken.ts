import { KinoraError } from '../errors/KinoraError.ts';

/**
 * List pagination tokens: opaque to clients, the last id of the page they
 * follow (the catalog pages by id). `readPageToken` refuses anything this
 * API did not issue.
 */
export function writePageToken(lastId: string): string {
  return Buffer.from(`k1:${lastId}`).toString('base64url');
}

export function readPageToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!text.startsWith('k1:') || !/^[A-Za-z0-9_-]{1,1024}$/.test(text.slice(3))) {
    throw new KinoraError('INVALID_REQUEST', 'nextToken is not a token this API issued (pass the nextToken of the previous page unchanged)', { subject: 'nextToken' });
  }
  return text.slice(3);
}
