/** The helper's display name, remembered across shares on this browser. */
const NAME_KEY = 'lookover.name';

export const rememberedName = (): string => {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
};

export const rememberName = (name: string) => {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Storage may be off (private mode): the name is then asked for each time.
  }
};

/**
 * The ticket the sharer gave after Allow, kept per session and per tab across a reload
 * (sessionStorage), so the sharer can let the same person back in without asking again; a new
 * tab or browser is a new request. It only ever goes back to the sharer over a peer link.
 */
const ticketKey = (sessionId: string) => `lookover.ticket.${sessionId}`;

export function rejoinTicket(sessionId: string): string | null {
  try {
    return sessionStorage.getItem(ticketKey(sessionId));
  } catch {
    // Storage may be off (private mode): the sharer is then asked again after a reload.
    return null;
  }
}

export function keepRejoinTicket(sessionId: string, ticket: string) {
  try {
    sessionStorage.setItem(ticketKey(sessionId), ticket);
  } catch {
    // As above: without storage, a reload asks again.
  }
}
