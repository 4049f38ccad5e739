import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freeTcpPort, running, type RunningBroker } from '../bench/brokers.ts';

/** An origin the cluster's WebSocket listeners let in (a helper page served elsewhere). */
export const ALLOWED_ORIGIN = 'https://help.example.org';

export interface NatsCluster {
  /** Each node's MQTT-over-WebSocket URL, in node order. */
  urls: string[];
  /** Each node's process id, in node order. */
  pids: number[];
  stop(): Promise<void>;
}

/**
 * Debian's nats-server, three nodes clustered on loopback, each with MQTT over WebSocket. MQTT
 * keeps its sessions and retained messages in JetStream, so each node has JetStream (its store in a
 * temporary folder) and a `server_name`. Ready once an MQTT client has connected through every node:
 * the first connection creates the MQTT streams, which needs the cluster to have a JetStream leader.
 */
export async function startNatsCluster(): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'lookover-nats-'));
  const ports = await Promise.all(
    Array.from({ length: 3 }, async () => ({
      client: await freeTcpPort(),
      route: await freeTcpPort(),
      mqtt: await freeTcpPort(),
      ws: await freeTcpPort(),
    })),
  );
  const routes = ports.map((port) => `"nats-route://127.0.0.1:${port.route}"`).join(', ');
  const started: RunningBroker[] = [];
  const stop = async () => {
    await Promise.all(started.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const [i, port] of ports.entries()) {
      const conf = join(dir, `n${i + 1}.conf`);
      writeFileSync(
        conf,
        [
          `server_name: lookover-n${i + 1}`,
          `listen: "127.0.0.1:${port.client}"`,
          `jetstream { store_dir: "${join(dir, `n${i + 1}`)}" }`,
          `cluster { name: lookover, listen: "127.0.0.1:${port.route}", routes: [${routes}] }`,
          `mqtt { listen: "127.0.0.1:${port.mqtt}" }`,
          // MQTT clients reach it at /mqtt. Browsers always send an Origin: only these are let in.
          `websocket { listen: "127.0.0.1:${port.ws}", no_tls: true, allowed_origins: ["${ALLOWED_ORIGIN}"] }`,
        ].join('\n'),
      );
      const child = spawn(process.env.NATS_SERVER_PATH ?? '/usr/sbin/nats-server', ['-c', conf], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      started.push(await running(`nats-server n${i + 1}`, child, port.ws));
    }
    for (const node of started) await mqttReady(node.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: started.map((node) => node.url), pids: started.map((node) => node.pid), stop };
}

async function mqttReady(url: string) {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    connectTimeout: 30_000,
    reconnectPeriod: 500,
  });
  await client.endAsync();
}
