import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `npm run serve` as an operator runs it: src/server/cli.ts in its own process, configured by its
// environment alone.

const CLI = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Served {
  child: ChildProcess;
  /** Resolves once it exits or has logged that it runs. */
  ready: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout: () => string;
}

/** The server's process with only `env` (and PATH) set, on 127.0.0.1 and a port the OS picks. */
export function serveCli(env: Record<string, string>): Served {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const done = () => resolve({ code: child.exitCode, stdout, stderr });
    child.once('exit', done);
    child.stdout!.on('data', () => {
      if (events(stdout).some(({ event }) => event === 'started')) setTimeout(done, 100);
    });
  });
  return { child, ready, stdout: () => stdout };
}

export interface LogEvent {
  time: string;
  level: string;
  event: string;
  [field: string]: unknown;
}

/** Each line of the server's stdout, which must all be JSON: one event a line. */
export const events = (stdout: string): LogEvent[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogEvent);

/** The `started` event's fields. */
export const startedEvent = (stdout: string) => events(stdout).find(({ event }) => event === 'started');

/** The port the server said it listens on. */
export const listeningPort = (stdout: string) =>
  /^https? on 127\.0\.0\.1:([0-9]+)$/.exec(String(startedEvent(stdout)?.listening))?.[1];
