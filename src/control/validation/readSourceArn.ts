import { KinoraError } from '../../errors/KinoraError.ts';

/**
 * CreateAsset's `sourceArn`: an S3 object ARN (`arn:aws:s3:::bucket/key`)
 * naming an HLS playlist in one of Kinora's buckets, or an `https://` URL of
 * one (read only from hosts on `KINORA_SOURCE_HOSTS`, which ingest checks
 * with the addresses the host resolves to: see `SourceHosts`). Plain
 * `http://` is accepted only for a loopback address or `localhost` (tests
 * and local setups; ingest still requires it on the list, and the address
 * connected to must be a loopback address the list names).
 *
 * Refuses what can be seen to be wrong before ingest: another form, an
 * invalid bucket name, a key or path that would leave its bucket or folder
 * (`.`/`..` segments, also percent-encoded, backslashes, NUL, and for URLs
 * percent-encoded `/` and `\`), `?`/`#` (not part of an object key once it
 * is a URI; a URL's query is refused too, so the catalog never holds a
 * signed URL that expires), credentials in a URL, SMIL sources (not
 * implemented yet) and anything that is not `.m3u8`.
 * Returns the URI the catalog stores: `s3://bucket/key`, or the URL as
 * WHATWG-normalised (lowercase host, default port dropped).
 */
export function readSourceArn(arn: string): string {
  const fail = (problem: string): never => {
    throw new KinoraError('INVALID_REQUEST', `sourceArn ${problem}; found "${arn.length > 200 ? `${arn.slice(0, 197)}...` : arn}"`, { subject: 'sourceArn' });
  };
  if (/^https?:\/\//i.test(arn)) return readSourceUrl(arn, fail);
  // The tutorial passes `arn:aws:s3:::bucket/key`; `s3://bucket/key` is accepted too (issue 4: both forms).
  const m = /^(?:arn:aws:s3:::|s3:\/\/)([^/]*)\/(.*)$/.exec(arn);
  if (!m) return fail('must be an S3 object ARN, arn:aws:s3:::<bucket>/<key>, s3://<bucket>/<key>, or an https:// URL on a host listed in KINORA_SOURCE_HOSTS');
  const [, bucket, key] = m;
  if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(bucket)) fail(`names bucket "${bucket}", which is not a valid bucket name (lowercase letters, digits, . and -, at most 63)`);
  if (key === '' || /[\\\0]/.test(key)) fail('must name an object key without backslashes or NUL');
  if (/[?#]/.test(key)) fail('must not contain ? or #');
  const dot = dotSegment(key);
  if (dot !== undefined) fail(`has a "${dot}" path segment, which would leave bucket ${bucket}`);
  checkPlaylistName(key, fail);
  return `s3://${bucket}/${key}`;
}

function readSourceUrl(text: string, fail: (problem: string) => never): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('is not a valid URL');
  }
  const afterAuthority = text.replace(/^https?:\/\/[^/?#]*/i, '');
  if (url.username !== '' || url.password !== '') fail('must not carry credentials (user:password@)');
  if (/[?#]/.test(text)) fail('must not contain ? or # (a query or fragment)');
  if (/[\\\0]/.test(text) || /%2f|%5c|%00/i.test(afterAuthority)) fail('must name a path without backslashes, NUL or percent-encoded / and \\');
  const dot = dotSegment(afterAuthority);
  if (dot !== undefined) fail(`has a "${dot}" path segment, which would leave its folder`);
  if (url.protocol === 'http:') {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // RFC 6761 6.3: `localhost` names the loopback interface; ingest still checks what it resolves to.
    // No node:net here: the console bundles this validation for the browser.
    const loopback = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
    if (!loopback) fail('uses plain http://, accepted only for loopback addresses (tests and local setups): use https://');
  }
  checkPlaylistName(decodeURIComponentSafe(url.pathname), fail);
  return url.href;
}

/** The first `.` or `..` segment of `path` (also percent-encoded), as written. */
function dotSegment(path: string): string | undefined {
  return path.split('/').find((segment) => {
    const decoded = decodeURIComponentSafe(segment);
    return decoded === '.' || decoded === '..';
  });
}

function checkPlaylistName(path: string, fail: (problem: string) => never): void {
  const lower = path.toLowerCase();
  if (lower.endsWith('.smil')) fail('names a SMIL source; Kinora ingests HLS (.m3u8) only so far');
  if (!lower.endsWith('.m3u8')) fail('must name an HLS multivariant or media playlist (.m3u8)');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoding: taken literally
  }
}
