/**
 * A failed API call, in words: `message` is what the server said (the
 * MediaPackage `{"message"}` or EventBridge `{"__type","message"}` body),
 * or what went wrong before an answer came (no network).
 */
export class ApiError extends Error {
  readonly status: number;
  /** AWS exception name (`UnprocessableEntityException`), or `NetworkError`. */
  readonly type: string;
  readonly operation: string;

  constructor(operation: string, status: number, type: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.operation = operation;
    this.status = status;
    this.type = type;
  }

  /** A sentence for the page: what failed and why. */
  describe(): string {
    if (this.type === 'NetworkError') return `${this.operation} failed: the Kinora server could not be reached (${this.message}).`;
    if (this.status === 403) return `${this.operation} was refused: ${firstLine(this.message)} Check the access key (Sign out, then enter it again).`;
    return `${this.operation} failed: ${firstLine(this.message)}`;
  }
}

/** SigV4 mismatch messages carry the canonical request on later lines; the first line is the reason. */
function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/** Any thrown value as a sentence (never a stack trace). */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.describe();
  if (e instanceof Error) return e.message;
  return String(e);
}
