// Dates and times as iMocha takes them: UTC ISO 8601 to the second, e.g. 2020-06-11T16:00:00Z
// (docs/imocha-api.md §5). The one place the package reads and writes them, with luxon.
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/** The furthest real offsets from UTC are -12:00 and +14:00. */
const MAX_OFFSET_HOURS = 14;

/** An instant as iMocha wants it: UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
export function imochaTime(instant: number | Date | DateTime): string {
	const dateTime =
		instant instanceof DateTime ? instant : instant instanceof Date ? DateTime.fromJSDate(instant) : DateTime.fromMillis(instant);
	return dateTime.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/**
 * The instant a value denotes, or undefined: an ISO 8601 text (with an offset; without one, as
 * n8n's date picker gives, it is read in `timeZone`, and an unknown zone name reads UTC), a
 * JavaScript Date or a Luxon DateTime (what expressions such as {{ $now }} give).
 */
export function parseInstant(value: unknown, timeZone = 'UTC'): DateTime | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : DateTime.fromJSDate(value);
	if (DateTime.isDateTime(value)) return value.isValid ? value : undefined;
	// A DateTime of another luxon copy (n8n's own) is not `instanceof` ours.
	const toJSDate = (value as { toJSDate?: unknown } | null)?.toJSDate;
	if (typeof toJSDate === 'function') return parseInstant(toJSDate.call(value), timeZone);
	if (typeof value !== 'string') return undefined;
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', utc, sign, offsetHours, offsetMinutes = '0'] = match;
	if (+hour > 23 || +minute > 59 || +second > 59) return undefined;
	let zone: FixedOffsetZone | IANAZone | string = 'UTC';
	if (sign) {
		if (Number(offsetHours) > MAX_OFFSET_HOURS || Number(offsetMinutes) > 59) return undefined;
		zone = FixedOffsetZone.instance((sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)));
	} else if (!utc && IANAZone.isValidZone(timeZone)) {
		zone = timeZone;
	}
	const parsed = DateTime.fromObject(
		{ year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +second },
		{ zone },
	);
	// luxon refuses out-of-range parts (month 13, 25:00) as invalid rather than rolling them over.
	return parsed.isValid ? parsed : undefined;
}

/** iMocha's UTC times without an offset ("2020-10-09T13:21:53") as ISO 8601 UTC with Z; other text as is. */
export function utcIso(value: unknown): string | null {
	if (typeof value !== 'string' || !value.trim()) return null;
	const text = value.trim();
	const parsed = DateTime.fromISO(text, { zone: 'UTC' });
	return parsed.isValid ? imochaTime(parsed) : text;
}
