import type { IceServerConfig } from '../core/protocol/signal.ts';
import { turnCredential } from './turn-credential.ts';

/** The STUN and TURN servers this server hands out at `/ice` (docs/decisions/0019-public-server.md). */
export interface IceConfig {
  stunUrls: readonly string[];
  /** TURN URLs and coturn's `static-auth-secret`, from which each answer's credential is made. */
  turn: { urls: readonly string[]; secret: string } | null;
}

export const NO_ICE: IceConfig = { stunUrls: [], turn: null };

/**
 * What `GET /ice` answers: the servers in `RTCPeerConnection`'s form, STUN as configured and TURN with
 * a fresh credential, and when that credential stops working (absent when there is none).
 */
export interface IceAnswer {
  iceServers: IceServerConfig[];
  expiresAt?: number;
}

export function iceAnswer(config: IceConfig, now = Date.now(), id?: string): IceAnswer {
  const iceServers: IceServerConfig[] = config.stunUrls.map((urls) => ({ urls }));
  if (!config.turn) return { iceServers };
  const { username, credential, expiresAt } = turnCredential(config.turn.secret, now, id);
  iceServers.push({ urls: [...config.turn.urls], username, credential });
  return { iceServers, expiresAt };
}
