/** Whether a key goes to a text field: then it is typing, not a shortcut. */
export const isTyping = (event: Event) => {
  const target = event.target as HTMLElement | null;
  return target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA';
};
