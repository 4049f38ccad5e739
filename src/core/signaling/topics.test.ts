import { describe, expect, it } from 'vitest';
import { helperTopic, sessionOfTopic, sharerTopic, statusTopic } from './topics.ts';

const sid = 'AAAAAAAAAAAAAAAAAAAAAA';
describe('topics', () => {
  it.each([
    [sharerTopic(sid), sid],
    [helperTopic(sid, 'helper-123'), sid],
    [statusTopic(sid), sid],
    ['lookover/v1/#', null],
    ['lookover/v1/+/sharer', null],
    [`lookover/v1/${sid}/#`, null],
    [`lookover/v1/${sid}/helper/+`, null],
    ['#', null],
    [`lookover/v1/${sid}/sharer/extra`, null],
    [`other/${sid}/sharer`, null],
    [`${'a/'.repeat(100)}b`, null],
    // Characters some engine maps or refuses (NATS: `.` and space refused, `*` and `>` wildcards).
    ['lookover/v1/AAAAAAAAAAA.AAAAAAAAAA/sharer', null],
    ['lookover/v1/AAAAAAAAAAA AAAAAAAAAA/sharer', null],
    [`lookover/v1/${sid}/helper/helper*123`, null],
    [`lookover/v1/${sid}/helper/helper>123`, null],
    ['lookover/v1/$AAAAAAAAAAAAAAAAAAAAA/sharer', null],
  ])('%s belongs to %s', (topic, session) => {
    expect(sessionOfTopic(topic)).toBe(session);
  });
});
