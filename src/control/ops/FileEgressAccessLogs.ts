import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * Egress access logs per packaging group, as JSON lines in files (where
 * MediaPackage writes to CloudWatch Logs): log group `/aws/MediaPackage/EgressAccessLogs`
 * goes to `<dir>/aws_MediaPackage_EgressAccessLogs.log`. `KINORA_EGRESS_LOGS=stdout`
 * writes them to stdout instead (for a log collector).
 */
export class FileEgressAccessLogs {
  private readonly dir: string;
  private readonly streams = new Map<string, WriteStream>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The file a log group writes to. */
  pathOf(logGroupName: string): string {
    const name = logGroupName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '') || 'egress';
    return join(this.dir, `${name}.log`);
  }

  write = (logGroupName: string, line: Record<string, unknown>): void => {
    let stream = this.streams.get(logGroupName);
    if (!stream) {
      mkdirSync(this.dir, { recursive: true });
      stream = createWriteStream(this.pathOf(logGroupName), { flags: 'a' });
      stream.on('error', (e) => console.error(`egress access log ${logGroupName}:`, e.message));
      this.streams.set(logGroupName, stream);
    }
    stream.write(`${JSON.stringify(line)}\n`);
  };

  async close(): Promise<void> {
    await Promise.all([...this.streams.values()].map((s) => new Promise<void>((resolve) => s.end(resolve))));
    this.streams.clear();
  }
}
