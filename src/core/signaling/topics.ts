/**
 * One prefix per session (so a broker can confine a client to it): helpers publish to the sharer's
 * topic, the sharer to each helper's own.
 */
export const TOPIC_ROOT = 'lookover/v1';

export const sessionPrefix = (sessionId: string) => `${TOPIC_ROOT}/${sessionId}/`;
export const sharerTopic = (sessionId: string) => `${sessionPrefix(sessionId)}sharer`;
export const helperTopic = (sessionId: string, helperId: string) =>
  `${sessionPrefix(sessionId)}helper/${helperId}`;
/**
 * The session's one retained record (sealed `live` or `ended`): a link opened after the share
 * stopped says so at once, and a link with a wrong key is told apart from a sharer who is away.
 */
export const statusTopic = (sessionId: string) => `${sessionPrefix(sessionId)}status`;

/**
 * Ids are base64url, and so is every topic level: each engine maps them one to one. NATS 2.9
 * refuses a topic with `.` or a space (2.10 turns `.` into `//`), and its subjects take `*` and `>`
 * as wildcards; `$` begins brokers' own topics.
 */
const ID = '[A-Za-z0-9_-]{8,64}';
const TOPIC = new RegExp(`^${TOPIC_ROOT}/(${ID})/(?:sharer|status|helper/${ID})$`);

export const isStatusTopic = (topic: string) => topic.endsWith('/status') && sessionOfTopic(topic) !== null;

/** The session a topic belongs to, or `null` for any topic Lookover never uses (wildcards included). */
export function sessionOfTopic(topic: string): string | null {
  return TOPIC.exec(topic)?.[1] ?? null;
}
