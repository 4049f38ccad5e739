/** A codec as `RTCRtpReceiver.getCapabilities('video').codecs` lists it. */
export interface CodecCapability {
  mimeType: string;
  clockRate: number;
  sdpFmtpLine?: string;
}

const fmtp = (codec: CodecCapability) => codec.sdpFmtpLine ?? '';

/**
 * The video codecs a helper offers to receive, in order. Chrome lists every variant it has (VP8, four
 * VP9 profiles, eight H.264 profiles and modes, AV1, RED, ULPFEC, FlexFEC): most of an offer's bytes,
 * and an answer mirrors them (docs/decisions/0010-few-small-signaling-messages.md). Kept: VP8 first
 * (what Chrome sends by default, so encoding does not change:
 * docs/decisions/0016-vp8-first-text-over-smoothness.md), VP9 profile 0, one H.264 (constrained
 * baseline, packetization mode 1: the profile every hardware encoder has), and retransmission for
 * each. Nothing known in the list: it is kept as it is, so no browser ends up offering no video.
 */
export function helperVideoCodecs<T extends CodecCapability>(codecs: readonly T[]): T[] {
  const vp8 = codecs.filter((c) => /^video\/vp8$/i.test(c.mimeType));
  // No profile-id means profile 0 (RFC 9628).
  const vp9 = codecs.filter(
    (c) => /^video\/vp9$/i.test(c.mimeType) && /^(?!.*profile-id=)|profile-id=0\b/.test(fmtp(c)),
  );
  const h264 = codecs
    .filter(
      (c) =>
        /^video\/h264$/i.test(c.mimeType) &&
        /profile-level-id=42e01f/i.test(fmtp(c)) &&
        /packetization-mode=1/.test(fmtp(c)),
    )
    .slice(0, 1);
  const kept = [...vp8, ...vp9, ...h264];
  if (kept.length === 0) return [...codecs];
  return [...kept, ...codecs.filter((c) => /^video\/rtx$/i.test(c.mimeType))];
}
