import { getContext } from 'svelte';
import type { LangCode } from '@server/core/common.contract';
import { createFormatters, type Formatters } from './formatters';
import type { Catalog, MessageKey } from './catalog';
import { en } from './en';
import { hy } from './hy';
import { ru } from './ru';

export type Lang = LangCode;

/**
 * The languages offered, each named in itself: an endonym reads the same in every catalog, so it lives here.
 * `short` is the switch's visible label.
 */
export const languages: readonly { code: Lang; short: string; name: string }[] = [
  { code: 'hy', short: 'Հայ', name: 'Հայերեն' },
  { code: 'en', short: 'EN', name: 'English' },
  { code: 'ru', short: 'РУ', name: 'Русский' },
];

const catalogs: Record<Lang, Catalog> = { hy, en, ru };
const locales: Record<Lang, string> = { hy: 'hy-AM', en: 'en-GB', ru: 'ru-RU' };
const storageKey = 'nist.lang';

export function isLang(value: unknown): value is Lang {
  return value === 'hy' || value === 'en' || value === 'ru';
}

type Params = Record<string, string | number>;

const armenianLetters = /[\u0531-\u0556\u0560-\u0588]/g;

/**
 * The language of text typed by a clerk, when its script says so. Titles are stored once, usually in
 * Armenian; marking them lets screen readers in the English or Russian UI pronounce them.
 */
export function contentLang(text: string): 'hy' | undefined {
  const armenian = text.match(armenianLetters)?.length ?? 0;
  return armenian > 0 && armenian * 2 >= text.replace(/[\s\d\p{P}]/gu, '').length ? 'hy' : undefined;
}

export class I18n {
  #lang = $state<Lang>('hy');
  #formatters: Formatters = $derived(createFormatters(locales[this.#lang]));

  /** `urlLang` (from `?lang=`) wins over the stored choice; Armenian is the default. */
  constructor(urlLang: string | null) {
    const stored = readStored();
    this.#lang = isLang(urlLang) ? urlLang : (stored ?? 'hy');
    if (isLang(urlLang) && urlLang !== stored) store(urlLang);
    document.documentElement.lang = this.#lang;
  }

  get lang(): Lang {
    return this.#lang;
  }

  /** Switches the language and remembers it for this browser. */
  set(lang: Lang): void {
    if (lang === this.#lang) return;
    this.#lang = lang;
    store(lang);
    document.documentElement.lang = lang;
  }

  /** The message for `key` in the current language, with `{name}` placeholders filled. */
  t = (key: MessageKey, params: Params = {}): string => {
    const message = catalogs[this.#lang][key];
    const template =
      typeof message === 'string'
        ? message
        : (message[this.#formatters.plural(Number(params.count ?? 0))] ?? message.other);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#formatters.number(value) : value;
    });
  };

  dateTime(iso: string): string {
    return this.#formatters.dateTime(new Date(iso));
  }

  date(iso: string): string {
    return this.#formatters.date(new Date(iso));
  }

  number(value: number): string {
    return this.#formatters.number(value);
  }

  /** A recording's length in words: "1 h 12 min". */
  duration(totalSec: number): string {
    const minutesTotal = Math.max(1, Math.round(totalSec / 60));
    const h = Math.floor(minutesTotal / 60);
    const m = minutesTotal % 60;
    const parts = [];
    if (h > 0) parts.push(this.#formatters.hours(h));
    if (m > 0 || h === 0) parts.push(this.#formatters.minutes(m));
    return parts.join('\u00a0');
  }

  bytes(bytes: number): string {
    const kb = bytes / 1024;
    return kb < 1024 ? this.#formatters.kilobytes(Math.max(kb, 0.1)) : this.#formatters.megabytes(kb / 1024);
  }
}

function readStored(): Lang | null {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isLang(value) ? value : null;
  } catch {
    return null; // storage can be disabled by the browser's privacy settings
  }
}

function store(lang: Lang): void {
  try {
    window.localStorage.setItem(storageKey, lang);
  } catch {
    // not remembered, still used for this visit
  }
}

export const i18nKey = Symbol('i18n');

export function useI18n(): I18n {
  return getContext<I18n>(i18nKey);
}
