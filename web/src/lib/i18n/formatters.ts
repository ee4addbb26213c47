const timeZone = 'Asia/Yerevan';

/** Dates, numbers and units in one language; times always in Yerevan. */
export type Formatters = {
  dateTime(date: Date): string;
  date(date: Date): string;
  number(value: number): string;
  plural(count: number): Intl.LDMLPluralRule;
  hours(value: number): string;
  minutes(value: number): string;
  kilobytes(value: number): string;
  megabytes(value: number): string;
};

const sizeOptions = { style: 'unit', unitDisplay: 'short', maximumFractionDigits: 1 } as const;

function intlFormatters(locale: string): Formatters {
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' });
  const number = new Intl.NumberFormat(locale);
  const plural = new Intl.PluralRules(locale);
  const unit = (name: string, extra = {}) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', ...extra });
  const hours = unit('hour');
  const minutes = unit('minute');
  const kilobytes = unit('kilobyte', sizeOptions);
  const megabytes = unit('megabyte', sizeOptions);
  return {
    dateTime: (d) => dateTime.format(d),
    date: (d) => date.format(d),
    number: (v) => number.format(v),
    plural: (n) => plural.select(n),
    hours: (v) => hours.format(v),
    minutes: (v) => minutes.format(v),
    kilobytes: (v) => kilobytes.format(v),
    megabytes: (v) => megabytes.format(v),
  };
}

const armenianMonths = [
  'հունվարի',
  'փետրվարի',
  'մարտի',
  'ապրիլի',
  'մայիսի',
  'հունիսի',
  'հուլիսի',
  'օգոստոսի',
  'սեպտեմբերի',
  'հոկտեմբերի',
  'նոյեմբերի',
  'դեկտեմբերի',
];

/**
 * Chromium's bundled ICU has no Armenian locale data, so `hy-AM` silently formats as American English.
 * This reproduces ICU's hy-AM patterns ("28 նոյեմբերի, 2026 թ., 11:00", "12 345,5", "2 ժ 5 ր").
 */
function armenianFormatters(): Formatters {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const fields = (d: Date) => {
    const map: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of parts.formatToParts(d)) map[part.type] = part.value;
    return map;
  };
  const date = (d: Date) => {
    const f = fields(d);
    return `${f.day} ${armenianMonths[Number(f.month) - 1]}, ${f.year} թ.`;
  };
  // Armenian groups digits and marks decimals the way Russian does.
  const number = new Intl.NumberFormat('ru-RU');
  const decimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
  return {
    dateTime: (d) => {
      const f = fields(d);
      return `${date(d)}, ${f.hour}:${f.minute}`;
    },
    date,
    number: (v) => number.format(v),
    plural: (n) => (n === 0 || n === 1 ? 'one' : 'other'),
    hours: (v) => `${number.format(v)}\u00a0ժ`,
    minutes: (v) => `${number.format(v)}\u00a0ր`,
    kilobytes: (v) => `${decimal.format(v)}\u00a0կԲ`,
    megabytes: (v) => `${decimal.format(v)}\u00a0ՄԲ`,
  };
}

function hasLocaleData(locale: string): boolean {
  return (
    Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0 && Intl.NumberFormat.supportedLocalesOf(locale).length > 0
  );
}

export function createFormatters(locale: string): Formatters {
  if (locale.startsWith('hy') && !hasLocaleData(locale)) return armenianFormatters();
  return intlFormatters(locale);
}

const yearFormat = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });

/** The session's year as Yerevan sees it. */
export function yerevanYear(iso: string): number {
  return Number(yearFormat.format(new Date(iso)));
}

/** Clock-style offset into a recording: 1:02:03 or 4:05. */
export function clock(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
