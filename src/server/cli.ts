import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, limitsFromEnv } from './limits.ts';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from './server.ts';

const port = Number(process.env.PORT ?? DEFAULT_PORT);
const host = process.env.HOST ?? DEFAULT_HOST;
const extensionDir = fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));
const fromEnv = limitsFromEnv(process.env);
if (!fromEnv.ok) {
  console.error(`Could not start the Lookover server: ${fromEnv.error}`);
  process.exit(1);
}
const limits = { ...DEFAULT_LIMITS, ...fromEnv.value };

const server = await startServer({ port, host, limits }).catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use. Stop the other server or pick another port: PORT=8788 npm start`
      : `Could not start the Lookover server: ${error.message}`,
  );
  process.exit(1);
});

console.log(`Lookover is running.
  Helper page:  ${server.url}
  MQTT broker:  ${server.brokerUrl}
  Extension:    load ${extensionDir} as an unpacked extension (chrome://extensions, Developer mode)
  Limits:       ${limits.maxConnections} connections, ${limits.maxConnectionsPerAddress} per address, \
${limits.maxStatusRecords} status records; origins ${limits.allowedOrigins.join(', ')}
Press Ctrl-C to stop.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Lookover...');
  void server.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
