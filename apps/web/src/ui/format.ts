import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates, times and numbers in the reader's language (Europe/Warsaw time, as the partnership works). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'pl-PL';
  return useMemo(() => {
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Warsaw' });
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Warsaw' });
    const number = new Intl.NumberFormat(locale);
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    return {
      locale,
      /** A calendar day `YYYY-MM-DD` (no time zone shift) or an instant. */
      date: (value: string | null | undefined) => {
        if (!value) return '';
        const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
        return date.format(day);
      },
      dateTime: (value: string | null | undefined) => (value ? dateTime.format(new Date(value)) : ''),
      time: (value: string | Date) => time.format(typeof value === 'string' ? new Date(value) : value),
      number: (value: number) => number.format(value),
      /** "3 days ago", "in 2 hours". */
      relative: (value: string | null | undefined, now = Date.now()) => {
        if (!value) return '';
        const seconds = Math.round((new Date(value).getTime() - now) / 1000);
        const abs = Math.abs(seconds);
        if (abs < 60) return relative.format(seconds, 'second');
        if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
        if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
        return relative.format(Math.round(seconds / 86_400), 'day');
      },
    };
  }, [locale]);
}
