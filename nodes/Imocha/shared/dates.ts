// Dates and times as iMocha takes them: UTC ISO 8601 to the second, e.g. 2020-06-11T16:00:00Z
// (docs/imocha-api.md §5). The one place the package reads and writes them, with luxon: luxon
// parses the text, applies offsets and knows the time zones (IANA names, daylight saving).
import { DateTime, IANAZone } from 'luxon';

/**
 * The ISO 8601 forms accepted: a calendar date, optionally a time (hours 00–23, seconds and a
 * fraction optional, after a T or a space) and a UTC offset (Z, or ±hh[:mm] up to ±14:59). Luxon's
 * other ISO forms (week dates, ordinal dates, a time alone, 24:00) are not dates a person types here.
 */
const ISO_DATE_TIME =
	/^(\d{4}-\d{2}-\d{2})(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?))?\s*(Z|[+-](?:0\d|1[0-4])(?::?[0-5]\d)?)?$/i;

/** The years accepted: a year before 1900 (year 0000, 0025 for 2025) is a typo, and one after 9999 has no yyyy form. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 9999;

/** An instant as iMocha wants it: UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
export function imochaTime(instant: number | Date | DateTime): string {
	const dateTime =
		instant instanceof DateTime ? instant : instant instanceof Date ? DateTime.fromJSDate(instant) : DateTime.fromMillis(instant);
	return dateTime.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/** What reading a date gave: its instant, or why there is none. */
export type InstantReading =
	| { instant: DateTime; problem?: 'out-of-range' }
	| { instant?: undefined; problem: 'invalid' | 'unknown-zone' };

/**
 * A local time (no offset) in an IANA zone. A time the clocks skip (a daylight-saving gap) is moved
 * forward by the gap's length, as luxon does: 02:30 on the night New York springs forward is 03:30
 * EDT. A time the clocks show twice (an overlap) is the first of the two, before the clocks go back:
 * 01:30 on the night New York falls back is 01:30 EDT. (JavaScript's Date, java.time and
 * Temporal's "compatible" do the same; luxon alone takes either occurrence depending on the zone.)
 */
function localTime(text: string, zone: string): DateTime {
	const resolved = DateTime.fromISO(text, { zone });
	if (!resolved.isValid) return resolved;
	const wallClock = (dateTime: DateTime) => dateTime.toISO({ includeOffset: false });
	// The zone's offsets a day before and after the same wall-clock time: in an overlap, one of them
	// gives the other occurrence.
	const occurrences = [resolved.minus({ days: 1 }).offset, resolved.plus({ days: 1 }).offset]
		.map((offset) => resolved.plus({ minutes: resolved.offset - offset }))
		.filter((other) => wallClock(other) === wallClock(resolved));
	return occurrences.reduce((first, other) => (other < first ? other : first), resolved);
}

/**
 * The instant a value denotes: an ISO 8601 text (with an offset; without one, as n8n's date picker
 * gives, it is read in `timeZone`, an IANA name such as Europe/Berlin), a JavaScript Date or a
 * Luxon DateTime (what expressions such as {{ $now }} give). `problem` says why there is none
 * ('invalid'; 'unknown-zone': no offset, and `timeZone` is not a known zone), or that the instant's
 * UTC year is outside FIRST_YEAR–LAST_YEAR ('out-of-range').
 */
export function readInstant(value: unknown, timeZone = 'UTC'): InstantReading {
	const inRange = (instant: DateTime): InstantReading => {
		const { year } = instant.toUTC();
		return year < FIRST_YEAR || year > LAST_YEAR ? { instant, problem: 'out-of-range' } : { instant };
	};
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? { problem: 'invalid' } : inRange(DateTime.fromJSDate(value));
	}
	if (DateTime.isDateTime(value)) return value.isValid ? inRange(value) : { problem: 'invalid' };
	// A DateTime of another luxon copy (n8n's own) is not `instanceof` ours.
	const toJSDate = (value as { toJSDate?: unknown } | null)?.toJSDate;
	if (typeof toJSDate === 'function') return readInstant(toJSDate.call(value), timeZone);
	if (typeof value !== 'string') return { problem: 'invalid' };
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return { problem: 'invalid' };
	const [, date, time = '00:00', offset] = match;
	let instant: DateTime;
	if (offset) {
		// luxon before 3.5 (n8n 1.x ships 3.4.4) reads only an uppercase Z.
		instant = DateTime.fromISO(`${date}T${time}${offset.toUpperCase()}`, { zone: 'UTC' });
	} else {
		if (!IANAZone.isValidZone(timeZone)) return { problem: 'unknown-zone' };
		instant = localTime(`${date}T${time}`, timeZone);
	}
	// luxon refuses out-of-range parts (month 13, 30 February) as invalid rather than rolling them over.
	return instant.isValid ? inRange(instant) : { problem: 'invalid' };
}

/** iMocha's UTC times without an offset ("2020-10-09T13:21:53") as ISO 8601 UTC with Z; other text as is. */
export function utcIso(value: unknown): string | null {
	if (typeof value !== 'string' || !value.trim()) return null;
	const text = value.trim();
	const parsed = DateTime.fromISO(text, { zone: 'UTC' });
	return parsed.isValid ? imochaTime(parsed) : text;
}
