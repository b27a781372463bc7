/**
 * EventBridge event patterns: one table row per operator with events that
 * match and events that do not, then the patterns EventBridge refuses with
 * its `InvalidEventPatternException` messages (reasons and positions as
 * event-ruler/Jackson report them; the two location examples are messages
 * EventBridge returned, quoted in public bug reports).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchEventPattern } from '../../../src/events/pattern/matchEventPattern.ts';
import { validateEventPattern } from '../../../src/events/pattern/validateEventPattern.ts';
import { EventPatternError } from '../../../src/events/pattern/EventPatternError.ts';

/** MediaConvert "Job State Change" COMPLETE, as in the MediaConvert user guide. */
const complete = {
  version: '0',
  id: '1234abcd-12ab-34cd-56ef-1234567890ab',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '111122223333',
  time: '2018-09-14T21:54:31Z',
  region: 'us-west-2',
  resources: ['arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536961999428-kxngbl'],
  detail: {
    status: 'COMPLETE',
    timestamp: 1536964380391,
    accountId: '111122223333',
    queue: 'arn:aws:mediaconvert:us-west-2:111122223333:queues/Default',
    jobId: '1536964333549-opn151',
    userMetadata: {},
    paddingInserted: 0,
    blackVideoDetected: 10,
    outputGroupDetails: [
      {
        type: 'HLS_GROUP',
        playlistFilePaths: ['s3://amzn-s3-demo-bucket/hls/main.m3u8'],
        outputDetails: [
          { outputFilePaths: ['s3://amzn-s3-demo-bucket/hls/mainv2.m3u8'], durationInMs: 180041, videoDetails: { widthInPx: 426, heightInPx: 240 } },
          { outputFilePaths: ['s3://amzn-s3-demo-bucket/hls/mainv1.m3u8'], durationInMs: 180041, videoDetails: { widthInPx: 1280, heightInPx: 720 } },
        ],
      },
      { type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: ['s3://amzn-s3-demo-bucket/mp4/main.mp4'], durationInMs: 180041 }] },
    ],
  },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...complete, detail: { ...complete.detail, ...detail } });

interface Row {
  operator: string;
  pattern: unknown;
  matches: unknown[];
  misses: unknown[];
}

const rows: Row[] = [
  {
    operator: 'exact string (the tutorial rule)',
    pattern: { source: ['aws.mediaconvert'], 'detail-type': ['MediaConvert Job State Change'], detail: { status: ['COMPLETE'] } },
    matches: [complete],
    misses: [withDetail({ status: 'ERROR' }), { ...complete, source: 'aws.mediapackage' }, { ...complete, detail: undefined }, withDetail({ status: 'complete' })],
  },
  {
    operator: 'a list is an OR',
    pattern: { detail: { status: ['ERROR', 'COMPLETE'] } },
    matches: [complete, withDetail({ status: 'ERROR' })],
    misses: [withDetail({ status: 'PROGRESSING' })],
  },
  {
    operator: 'exact number (numeric equality, not text)',
    pattern: { detail: { paddingInserted: [0], blackVideoDetected: [10.0] } },
    matches: [complete, withDetail({ paddingInserted: 0.0000001 })],
    misses: [withDetail({ blackVideoDetected: 11 }), withDetail({ blackVideoDetected: '10' })],
  },
  {
    operator: 'exact number beyond the numeric range',
    pattern: { detail: { timestamp: [1536964380391] } },
    matches: [complete],
    misses: [withDetail({ timestamp: 1536964380392 })],
  },
  {
    operator: 'exact true, false and null',
    pattern: { detail: { live: [true], archived: [false], note: [null] } },
    matches: [withDetail({ live: true, archived: false, note: null })],
    misses: [withDetail({ live: 'true', archived: false, note: null }), withDetail({ live: true, archived: false }), withDetail({ live: true, archived: 0, note: null })],
  },
  {
    operator: 'nested objects',
    pattern: { detail: { outputGroupDetails: { type: ['HLS_GROUP'] } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ type: 'DASH_ISO_GROUP' }] }), withDetail({ outputGroupDetails: undefined })],
  },
  {
    operator: 'array in the event: any element',
    pattern: { resources: ['arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536961999428-kxngbl'], detail: { outputGroupDetails: { playlistFilePaths: ['s3://amzn-s3-demo-bucket/hls/main.m3u8'] } } },
    matches: [complete, { ...complete, resources: ['arn:other', complete.resources[0]] }],
    misses: [{ ...complete, resources: [] }, { ...complete, resources: ['arn:other'] }],
  },
  {
    operator: 'array of objects: fields must match in one element',
    pattern: { detail: { outputGroupDetails: { type: ['FILE_GROUP'], playlistFilePaths: [{ exists: true }] } } },
    matches: [withDetail({ outputGroupDetails: [{ type: 'HLS_GROUP' }, { type: 'FILE_GROUP', playlistFilePaths: ['x.mp4'] }] })],
    misses: [complete],
  },
  {
    operator: 'prefix',
    pattern: { detail: { queue: [{ prefix: 'arn:aws:mediaconvert:us-west-2:' }] } },
    matches: [complete],
    misses: [withDetail({ queue: 'arn:aws:mediaconvert:eu-west-1:1:queues/Default' }), withDetail({ queue: 12 })],
  },
  {
    operator: 'prefix with equals-ignore-case',
    pattern: { detail: { jobId: [{ prefix: { 'equals-ignore-case': '1536964333549-OPN' } }] } },
    matches: [complete],
    misses: [withDetail({ jobId: '1536964333548-opn151' })],
  },
  {
    operator: 'suffix',
    pattern: { detail: { outputGroupDetails: { playlistFilePaths: [{ suffix: '.m3u8' }] } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ type: 'DASH_ISO_GROUP', playlistFilePaths: ['s3://b/dash/main.mpd'] }] })],
  },
  {
    operator: 'suffix with equals-ignore-case',
    pattern: { detail: { outputGroupDetails: { playlistFilePaths: [{ suffix: { 'equals-ignore-case': '.M3U8' } }] } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ playlistFilePaths: ['s3://b/main.m3u'] }] })],
  },
  {
    operator: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'mediaconvert job STATE change' }] },
    matches: [complete],
    misses: [{ ...complete, 'detail-type': 'MediaConvert Job State Changes' }],
  },
  {
    operator: 'wildcard',
    pattern: { detail: { queue: [{ wildcard: 'arn:aws:mediaconvert:*:queues/*' }] } },
    matches: [complete],
    misses: [withDetail({ queue: 'arn:aws:mediaconvert:us-west-2:111122223333:presets/Default' })],
  },
  {
    operator: 'wildcard with an escaped asterisk',
    pattern: { detail: { note: [{ wildcard: 'a\\*b*' }] } },
    matches: [withDetail({ note: 'a*b' }), withDetail({ note: 'a*bcd' })],
    misses: [withDetail({ note: 'axb' })],
  },
  {
    operator: 'anything-but a string',
    pattern: { detail: { status: [{ 'anything-but': 'ERROR' }] } },
    matches: [complete, withDetail({ status: 7 })],
    misses: [withDetail({ status: 'ERROR' }), withDetail({ status: undefined })],
  },
  {
    operator: 'anything-but a list of strings',
    pattern: { detail: { status: [{ 'anything-but': ['ERROR', 'CANCELED'] }] } },
    matches: [complete],
    misses: [withDetail({ status: 'CANCELED' })],
  },
  {
    operator: 'anything-but a list of numbers',
    pattern: { detail: { paddingInserted: [{ 'anything-but': [1, 2, 3] }] } },
    matches: [complete],
    misses: [withDetail({ paddingInserted: 2.0 })],
  },
  {
    operator: 'anything-but prefix',
    pattern: { detail: { jobId: [{ 'anything-but': { prefix: 'test-' } }] } },
    matches: [complete],
    misses: [withDetail({ jobId: 'test-1' })],
  },
  {
    operator: 'anything-but suffix',
    pattern: { detail: { outputGroupDetails: { playlistFilePaths: [{ 'anything-but': { suffix: '.mpd' } }] } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ playlistFilePaths: ['s3://b/main.mpd'] }] })],
  },
  {
    operator: 'anything-but equals-ignore-case',
    pattern: { detail: { status: [{ 'anything-but': { 'equals-ignore-case': ['error', 'canceled'] } }] } },
    matches: [complete],
    misses: [withDetail({ status: 'Error' })],
  },
  {
    operator: 'numeric range',
    pattern: { detail: { blackVideoDetected: [{ numeric: ['>', 0, '<=', 10] }] } },
    matches: [complete, withDetail({ blackVideoDetected: 0.000001 })],
    misses: [withDetail({ blackVideoDetected: 0 }), withDetail({ blackVideoDetected: 10.000001 }), withDetail({ blackVideoDetected: '5' })],
  },
  {
    operator: 'numeric >= and <',
    pattern: { detail: { outputGroupDetails: { outputDetails: { durationInMs: [{ numeric: ['>=', 180041, '<', 180042] }] } } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ outputDetails: [{ durationInMs: 180042 }] }] })],
  },
  {
    operator: 'numeric = and <',
    pattern: { detail: { paddingInserted: [{ numeric: ['=', 0] }], blackVideoDetected: [{ numeric: ['<', 11] }] } },
    matches: [complete],
    misses: [withDetail({ paddingInserted: 1 }), withDetail({ blackVideoDetected: 11 })],
  },
  {
    operator: 'numeric ignores numbers beyond 5e9',
    pattern: { detail: { timestamp: [{ numeric: ['>', 0] }] } },
    matches: [withDetail({ timestamp: 5e9 })],
    misses: [complete],
  },
  {
    operator: 'exists true',
    pattern: { detail: { outputGroupDetails: { playlistFilePaths: [{ exists: true }] } } },
    matches: [complete],
    misses: [withDetail({ outputGroupDetails: [{ type: 'FILE_GROUP' }] }), withDetail({ outputGroupDetails: [{ playlistFilePaths: [] }] })],
  },
  {
    operator: 'exists false',
    pattern: { detail: { errorCode: [{ exists: false }] } },
    matches: [complete, withDetail({ errorCode: { nested: 1 } })],
    misses: [withDetail({ errorCode: 1010 }), withDetail({ errorCode: null })],
  },
  {
    operator: 'cidr (IPv4)',
    pattern: { detail: { sourceIp: [{ cidr: '10.0.0.0/24' }] } },
    matches: [withDetail({ sourceIp: '10.0.0.0' }), withDetail({ sourceIp: '10.0.0.255' })],
    misses: [withDetail({ sourceIp: '10.0.1.0' }), withDetail({ sourceIp: '::1' }), withDetail({ sourceIp: 'host' })],
  },
  {
    operator: 'cidr (IPv6)',
    pattern: { detail: { sourceIp: [{ cidr: '2001:db8::/32' }] } },
    matches: [withDetail({ sourceIp: '2001:db8:ffff::1' })],
    misses: [withDetail({ sourceIp: '2001:db9::1' }), withDetail({ sourceIp: '10.0.0.1' })],
  },
  {
    operator: 'an IP literal matches its other spellings',
    pattern: { detail: { sourceIp: ['::1'] } },
    matches: [withDetail({ sourceIp: '0:0:0:0:0:0:0:1' })],
    misses: [withDetail({ sourceIp: '::2' })],
  },
  {
    operator: '$or',
    pattern: { source: ['aws.mediaconvert'], $or: [{ detail: { status: ['ERROR'] } }, { detail: { warnings: { code: [{ numeric: ['>', 0] }] } } }] },
    matches: [withDetail({ status: 'ERROR' }), withDetail({ warnings: [{ code: 230001, count: 1 }] })],
    misses: [complete, withDetail({ warnings: [{ code: 0 }] })],
  },
];

describe('matchEventPattern', () => {
  for (const row of rows) {
    test(row.operator, () => {
      const pattern = JSON.stringify(row.pattern);
      validateEventPattern(pattern);
      row.matches.forEach((event, i) => assert.equal(matchEventPattern(pattern, event), true, `match #${i} of ${pattern}`));
      row.misses.forEach((event, i) => assert.equal(matchEventPattern(pattern, event), false, `miss #${i} of ${pattern}`));
    });
  }
});

/**
 * [pattern text, reason, where Jackson's location points]. The location is
 * either [line, column] or the text the parser has just read (the column of
 * the next character): after a field name Jackson has also read the start of
 * the value, and a string value is read lazily (only its opening quote).
 */
const invalid: [string, string, ([number, number] | string)?][] = [
  // Both as EventBridge answered them (cloud-custodian#6507, aws-deployment-framework#455).
  ['{"source": ["aws.health"], "detail": {}}', 'Empty objects are not allowed', [1, 40]],
  ['{"detail-type":["CodeCommit Repository State Change"],"resources":"arn:aws:codecommit:eu-west-1:1:x","source":["aws.codecommit"]}', '"resources" must be an object or an array', [1, 68]],
  ['{\n  "detail": {\n    "status": "COMPLETE"\n  }\n}', '"status" must be an object or an array', [3, 16]],
  ['["aws.mediaconvert"]', 'Filter is not an object', '['],
  ['{"source": []}', 'Empty arrays are not allowed', '[]'],
  ['{"source": [["a"]]}', 'Match value must be String, number, true, false, or null', '[['],
  ['{"source": [{}]}', 'Match expression name not found', '{}'],
  ['{"source": [{"prefx": "aws."}]}', 'Unrecognized match type prefx', '"prefx": "'],
  ['{"source": [{"prefix": 1}]}', 'prefix match pattern must be a string', '"prefix": 1'],
  ['{"source": [{"suffix": ["x"]}]}', 'suffix match pattern must be a string', '"suffix": ['],
  ['{"source": [{"prefix": "a", "suffix": "b"}]}', 'Only one key allowed in match expression', '"suffix": "'],
  ['{"source": [{"equals-ignore-case": 5}]}', 'equals-ignore-case match pattern must be a string', '5'],
  ['{"source": [{"wildcard": "a**"}]}', 'Consecutive wildcard characters at pos 2'],
  ['{"source": [{"wildcard": "a\\\\b"}]}', 'Invalid escape character at pos 2'],
  ['{"a": [{"anything-but": true}]}', 'Value of anything-but must be an array or single string/number value.', 'true'],
  ['{"a": [{"anything-but": ["x", 1]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported', '1]'],
  ['{"a": [{"anything-but": [null]}]}', 'Inside anything but list, start|null|boolean is not supported.', 'null'],
  ['{"a": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed', '""'],
  ['{"a": [{"anything-but": {"regex": "x"}}]}', 'Unsupported anything-but pattern: regex', '"regex": "'],
  ['{"a": [{"numeric": 5}]}', 'Value of numeric must be an array.', '5'],
  ['{"a": [{"numeric": [5]}]}', 'Invalid member in numeric match: 5', '5'],
  ['{"a": [{"numeric": ["!=", 5]}]}', 'Unrecognized numeric range operator: !=', '"!=", 5'],
  ['{"a": [{"numeric": [">", "5"]}]}', 'Value of > must be numeric', '">", "'],
  ['{"a": [{"numeric": ["=", 1, 2]}]}', 'Too many elements in numeric expression', '1, 2'],
  ['{"a": [{"numeric": [">", 0, ">", 5]}]}', 'Bad numeric range operator: >', '0, ">"'],
  ['{"a": [{"numeric": [">", 5, "<", 1]}]}', 'Bottom must be less than top', '1]'],
  ['{"a": [{"numeric": ["<", 6e9]}]}', 'Value must be between -5.0E9 and 5.0E9, inclusive', '6e9]'],
  ['{"a": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.', '"exists": "'],
  ['{"a": [{"cidr": "10.0.0.1"}]}', "Malformed CIDR, one '/' required"],
  ['{"a": [{"cidr": "10.0.0.0/32"}]}', 'IPv4 mask bits must be < 32'],
  ['{"a": [{"cidr": "300.0.0.0/8"}]}', 'Invalid IP address: 300.0.0.0'],
  ['{"a": [{"cidr": "example.com/8"}]}', 'Nonstandard IP address: example.com'],
  ['{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.', '}]'],
  ['{"$or": [{"prefix": ["x"]}, {"b": ["y"]}]}', 'prefix is Ruler reserved fieldName which cannot be used inside $or.', '"prefix": ['],
  ['{"source": ["a"]', 'Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)"{"source": ["a"]"; line: 1, column: 1])', '["a"]'],
  ['{"source": ["a",]}', "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", ',]'],
];

/** EventBridge's message for a pattern and a reason located as in the table above. */
function expectedMessage(pattern: string, reason: string, location?: [number, number] | string): string {
  if (location === undefined) return `Event pattern is not valid. Reason: ${reason}`;
  const [line, column] = typeof location === 'string' ? [1, pattern.indexOf(location) + location.length + 1] : location;
  return `Event pattern is not valid. Reason: ${reason} at [Source: (String)"${pattern}"; line: ${line}, column: ${column}]`;
}

describe('validateEventPattern', () => {
  for (const [pattern, reason, location] of invalid) {
    test(reason, () => {
      const expected = expectedMessage(pattern, reason, location);
      assert.throws(() => validateEventPattern(pattern), (e: unknown) => {
        assert.ok(e instanceof EventPatternError);
        assert.equal(e.message, expected);
        return true;
      });
    });
  }

  test('prints at most 500 characters of a long pattern', () => {
    const pattern = `{"source": ["${'x'.repeat(600)}"], "detail": []}`;
    assert.throws(() => validateEventPattern(pattern), (e: Error) => {
      assert.equal(e.message, `Event pattern is not valid. Reason: Empty arrays are not allowed at [Source: (String)"${pattern.slice(0, 500)}"[truncated ${pattern.length - 500} chars]; line: 1, column: ${pattern.length}]`);
      return true;
    });
  });

  test('accepts what EventBridge accepts', () => {
    for (const row of rows) validateEventPattern(JSON.stringify(row.pattern));
    validateEventPattern('{ "source" : [ "aws.mediaconvert" ] }\n');
  });
});
