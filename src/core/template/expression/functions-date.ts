// Date functions over known inputs: dateTimeAdd, dateTimeToEpoch, dateTimeFromEpoch (utcNow is runtime-only).
import { UnresolvedError } from './errors.js';
import { argInt, argString, eager, evaluationError, type FunctionTable } from './function-table.js';

export const DATE_FUNCTIONS: FunctionTable = {
  datetimeadd: eager(2, 3, (args) => {
    const base = parseDate('dateTimeAdd', argString('dateTimeAdd', args, 0));
    const result = addDuration(base, argString('dateTimeAdd', args, 1));
    return formatDate(result, args.length > 2 ? argString('dateTimeAdd', args, 2) : undefined);
  }),
  datetimetoepoch: eager(1, 1, (args) =>
    Math.floor(parseDate('dateTimeToEpoch', argString('dateTimeToEpoch', args, 0)).getTime() / 1000),
  ),
  datetimefromepoch: eager(1, 1, (args) => formatDate(new Date(argInt('dateTimeFromEpoch', args, 0) * 1000), undefined)),
};

function parseDate(fn: string, text: string): Date {
  // A time without a zone is UTC in ARM.
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text.trim()) || !/\d:\d/.test(text) ? text : `${text}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw evaluationError(`${fn}(): '${text}' is not a date and time.`);
  return date;
}

function addDuration(base: Date, duration: string): Date {
  const match = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
    duration.trim(),
  );
  if (!match || duration.trim().toUpperCase().endsWith('T') || /^-?P$/i.test(duration.trim())) {
    throw evaluationError(`dateTimeAdd(): '${duration}' is not an ISO 8601 duration such as 'P1D' or 'PT6H'.`);
  }
  const sign = match[1] ? -1 : 1;
  const [years, months, weeks, days, hours, minutes] = match.slice(2, 8).map((p) => sign * Number(p ?? 0));
  const seconds = sign * Number(match[8] ?? 0);
  const date = new Date(base.getTime());
  date.setUTCFullYear(date.getUTCFullYear() + years!, date.getUTCMonth() + months!);
  date.setTime(date.getTime() + ((((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds) * 1000);
  return date;
}

const TOKENS: Record<string, (d: Date) => string> = {
  yyyy: (d) => String(d.getUTCFullYear()).padStart(4, '0'),
  MM: (d) => two(d.getUTCMonth() + 1),
  dd: (d) => two(d.getUTCDate()),
  HH: (d) => two(d.getUTCHours()),
  mm: (d) => two(d.getUTCMinutes()),
  ss: (d) => two(d.getUTCSeconds()),
};

/** ISO 8601 by default; custom formats built from yyyy MM dd HH mm ss and punctuation. */
function formatDate(date: Date, format: string | undefined): string {
  if (format === undefined || format === 's' || format === 'u') {
    const iso = `${TOKENS.yyyy!(date)}-${TOKENS.MM!(date)}-${TOKENS.dd!(date)}T${TOKENS.HH!(date)}:${TOKENS.mm!(date)}:${TOKENS.ss!(date)}`;
    return format === 's' ? iso : format === 'u' ? `${iso.replace('T', ' ')}Z` : `${iso}Z`;
  }
  if (!/^(yyyy|MM|dd|HH|mm|ss|[-/:. TZ_])+$/.test(format)) {
    throw new UnresolvedError(`dateTimeAdd() format '${format}' is not supported offline`);
  }
  return format.replace(/yyyy|MM|dd|HH|mm|ss/g, (token) => TOKENS[token]!(date));
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
