import type { IDataObject, INode } from 'n8n-workflow';
import { invalidInput } from '../transport/errors';
import { isSecureUrl, parseUrl } from '../transport/hosts';
import { FIRST_YEAR, imochaTime, LAST_YEAR, readInstant } from './dates';

// Deliberately simple: one @, no spaces, a dot in the domain. iMocha applies its own stricter check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Control characters (a newline, a tab, NUL...) have no place in a one-line field. */
const CONTROL = /\p{Cc}/u;

/** What a value that is not text is, in words: "a list", "an object", "the number 42". */
export function kindOf(value: unknown): string | undefined {
	if (Array.isArray(value)) return 'a list';
	if (value !== null && typeof value === 'object') return 'an object';
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `the value ${value}`;
	return undefined;
}

export function requireEmail(node: INode, itemIndex: number, field: string, value: unknown): string {
	const given = kindOf(value);
	if (given) {
		throw invalidInput(node, itemIndex, `${field} is ${given}, not an email address`, `Map a single email address (text) to '${field}', e.g. nathan@example.com.`);
	}
	const email = typeof value === 'string' ? value.trim() : '';
	if (!email) {
		throw invalidInput(node, itemIndex, `${field} is empty`, `Enter the person's email address in '${field}', e.g. nathan@example.com.`);
	}
	if (!EMAIL.test(email)) {
		throw invalidInput(
			node,
			itemIndex,
			`${field} "${email}" is not a valid email address`,
			`Use an address like nathan@example.com in '${field}'.`,
		);
	}
	return email;
}

/** A number or a text as the text it reads (trimmed); '' for anything else. */
function asText(value: unknown): string {
	return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
}

/** Digits (a number, or text) as a safe integer of `min` or more; undefined for anything else (a sign, a fraction, above 2^53 − 1). */
export function safeIntegerOf(value: unknown, min = 0): number | undefined {
	const text = asText(value);
	const integer = /^\d+$/.test(text) ? Number(text) : NaN;
	return Number.isSafeInteger(integer) && integer >= min ? integer : undefined;
}

/** iMocha ids are 64-bit integers; anything that is not a whole number above zero is refused. */
export function requirePositiveInteger(node: INode, itemIndex: number, field: string, value: unknown): number {
	const text = asText(value);
	const id = safeIntegerOf(text, 1);
	if (id === undefined) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `${field} "${text}" is not a positive whole number` : `${field} is empty`,
			`'${field}' takes iMocha's numeric ID, e.g. 42.`,
		);
	}
	return id;
}

/** A count that may be 0 (e.g. how many violations end a test): a whole number from 0. */
export function requireCount(node: INode, itemIndex: number, field: string, value: unknown): number {
	const text = asText(value);
	const count = safeIntegerOf(text);
	if (count === undefined) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `${field} "${text}" is not a whole number of 0 or more` : `${field} is empty`,
			`'${field}' takes a whole number, e.g. 3 (0 is allowed).`,
		);
	}
	return count;
}

export function requireOneOf<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw invalidInput(
		node,
		itemIndex,
		`${field} "${String(value)}" is not one of ${allowed.join(', ')}`,
		`Pick one of: ${allowed.join(', ')}.`,
	);
}

/**
 * One line of text: a string (or a number, written as digits), trimmed, without control characters.
 * A list or an object is refused rather than sent as "[object Object]".
 */
export function requireText(node: INode, itemIndex: number, field: string, value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		const given = kindOf(value);
		if (given) throw invalidInput(node, itemIndex, `${field} is ${given}, not text`, `Map a single text value to '${field}'.`);
	}
	const text = asText(value);
	if (!text) throw invalidInput(node, itemIndex, `${field} is empty`, `Enter a value for '${field}'.`);
	if (CONTROL.test(text)) {
		throw invalidInput(
			node,
			itemIndex,
			`${field} contains a control character (e.g. a line break or a tab)`,
			`Enter '${field}' on one line, without line breaks, tabs or other control characters.`,
		);
	}
	return text;
}

/**
 * A person's name (Full Name, Candidate Name): one line of text as `requireText`, but a number is
 * refused: a name is never one, so a number means a numeric column (an ID, a phone) was mapped, and
 * sending it would create a person named "123". Digits given as text are the user's choice and sent.
 */
export function requireName(node: INode, itemIndex: number, field: string, value: unknown): string {
	if (typeof value === 'number') {
		throw invalidInput(
			node,
			itemIndex,
			`${field} is the number ${value}, not a name`,
			`Map the person's name (text) to '${field}'; check that the expression picks the name column, not an ID. To send digits as the name, give them as text, e.g. {{ String($json.name) }}.`,
		);
	}
	return requireText(node, itemIndex, field, value);
}

/** Optional one-line text: empty (or not given) is undefined; anything else as `requireText`. */
export function optionalText(node: INode, itemIndex: number, field: string, value: unknown): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	return requireText(node, itemIndex, field, value);
}

/**
 * The numeric id in a resource locator: picked from the list, typed as an ID, or (with
 * `urlPattern`, whose first group is the id) read from a URL.
 */
export function requireLocatorId(
	node: INode,
	itemIndex: number,
	field: string,
	locator: unknown,
	urlPattern?: RegExp,
): number {
	const { mode, value } = (locator !== null && typeof locator === 'object' ? locator : { value: locator }) as {
		mode?: string;
		value?: unknown;
	};
	if (mode === 'url' && urlPattern) {
		const url = typeof value === 'string' ? value.trim() : '';
		const id = urlPattern.exec(url)?.[1];
		if (!id) {
			throw invalidInput(
				node,
				itemIndex,
				`${field} URL "${url}" does not contain a numeric ${field.toLowerCase()} ID`,
				`Paste the address of the ${field.toLowerCase()} from the iMocha app, or switch '${field}' to "By ID".`,
			);
		}
		return requirePositiveInteger(node, itemIndex, field, id);
	}
	return requirePositiveInteger(node, itemIndex, field, value);
}

/** Numeric ids given as a list, or as text separated by commas, spaces or new lines. */
export function requireIdList(node: INode, itemIndex: number, field: string, value: unknown): number[] {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: typeof value === 'string'
				? value.split(/[\s,;]+/).filter(Boolean)
				: [];
	if (parts.length === 0) {
		throw invalidInput(node, itemIndex, `${field} is empty`, `Enter one or more numeric IDs in '${field}', e.g. 2932950, 2932951.`);
	}
	return parts.map((part) =>
		requirePositiveInteger(node, itemIndex, field, typeof part === 'object' ? JSON.stringify(part) : part),
	);
}

/** iMocha's 0/1 flags from a toggle (or a mapped true/false, 1/0). */
export function toFlag(node: INode, itemIndex: number, field: string, value: unknown): 0 | 1 {
	if (value === true || value === 1 || value === 'true' || value === '1') return 1;
	if (value === false || value === 0 || value === 'false' || value === '0') return 0;
	throw invalidInput(node, itemIndex, `${field} "${String(value)}" is not true or false`, `Switch '${field}' on or off, or map a true/false value.`);
}

export function requireHttpUrl(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const url = parseUrl(text);
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `${field} "${text}" is not a valid URL` : `${field} is empty`,
			`Enter a full address starting with https:// in '${field}', e.g. https://example.com/imocha/callback.`,
		);
	}
	return text;
}

/**
 * The address iMocha calls back: https, since it carries the iMocha Trigger's secret token (and
 * iMocha requires TLS); plain http only to this machine, for local tests.
 */
export function requireCallbackUrl(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = requireHttpUrl(node, itemIndex, field, value);
	if (!isSecureUrl(new URL(text))) {
		throw invalidInput(
			node,
			itemIndex,
			`${field} "${text}" must start with https://`,
			`iMocha sends its callbacks only over TLS, and the URL carries the iMocha Trigger's secret token, which must not travel in clear text. Use the trigger's https:// Production URL (plain http:// is accepted only for localhost).`,
		);
	}
	return text;
}

/** Comma-separated email addresses, each checked; returned joined by commas. */
export function requireEmailList(node: INode, itemIndex: number, field: string, value: unknown): string {
	const parts = (typeof value === 'string' ? value : '').split(/[\s,;]+/).filter(Boolean);
	if (parts.length === 0) throw invalidInput(node, itemIndex, `${field} is empty`, `Enter one or more email addresses in '${field}'.`);
	return parts.map((part) => requireEmail(node, itemIndex, field, part)).join(',');
}

/**
 * A date and time as iMocha wants it: UTC, `yyyy-MM-ddTHH:mm:ssZ`. Takes an ISO 8601 string (with
 * any offset; without one, as n8n's date picker gives, it is read in `timeZone`, the workflow's
 * time zone, see `readInstant` for daylight-saving gaps and overlaps), a JavaScript Date or a Luxon
 * DateTime. Refused: anything else, a time without an offset when the workflow's zone is unknown,
 * and a year outside 1900–9999.
 */
export function toImochaDateTime(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	timeZone = 'UTC',
): string {
	const reading = readInstant(value, timeZone);
	if (reading.problem === 'unknown-zone') {
		throw invalidInput(
			node,
			itemIndex,
			`${field} "${String(value)}" has no UTC offset, and the workflow's time zone "${timeZone}" is not a known time zone`,
			`Set the workflow's time zone (Workflow Settings → Timezone) to an IANA name, e.g. Europe/Berlin, or give '${field}' with an offset, e.g. 2025-06-01T09:00:00Z or 2025-06-01T11:00:00+02:00.`,
		);
	}
	if (reading.problem === 'out-of-range') {
		const shown = typeof value === 'string' ? value : reading.instant.toUTC().toISO();
		throw invalidInput(
			node,
			itemIndex,
			`${field} "${shown}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`,
			`Check the year in '${field}' (a year such as 0000 or 0025 is usually a typo or a date that came out empty), e.g. 2025-06-01T09:00:00Z.`,
		);
	}
	if (reading.instant === undefined) {
		const shown = typeof value === 'string' ? value : value instanceof Date ? 'an invalid date' : JSON.stringify(value) ?? String(value);
		throw invalidInput(
			node,
			itemIndex,
			shown ? `${field} "${shown}" is not a valid date and time` : `${field} is empty`,
			`Use ISO 8601 in '${field}', e.g. 2025-06-01T09:00:00Z or 2025-06-01T11:00:00+02:00. A time without an offset is read in the workflow's time zone (${timeZone}).`,
		);
	}
	return imochaTime(reading.instant);
}

/** One end of a time window: where `fields` holds it, and its field's label. */
export interface WindowEnd {
	key: string;
	field: string;
}

/**
 * Converts a time window in `fields` to iMocha's UTC format, in place: each end that is set (or
 * both, when `required`) as `toImochaDateTime` does; then refuses a start after the end.
 */
export function convertTimeWindow(
	node: INode,
	itemIndex: number,
	timeZone: string,
	fields: IDataObject,
	[start, end]: [WindowEnd, WindowEnd],
	required = false,
): void {
	for (const { key, field } of [start, end]) {
		if (required || fields[key] !== undefined) fields[key] = toImochaDateTime(node, itemIndex, field, fields[key], timeZone);
	}
	const [from, to] = [fields[start.key], fields[end.key]] as Array<string | undefined>;
	if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) {
		throw invalidInput(node, itemIndex, `${start.field} (${from}) is after ${end.field} (${to})`, `Set '${start.field}' to a time before '${end.field}'.`);
	}
}

/** A JSON field: the text typed in n8n's JSON editor, or the object an expression returned. */
export function requireJson(node: INode, itemIndex: number, field: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw invalidInput(
			node,
			itemIndex,
			`${field} is not valid JSON (${(error as Error).message})`,
			`Enter a JSON value in '${field}', e.g. {"department": "Sales"}.`,
		);
	}
}

export function requireJsonObject(node: INode, itemIndex: number, field: string, value: unknown): IDataObject {
	const parsed = requireJson(node, itemIndex, field, value);
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
	throw invalidInput(node, itemIndex, `${field} must be a JSON object`, `Enter an object in '${field}', e.g. {"department": "Sales"}.`);
}

/** Undoes percent-encoding until nothing changes, so `%2e%2e` and `%252e%252e` are seen as `..`. */
function fullyDecoded(path: string): string | undefined {
	let current = path;
	for (let round = 0; round < 5 && current.includes('%'); round++) {
		try {
			const next = decodeURIComponent(current);
			if (next === current) break;
			current = next;
		} catch {
			return undefined;
		}
	}
	return current;
}

/**
 * A path on the configured iMocha host: starts with a single `/`, no scheme or host, no `..`
 * segment (also percent-encoded), no backslash, no query or fragment. The API key goes with
 * every request, so nothing typed here may send it anywhere else.
 */
export function requireApiPath(node: INode, itemIndex: number, field: string, value: unknown): string {
	const path = typeof value === 'string' ? value.trim() : '';
	if (!path) throw invalidInput(node, itemIndex, `${field} is empty`, `Enter the path of the iMocha endpoint in '${field}', e.g. /v3/tests.`);
	const refuse = (reason: string) =>
		invalidInput(
			node,
			itemIndex,
			`${field} "${path}" ${reason}`,
			`Enter only the path on the iMocha host, e.g. /v3/tests. The node always calls the host set in the iMocha API credential, so the API key never goes anywhere else.`,
		);
	if (!path.startsWith('/')) throw refuse('must start with /');
	const decoded = fullyDecoded(path);
	if (decoded === undefined) throw refuse('has a malformed %-escape');
	for (const form of [path, decoded]) {
		if (form.startsWith('//')) throw refuse('must start with a single /, not //');
		if (/\\/.test(form)) throw refuse('must not contain a backslash');
		if (/[\s\p{Cc}]/u.test(form)) throw refuse('must not contain spaces or control characters');
		if (form.split('/').includes('..')) throw refuse('must not contain a .. segment');
	}
	if (/[?#]/.test(path)) throw refuse('must not contain ? or #; add query parameters under Query Parameters');
	return path;
}
