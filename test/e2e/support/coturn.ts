import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';

export const TURN_BIN = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
export const TURN_USER = 'lookover';
export const TURN_PASSWORD = 'relay-secret';

/** A free UDP port on loopback. */
async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * coturn from Debian on loopback, as a real TURN relay. Stopping and starting it on the same port
 * cuts and restores the only path media has when relay is forced: a network drop, for real.
 */
export async function startCoturn() {
  const port = await freePort();
  const relayBase = 50_000 + Math.floor(Math.random() * 5000);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      TURN_BIN,
      [
        '-n',
        '--listening-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--relay-ip=127.0.0.1',
        `--min-port=${relayBase}`,
        `--max-port=${relayBase + 200}`,
        '--lt-cred-mech',
        `--user=${TURN_USER}:${TURN_PASSWORD}`,
        '--realm=lookover.test',
        '--fingerprint',
        '--no-tls',
        '--no-dtls',
        '--no-tcp',
        '--no-cli',
        // Both browsers are on this machine: let the relay talk to loopback peers.
        '--allow-loopback-peers',
        '--log-file=stdout',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('coturn did not start')), 10_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        if (/listener opened|Total General servers/i.test(chunk.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.once('exit', (code) => reject(new Error(`coturn exited (${code})`)));
    });
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    iceServers: JSON.stringify([
      { urls: `turn:127.0.0.1:${port}?transport=udp`, username: TURN_USER, credential: TURN_PASSWORD },
    ]),
    start,
    stop,
  };
}
