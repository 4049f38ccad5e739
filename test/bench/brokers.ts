import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const freeTcpPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface RunningBroker {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Ready when its port accepts connections (a piped log is block-buffered, so not a log line). */
async function started(child: ChildProcess, port: number): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`broker exited (${exited})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('broker did not start');
}

const stopper = (child: ChildProcess) => async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  await exited;
};

/** A broker process once its WebSocket port `port` (path /mqtt) accepts connections. */
export async function running(name: string, child: ChildProcess, port: number): Promise<RunningBroker> {
  // Read and dropped: a log nobody reads fills its pipe (a socketpair, about 200 KB) and the next
  // write blocks the broker. Mosquitto logs each connection, so at about 1,000 clients it stopped.
  child.stdout?.resume();
  child.stderr?.resume();
  await started(child, port);
  return { name, url: `ws://127.0.0.1:${port}/mqtt`, pid: child.pid!, stop: stopper(child) };
}

/**
 * The Lookover server, as `npm start` runs it, in its own process (so its memory can be read), with
 * `env` added (`REDIS_URL` makes it a cluster node) and `nodeArgs` given to Node after tsx.
 */
export async function startEmbedded(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningBroker> {
  const port = await freeTcpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, 'src/server/cli.ts'], {
    // The capacity load opens every connection from this one address: the limits per address and
    // in total are lifted to measure the server, not its limits (docs/decisions/0018-broker-limits.md).
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOOKOVER_MAX_CONNECTIONS: '30000',
      LOOKOVER_MAX_CONNECTIONS_PER_ADDRESS: '30000',
      LOOKOVER_MAX_STATUS_RECORDS: '30000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return running('Lookover server (aedes)', child, port);
}

/** The lines of a Mosquitto configuration listening on these ports (WebSocket on `ws`). */
export type MosquittoConf = (ports: { tcp: number; ws: number }) => string[];

/** An open Mosquitto with a WebSocket listener (README, "Using another broker"). */
const openMosquitto: MosquittoConf = ({ tcp, ws }) => [
  // Mosquitto 2.0.11 exits ("Unable to start any listening sockets") when its only listener is
  // a WebSocket one: a plain MQTT listener beside it avoids that.
  `listener ${tcp} 127.0.0.1`,
  `listener ${ws} 127.0.0.1`,
  'protocol websockets',
  'allow_anonymous true',
  'persistence false',
];

/** Mosquitto from Debian, configured by `conf` (an open broker by default). */
export async function startMosquitto(conf: MosquittoConf = openMosquitto): Promise<RunningBroker> {
  const port = await freeTcpPort();
  const tcpPort = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'lookover-mosquitto-'));
  const file = join(dir, 'mosquitto.conf');
  writeFileSync(
    file,
    [...conf({ tcp: tcpPort, ws: port }), 'log_type error', 'log_type notice', 'log_dest stdout'].join('\n'),
  );
  const child = spawn(process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto', ['-c', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const broker = await running('Mosquitto 2 (Debian)', child, port);
  return {
    ...broker,
    async stop() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
