import browser from 'webextension-polyfill';
import { defaultSettings, parseSettings, type Settings } from '../core/session/settings.ts';

export const DEFAULT_SETTINGS = defaultSettings(__LOOKOVER_DEFAULT_SERVER__);
const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(KEY);
  return parseSettings(stored[KEY], DEFAULT_SETTINGS);
}

export const saveSettings = (settings: Settings) => browser.storage.local.set({ [KEY]: settings });
export const resetSettings = () => browser.storage.local.remove(KEY);
