import { connect, createServer, type Socket } from 'node:net';

/**
 * The smallest load balancer: each TCP connection goes to the next of `ports` in turn, and one
 * whose pick is down is closed (the client tries again, and gets the next). It knows nothing of
 * HTTP or MQTT, so nothing sticks a client to a server.
 */
export async function startRoundRobin(ports: readonly number[]) {
  let next = 0;
  const picked: number[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => (sockets.add(socket), socket.once('close', () => sockets.delete(socket)));
  const server = createServer((client) => {
    track(client);
    const port = ports[next++ % ports.length]!;
    picked.push(port);
    const upstream = track(connect(port, '127.0.0.1'));
    client.pipe(upstream).pipe(client);
    const cut = () => (client.destroy(), upstream.destroy());
    client.once('error', cut).once('close', cut);
    upstream.once('error', cut).once('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    /** The server each connection went to, in order. */
    picked: () => [...picked],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
