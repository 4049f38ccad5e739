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
 * and an answer mirrors them (issue 5: set-up bytes against Trystero). Kept: VP9 profile 0 first, then
 * VP8, one H.264 (constrained baseline, packetization mode 1: the profile every hardware encoder
 * has), and retransmission for each. The sharer sends the first one this answer lists that it has.
 *
 * VP9 first (issue 5, text sharpness): on an 80 kbps uplink it held 1280x720 at 21 to 26 fps where
 * VP8 fell to 6 to 9 fps, with text a little sharper (1.08x edge energy); uncapped, the sharer's CPU,
 * glass to glass and frame rate at 720p and 1080p matched VP8's within noise. A browser that cannot
 * receive VP9 does not list it, and gets VP8. Nothing known in the list: it is kept as it is, so no
 * browser ends up offering no video.
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
  const kept = [...vp9, ...vp8, ...h264];
  if (kept.length === 0) return [...codecs];
  return [...kept, ...codecs.filter((c) => /^video\/rtx$/i.test(c.mimeType))];
}
