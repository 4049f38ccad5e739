import { en } from './en.ts';
import type { Language } from './language.ts';
import type { Catalog } from './translate.ts';
import { zhCN } from './zh-CN.ts';

export const CATALOGS: Record<Language, Catalog> = { en, 'zh-CN': zhCN };
