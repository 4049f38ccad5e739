/** The payload-type attributes a section can carry, each naming one payload type. */
const CODEC_LINE = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[\s/]/;

/**
 * An SDP without the codec lines (`rtpmap`, `fmtp`, `rtcp-fb`) of payload types its section's
 * `m=` line does not list. Firefox leaves them in an answer for the codecs `setCodecPreferences`
 * left out, and Chrome refuses such an answer ("Failed to parse codecs correctly"): see
 * docs/decisions/0024-answers-chrome-can-read.md. Anything else, `rtcp-fb:*` included, is kept as
 * it was. Lines end in CRLF (RFC 8866); a bare LF is read too.
 */
export function withoutStrayCodecLines(sdp: string): string {
  let listed: Set<string> | null = null;
  const kept: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    // m=<media> <port> <proto> <fmt> ...: the formats are the payload types.
    if (line.startsWith('m=')) listed = new Set(line.split(' ').slice(3));
    const type = CODEC_LINE.exec(line)?.[1];
    if (listed === null || type === undefined || listed.has(type)) kept.push(line);
  }
  return kept.join('\r\n');
}
