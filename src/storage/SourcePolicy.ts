import { readFileSync } from 'node:fs';
import { KinoraError } from '../errors/KinoraError.ts';

const ROLE_ARN = /^arn:[a-z-]+:iam::\d{0,12}:role\/[\w+=,.@/-]+$/;

interface Rule {
  /** As written in the file, for messages. */
  pattern: string;
  matcher: RegExp;
}

/**
 * Which sources each `sourceRoleArn` may read: Kinora's stand-in for the IAM
 * role MediaPackage assumes to read an asset's S3 objects ("the IAM role
 * needs s3:GetObject" on them, MediaPackage User Guide, "Allowing
 * MediaPackage to access other AWS services"). The file
 * (`<data dir>/source-policies.json`, or `KINORA_SOURCE_POLICIES`) maps role
 * ARNs to the object patterns they may read:
 *
 * ```json
 * {"roles": {"arn:aws:iam::111122223333:role/MediaPackageRead": {"allow": ["s3://media/assets/*", "https://cdn.example.com/vod/*"]}}}
 * ```
 *
 * Patterns are `s3://bucket/key` (or the ARN `arn:aws:s3:::bucket/key`),
 * `https://host[:port]/path` or `http://...`; as in IAM resource ARNs, `*`
 * matches any run of characters (`/` included) and `?` any one character
 * (in web patterns, only in the path: the host and port are literal).
 * S3 keys are compared decoded (`a b.ts`, not `a%20b.ts`); web URLs as
 * their normalised `href` (scheme and host lowercase, default port dropped).
 *
 * - No file (`allowAll`): every role may read every source, today's
 *   behaviour and the embedded default. Anyone who can call CreateAsset can
 *   then have any bucket of the store read.
 * - A file: a role not in it may read nothing; a role reads only what one of
 *   its patterns matches; an S3 key with `.`/`..` segments never matches.
 * - Assets without a role (registered by an operator through the CLI, never
 *   through the API, which requires one) are not restricted.
 *
 * A refusal is SOURCE_FORBIDDEN with an "Access Denied" message naming the
 * role and the object, modelled on IAM's "is not authorized to perform"
 * messages: MediaPackage's own IngestError text is not documented.
 */
export class SourcePolicy {
  /** The file the policy came from; undefined for `allowAll`. */
  readonly file: string | undefined;
  private readonly roles: Map<string, Rule[]> | undefined;

  private constructor(file: string | undefined, roles: Map<string, Rule[]> | undefined) {
    this.file = file;
    this.roles = roles;
  }

  /** No policy file: any role may read any source. */
  static allowAll(): SourcePolicy {
    return new SourcePolicy(undefined, undefined);
  }

  /**
   * The policy in `path`; `allowAll()` when the file does not exist and
   * `required` is false (the default path), INVALID_REQUEST when it does not
   * exist and is required (a path the operator named), or when it is not a
   * valid policy.
   */
  static read(path: string, options: { required?: boolean } = {}): SourcePolicy {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e: any) {
      if (e?.code === 'ENOENT' && !options.required) return SourcePolicy.allowAll();
      throw new KinoraError('INVALID_REQUEST', `source read policy ${path}: ${e?.code === 'ENOENT' ? 'no such file (KINORA_SOURCE_POLICIES names it)' : e?.message}`, { subject: path, cause: e });
    }
    return SourcePolicy.fromJson(text, path);
  }

  /** Parses a policy document; `file` names it in messages. */
  static fromJson(text: string, file: string): SourcePolicy {
    const fail = (problem: string): never => {
      throw new KinoraError('INVALID_REQUEST', `source read policy ${file}: ${problem}`, { subject: file });
    };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e: any) {
      return fail(`not JSON (${e?.message})`);
    }
    if (!isObject(doc)) return fail('must be an object {"roles": {...}}');
    for (const key of Object.keys(doc)) if (key !== 'roles') fail(`unknown member "${key}" (only "roles")`);
    if (!isObject(doc.roles)) return fail('"roles" must be an object mapping IAM role ARNs to {"allow": [patterns]}');
    const roles = new Map<string, Rule[]>();
    for (const [role, grant] of Object.entries(doc.roles)) {
      if (!ROLE_ARN.test(role)) fail(`"${role}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
      if (!isObject(grant)) return fail(`roles["${role}"] must be {"allow": [patterns]}`);
      for (const key of Object.keys(grant)) if (key !== 'allow') fail(`roles["${role}"] has an unknown member "${key}" (only "allow")`);
      if (!Array.isArray(grant.allow) || !grant.allow.every((p) => typeof p === 'string')) return fail(`roles["${role}"].allow must be an array of pattern strings`);
      roles.set(
        role,
        (grant.allow as string[]).map((pattern) => {
          const normal = normalisePattern(pattern);
          if (normal === undefined) fail(`roles["${role}"]: "${pattern}" must be an s3://bucket/key, arn:aws:s3:::bucket/key or https:// pattern (wildcards in a URL's path only)`);
          return { pattern, matcher: wildcard(normal!) };
        }),
      );
    }
    return new SourcePolicy(file, roles);
  }

  /** Whether a policy file is in force. */
  get restricted(): boolean {
    return this.roles !== undefined;
  }

  /** Throws SOURCE_FORBIDDEN (Access Denied, naming the role and `uri`) unless `role` may read `uri`. */
  authorize(role: string | undefined, uri: string): void {
    if (this.roles === undefined || role === undefined) return;
    const rules = this.roles.get(role);
    if (rules === undefined) {
      throw new KinoraError('SOURCE_FORBIDDEN', `Access Denied: role ${role} is not authorized to read ${uri}: the role is not in the source read policy ${this.file}`, { subject: uri });
    }
    const subject = subjectOf(uri);
    if (subject === undefined || !rules.some((r) => r.matcher.test(subject))) {
      throw new KinoraError('SOURCE_FORBIDDEN', `Access Denied: role ${role} is not authorized to read ${uri}: no "allow" pattern of the role in ${this.file} matches it`, { subject: uri });
    }
  }
}

/** The form patterns are written in: `s3://bucket/key` (decoded) or a web URL's `href`; undefined for other schemes. */
function normalisePattern(pattern: string): string | undefined {
  const arn = /^arn:aws:s3:::(.+)$/.exec(pattern);
  if (arn) return `s3://${arn[1]}`;
  if (/^s3:\/\/[^/]+\/?/.test(pattern)) return pattern;
  if (/^https?:\/\//i.test(pattern)) {
    // Wildcards only in the path: a host wildcard would also match across the authority (`https://*.a.com/*` ~ `https://evil/x.a.com/`).
    if (/[*?]/.test(/^https?:\/\/[^/]*/i.exec(pattern)![0])) return undefined;
    try {
      const url = new URL(pattern);
      url.hash = '';
      return url.href;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The string an object URI is matched as; undefined when it can never match (an S3 key with dot segments, other schemes). */
function subjectOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol === 's3:') {
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return undefined;
    }
    if (key.split('/').some((s) => s === '.' || s === '..')) return undefined;
    return `s3://${url.host}/${key}`;
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') {
    url.hash = '';
    return url.href;
  }
  return undefined;
}

/** IAM-style wildcards: `*` any run of characters, `?` any one; everything else literal. */
function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, 's');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
