import { describe, expect, it } from 'vitest';
import { parsePointerMessage } from './pointer.ts';

describe('pointer messages', () => {
  it.each([
    ['{"t":"pointer","x":0.5,"y":0.25}', { t: 'pointer', x: 0.5, y: 0.25 }],
    ['{"t":"pointer","x":0,"y":1}', { t: 'pointer', x: 0, y: 1 }],
    ['{"t":"pointer-leave"}', { t: 'pointer-leave' }],
  ])('accepts %s', (data, expected) => {
    expect(parsePointerMessage(data)).toEqual(expected);
  });

  it.each([
    ['not JSON', 'hello'],
    ['NaN', '{"t":"pointer","x":NaN,"y":0}'],
    ['null coordinate (JSON of NaN)', '{"t":"pointer","x":null,"y":0}'],
    ['1e308', '{"t":"pointer","x":1e308,"y":0}'],
    ['Infinity overflow', '{"t":"pointer","x":1e999,"y":0}'],
    ['negative', '{"t":"pointer","x":-0.1,"y":0}'],
    ['above one', '{"t":"pointer","x":0.5,"y":1.01}'],
    ['string coordinate', '{"t":"pointer","x":"0.5","y":0.5}'],
    ['markup type', '{"t":"<img src=x onerror=alert(1)>","x":0.5,"y":0.5}'],
    ['unknown type', '{"t":"stroke"}'],
    ['array', '[1,2]'],
    ['binary', new ArrayBuffer(8)],
    ['oversize', `{"t":"pointer","x":0.5,"y":0.5,"pad":"${'x'.repeat(17_000)}"}`],
  ])('drops %s', (_name, data) => {
    expect(parsePointerMessage(data)).toBeNull();
  });
});
