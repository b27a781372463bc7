/**
 * Starts a benchmark server script (`serveOrigin.ts`, `serveStatic.ts`) as a
 * child process and waits for the one JSON line it prints when ready. The
 * child's stdin is a pipe it watches: if the benchmark dies, the child exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ChildServer<T> {
  process: ChildProcess;
  /** The JSON line the child printed when ready. */
  ready: T;
  /** Resolves when the child has exited and its output is closed. */
  exited: Promise<void>;
  /** Sends SIGTERM and resolves when the child has exited. */
  stop(): Promise<void>;
}

/** Runs `bench/<script>` with `args`; `nodeArgs` (e.g. `--cpu-prof`) go before the script. */
export async function startChild<T extends { pid?: number }>(script: string, args: string[], options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(import.meta.dirname, script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ready = await new Promise<T>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`${script} was not ready within ${options.timeoutMs ?? 120_000} ms`)), options.timeoutMs ?? 120_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`${script} exited with code ${code} before it was ready`));
    child.once('close', onEarlyExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('close', onEarlyExit);
      try {
        resolve(JSON.parse(buffered.slice(0, newline)) as T);
      } catch (e) {
        fail(e as Error);
      }
    });
  });
  return {
    process: child,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a child to completion and returns the JSON line it printed. */
export async function runChild<T>(script: string, args: string[]): Promise<T> {
  const child = await startChild<T & { pid?: number }>(script, args, { timeoutMs: 600_000 });
  await child.exited;
  if (child.process.exitCode !== 0) throw new Error(`${script} ${args.join(' ')} exited with code ${child.process.exitCode}`);
  return child.ready;
}

/** Current and peak resident set size of a process, in MiB (Linux `/proc`; NaN elsewhere). */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
  } catch {
    return { rssMiB: Number.NaN, peakRssMiB: Number.NaN };
  }
}

/**
 * CPU time a process has used so far, all its threads, in ms (Linux
 * `/proc/<pid>/stat` utime + stime at USER_HZ = 100; NaN elsewhere). Divided
 * by the requests served in between, it is a cost per request that other
 * load on the machine disturbs much less than throughput.
 */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
