import { describe, expect, it } from 'vitest';
import { deflate, inflate } from './deflate.ts';

const text = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
const streamed = async (bytes: Uint8Array<ArrayBuffer>, how: CompressionStream | DecompressionStream) =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(how)).arrayBuffer());

describe('deflate-raw', () => {
  const sdp = text('a=candidate:1 1 udp 2113937151 192.168.1.2 54321 typ host\r\n'.repeat(40));

  it('round-trips and shrinks an SDP', () => {
    const packed = deflate(sdp);
    expect(packed.length).toBeLessThan(sdp.length / 4);
    expect(inflate(packed, 1 << 18)).toEqual(sdp);
  });

  it('speaks the same format as the Compression Streams API, both ways', async () => {
    expect(inflate(await streamed(sdp, new CompressionStream('deflate-raw')), 1 << 18)).toEqual(sdp);
    expect(await streamed(deflate(sdp), new DecompressionStream('deflate-raw'))).toEqual(sdp);
  });

  it.each([
    ['exactly the limit', 1000, 1000, true],
    ['one byte past the limit', 1001, 1000, false],
    ['a bomb: 10 MB of spaces', 10_000_000, 256 * 1024, false],
  ])('%s', (_name, size, limit, fits) => {
    const body = text(' '.repeat(size));
    expect(inflate(deflate(body), limit)).toEqual(fits ? body : null);
  });

  it.each([
    ['garbage', text('not deflate at all, really not')],
    ['empty', new Uint8Array(0)],
    ['cut short', deflate(sdp).slice(0, 20)],
  ])('refuses %s', (_name, bytes) => {
    expect(inflate(bytes as Uint8Array<ArrayBuffer>, 1 << 18)).toBeNull();
  });
});
