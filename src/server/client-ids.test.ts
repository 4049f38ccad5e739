import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createClientIds } from './client-ids.ts';

const connection = (saidGoodbye = false) =>
  Object.assign(new EventEmitter(), { destroyed: false, saidGoodbye });

describe('client ids', () => {
  it('refuses a live id, and lets it in again once its connection closed', () => {
    const presence: string[] = [];
    const ids = createClientIds({
      arrived: (id) => presence.push(`+${id}`),
      left: (id, bye) => presence.push(`-${id}${bye ? ' (goodbye)' : ''}`),
    });
    const first = connection();
    expect(ids.claim('x', first)).toBeNull();
    expect(ids.claim('x', connection())).toBe('client id already connected');
    expect(ids.claim('y', connection(true))).toBeNull();
    first.emit('close');
    const again = connection(true);
    expect(ids.claim('x', again)).toBeNull();
    again.emit('close');
    expect(presence).toEqual(['+x', '+y', '-x', '+x', '-x (goodbye)']);
    expect([ids.isLive('x'), ids.isLive('y')]).toEqual([false, true]);
  });

  it('lets an id in from a connection that is being torn down', () => {
    const ids = createClientIds({ arrived: () => {}, left: () => {} });
    const dying = connection();
    ids.claim('x', dying);
    dying.destroyed = true;
    const next = connection();
    expect(ids.claim('x', next)).toBeNull();
    dying.emit('close');
    expect(ids.isLive('x')).toBe(true);
  });
});
