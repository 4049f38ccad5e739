import { isIPv4, isIPv6 } from 'node:net';

import { MAX_ICE_URL_LENGTH as MAX_URL_LENGTH } from '../core/protocol/signal.ts';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');
/** RFC 7064 and 7065: `scheme:host[:port]`, TURN with an optional `?transport=`. No `//`, no path. */
const ICE_URL =
  /^(stun|stuns|turn|turns):(\[[^\]]*\]|[^:?[\]/]*)(?::([0-9]{1,5}))?(?:\?transport=(udp|tcp))?$/;

export type IceUrlKind = 'stun' | 'turn';

/**
 * Whether `url` is a STUN URL (`stun:`, `stuns:`) or a TURN one (`turn:`, `turns:`) that a browser's
 * RTCPeerConnection takes: a bad one would make every share that carries it fail to start.
 */
export function isIceUrl(url: string, kind: IceUrlKind): boolean {
  if (url.length > MAX_URL_LENGTH) return false;
  const match = ICE_URL.exec(url);
  if (!match) return false;
  const [, scheme = '', host = '', port, transport] = match;
  if (!scheme.startsWith(kind)) return false;
  if (transport !== undefined && kind !== 'turn') return false;
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return false;
  if (host.startsWith('[')) return isIPv6(host.slice(1, -1));
  return isIPv4(host) || (host.length <= 253 && HOSTNAME.test(host) && !/^[0-9.]+$/.test(host));
}
