import { describe, expect, it } from 'vitest';
import { iconStateOf, LOGO, renderLogo, type IconState } from './logo.ts';

const at = (pixels: Uint8ClampedArray, size: number, fx: number, fy: number) => {
  const i = (Math.floor(fy * size) * size + Math.floor(fx * size)) * 4;
  return [...pixels.slice(i, i + 4)];
};

describe('the toolbar mark', () => {
  it.each<[string, { phase: string; paused?: boolean; asking: number }, IconState]>([
    ['no share', { phase: 'idle', asking: 0 }, 'idle'],
    ['ended', { phase: 'ended', asking: 0 }, 'idle'],
    ['starting', { phase: 'starting', asking: 0 }, 'live'],
    ['live', { phase: 'live', paused: false, asking: 0 }, 'live'],
    ['paused', { phase: 'live', paused: true, asking: 0 }, 'paused'],
    ['someone asking, even while paused', { phase: 'live', paused: true, asking: 1 }, 'asking'],
  ])('%s: %s', (_, share, state) => expect(iconStateOf(share)).toBe(state));

  it.each<[IconState, number, number, readonly number[]]>([
    ['idle', 0.5, 0.5, LOGO.white],
    ['idle', 0.5, 0.3, LOGO.blue],
    ['idle', 0.5, 0.2, LOGO.white],
    ['live', 0.76, 0.76, LOGO.red],
    ['asking', 0.76, 0.76, LOGO.amber],
    ['paused', 0.5, 0.3, LOGO.grey],
    ['paused', 0.5, 0.5, LOGO.grey],
    ['paused', 0.56, 0.5, LOGO.white],
  ])('%s at (%f, %f) is %o', (state, fx, fy, rgb) => {
    expect(at(renderLogo(128, state), 128, fx, fy)).toEqual([...rgb, 255]);
  });

  it('leaves the corners clear and smooths the edges', () => {
    const pixels = renderLogo(32);
    expect(at(pixels, 32, 0, 0)[3]).toBe(0);
    const alphas = new Set<number>();
    for (let i = 3; i < pixels.length; i += 4) alphas.add(pixels[i]!);
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true);
  });
});
