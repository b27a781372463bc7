import { KinoraError } from '../../errors/KinoraError.ts';

/**
 * CreateAsset's `sourceArn`: an S3 object ARN (`arn:aws:s3:::bucket/key`)
 * naming an HLS playlist in one of Kinora's buckets. Refuses what can be
 * seen to be wrong before ingest: another form, an invalid bucket name, a
 * key that would leave its bucket (`.`/`..` segments, also percent-encoded,
 * backslashes, NUL), `?`/`#` (not part of an object key once it is a URI),
 * SMIL sources (not implemented yet) and anything that is not `.m3u8`.
 * Returns the `s3://bucket/key` URI the catalog stores.
 */
export function readSourceArn(arn: string): string {
  const fail = (problem: string): never => {
    throw new KinoraError('INVALID_REQUEST', `sourceArn ${problem}; found "${arn.length > 200 ? `${arn.slice(0, 197)}...` : arn}"`, { subject: 'sourceArn' });
  };
  const m = /^arn:aws:s3:::([^/]*)\/(.*)$/.exec(arn);
  if (!m) return fail('must be an S3 object ARN, arn:aws:s3:::<bucket>/<key>');
  const [, bucket, key] = m;
  if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(bucket)) fail(`names bucket "${bucket}", which is not a valid bucket name (lowercase letters, digits, . and -, at most 63)`);
  if (key === '' || /[\\\0]/.test(key)) fail('must name an object key without backslashes or NUL');
  if (/[?#]/.test(key)) fail('must not contain ? or #');
  for (const segment of key.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // not percent-encoding: taken literally
    }
    if (decoded === '.' || decoded === '..') fail(`has a "${segment}" path segment, which would leave bucket ${bucket}`);
  }
  const lower = key.toLowerCase();
  if (lower.endsWith('.smil')) fail('names a SMIL source; Kinora ingests HLS (.m3u8) only so far');
  if (!lower.endsWith('.m3u8')) fail('must name an HLS multivariant or media playlist (.m3u8)');
  return `s3://${bucket}/${key}`;
}
