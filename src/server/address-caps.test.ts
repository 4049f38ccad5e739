import { describe, expect, it } from 'vitest';
import { createAddressCaps } from './address-caps.ts';

/** `+a` takes a place for address a, `-a` gives one back; the verdict of each `+`. */
function run(steps: string[]) {
  const caps = createAddressCaps({ perAddress: 2, total: 3 });
  const verdicts = steps.flatMap((step) => {
    const address = step.slice(1);
    if (step.startsWith('+')) return [caps.take(address) ?? 'ok'];
    caps.release(address);
    return [];
  });
  return { verdicts, total: caps.total };
}

describe('address caps (2 per address, 3 in all)', () => {
  it.each([
    ['one address up to its cap', ['+a', '+a', '+a'], ['ok', 'ok', 'address'], 2],
    ['several addresses up to the total', ['+a', '+b', '+c', '+d'], ['ok', 'ok', 'ok', 'total'], 3],
    ['the address cap before the total', ['+a', '+a', '+b', '+a'], ['ok', 'ok', 'ok', 'address'], 3],
    ['a place given back is taken again', ['+a', '+a', '-a', '+a', '+a'], ['ok', 'ok', 'ok', 'address'], 2],
    [
      'the total frees for another address',
      ['+a', '+a', '+b', '+c', '-a', '+c'],
      ['ok', 'ok', 'ok', 'total', 'ok'],
      3,
    ],
    ['giving back what was never taken', ['-a', '-b', '+a'], ['ok'], 1],
    ['everything given back', ['+a', '+b', '-a', '-b'], ['ok', 'ok'], 0],
  ])('%s', (_name, steps, verdicts, total) => {
    expect(run(steps)).toEqual({ verdicts, total });
  });
});
