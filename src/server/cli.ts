import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, limitsFromEnv } from './limits.ts';
import { ICE_PATH } from './ice-endpoint.ts';
import { plainHttpWarnings } from './plain-http-warning.ts';
import { publicConfigFromEnv } from './public-config.ts';
import { startServer, type ServerOptions } from './server.ts';
import { readTlsFiles } from './tls-files.ts';
import { TURN_CREDENTIAL_TTL_S } from './turn-credential.ts';

const fail = (reason: string): never => {
  console.error(`Could not start the Lookover server: ${reason}`);
  process.exit(1);
};

const extensionDir = fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));
const fromEnv = limitsFromEnv(process.env);
const limits = { ...DEFAULT_LIMITS, ...(fromEnv.ok ? fromEnv.value : fail(fromEnv.error)) };
const parsed = publicConfigFromEnv(process.env);
const config = parsed.ok ? parsed.value : fail(parsed.error);
const tls = config.tls && readTlsFiles(config.tls);
if (tls && !tls.ok) fail(tls.error);
const { port, host } = config;

const options: ServerOptions = {
  port,
  host,
  limits,
  ice: config.ice,
  trustedProxies: config.trustedProxies,
  ...(tls?.ok ? { tls: tls.value } : {}),
  ...(config.publicUrl !== null ? { publicUrl: config.publicUrl } : {}),
};
const server = await startServer(options).catch((error: NodeJS.ErrnoException) =>
  fail(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use. Stop the other server or pick another port: PORT=8788 npm start`
      : error.message,
  ),
);

const { stunUrls, turn } = config.ice;
const iceLine =
  stunUrls.length === 0 && turn === null
    ? 'none (one network only; see deploy/README.md)'
    : `${stunUrls.length} STUN, ${turn?.urls.length ?? 0} TURN URLs` +
      (turn ? ` (credentials for ${TURN_CREDENTIAL_TTL_S / 3600} h)` : '') +
      ` at ${new URL(ICE_PATH, server.url).toString()}`;
console.log(`Lookover is running.
  Helper page:  ${server.url}
  MQTT broker:  ${server.brokerUrl}
  Listening:    ${tls ? 'https' : 'http'} on ${host}:${server.port}${config.trustedProxies.length ? `, behind ${config.trustedProxies.join(', ')}` : ''}
  ICE servers:  ${iceLine}
  Extension:    load ${extensionDir} as an unpacked extension (chrome://extensions, Developer mode)
  Limits:       ${limits.maxConnections} connections, ${limits.maxConnectionsPerAddress} per address, \
${limits.maxStatusRecords} status records; origins ${limits.allowedOrigins.join(', ')}
Press Ctrl-C to stop.`);
for (const warning of plainHttpWarnings(config)) console.warn(`Warning: ${warning}`);

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
