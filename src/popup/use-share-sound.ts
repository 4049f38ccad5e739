import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { failures } from '../core/util/failures.ts';

const KEY = 'shareSound';

/** Whether to share the tab's sound too: off until the sharer asks, then remembered. */
export function useShareSound(): [boolean, (value: boolean) => void] {
  const [sound, setSound] = useState(false);
  useEffect(() => {
    browser.storage.local
      .get(KEY)
      .then((stored) => setSound(stored[KEY] === true))
      .catch(failures.as('read share sound'));
  }, []);
  const change = (value: boolean) => {
    setSound(value);
    void browser.storage.local.set({ [KEY]: value }).catch(failures.as('save share sound'));
  };
  return [sound, change];
}
