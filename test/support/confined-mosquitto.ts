import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMosquitto, type MosquittoConf } from '../bench/brokers.ts';

const deployed = (name: string) => fileURLToPath(new URL(`../../deploy/mosquitto/${name}`, import.meta.url));

/**
 * `deploy/mosquitto/mosquitto.conf` as shipped, but on the given loopback ports and with the ACL
 * file from the same folder. Each rewritten line must be there: a test of a configuration that has
 * drifted from the shipped one would prove nothing.
 */
export const shippedConf: MosquittoConf = ({ tcp, ws }) => {
  const rewrites: [RegExp, string][] = [
    [/^listener 1883 127\.0\.0\.1$/, `listener ${tcp} 127.0.0.1`],
    [/^listener 9001$/, `listener ${ws} 127.0.0.1`],
    [/^acl_file .*$/, `acl_file ${deployed('lookover.acl')}`],
  ];
  const lines = readFileSync(deployed('mosquitto.conf'), 'utf8').split('\n');
  for (const [pattern] of rewrites)
    if (!lines.some((line) => pattern.test(line))) throw new Error(`mosquitto.conf has no ${pattern}`);
  return lines.map((line) => rewrites.reduce((out, [pattern, value]) => out.replace(pattern, value), line));
};

/** Mosquitto running Lookover's shipped confinement. */
export const startConfinedMosquitto = () => startMosquitto(shippedConf);
