import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** util-linux `setpriv`, when present (Linux): lets a child ask the kernel to kill it when its parent dies. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/** How a child process ended. */
export interface ProcessResult {
  exitCode: number | null;
  /** The signal that ended it, when one did. */
  signal: NodeJS.Signals | null;
  /** Whole stdout, when `collectStdout` was asked for. */
  stdout: string;
  /** The last lines of stderr (at most ~8 KB), for error messages. */
  stderrTail: string;
}

/**
 * Runs a media tool (ffmpeg, ffprobe) in a process group of its own
 * (`detached`), so aborting `signal` kills the whole group with SIGKILL:
 * nothing the tool started can outlive a cancel. On Linux the tool is also
 * started through `setpriv --pdeathsig KILL`, so it dies with this process:
 * ffmpeg ignores SIGPIPE and would otherwise keep encoding, orphaned, after
 * its worker crashed (the job is re-run from scratch elsewhere anyway).
 * Never rejects for a non-zero
 * exit (the caller classifies it); rejects with the abort reason when
 * aborted, and with the spawn error (e.g. ENOENT: the tool is not installed).
 */
export function runProcess(
  command: string,
  args: string[],
  options: { signal?: AbortSignal; onStdout?: (chunk: string) => void; collectStdout?: boolean; cwd?: string } = {},
): Promise<ProcessResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const [file, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    let failed: unknown;
    const kill = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onAbort = () => kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (options.collectStdout) stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 16384) stderr = stderr.slice(-8192);
    });
    child.on('error', (e) => {
      failed = e;
    });
    child.on('close', (exitCode, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (failed !== undefined) reject(failed);
      else if (SETPRIV && exitCode === 127 && /^setpriv: failed to execute/m.test(stderr)) {
        // Same as spawning the tool directly would have said.
        reject(Object.assign(new Error(`spawn ${command} ENOENT: ${stderr.trim()}`), { code: 'ENOENT' }));
      } else resolve({ exitCode, signal: exitSignal, stdout, stderrTail: tail(stderr) });
    });
  });
}

function tail(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-20).join('\n').slice(-8192);
}
