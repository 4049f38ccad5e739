import type { HelperSignalingEvents } from '../../src/core/signaling/helper-signaling.ts';
import type { SharerSignalingEvents } from '../../src/core/signaling/sharer-signaling.ts';

const ignore = () => undefined;

/** Helper-side signaling handlers for tests and the bench: the ones given, the rest ignore. */
export const helperEvents = (given: Partial<HelperSignalingEvents> = {}): HelperSignalingEvents => ({
  onLive: ignore,
  onAnswer: ignore,
  onOffer: ignore,
  onCandidates: ignore,
  onAdmit: ignore,
  onDeny: ignore,
  onEnd: ignore,
  onWrongKey: ignore,
  ...given,
});

/** Sharer-side signaling handlers for tests and the bench: the ones given, the rest ignore. */
export const sharerEvents = (given: Partial<SharerSignalingEvents> = {}): SharerSignalingEvents => ({
  onJoin: ignore,
  onAnswer: ignore,
  onCandidates: ignore,
  onLeave: ignore,
  ...given,
});
