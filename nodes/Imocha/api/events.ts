// What an iMocha test attempt goes through, and how iMocha's bodies spell it. Shared by the
// Invitation operations and both triggers.
import type { IDataObject } from 'n8n-workflow';
import { safeIntegerOf } from '../shared/validation';

/**
 * The states an attempt reaches (docs/imocha-api.md §6.15, §7), under one key each. iMocha writes the
 * same state in more than one way ("Test Left" in callbacks, "TestLeft" in reports), so a status is
 * matched on its letters only.
 */
export const TEST_EVENTS = {
	started: { status: 'In Progress', finished: false },
	completed: { status: 'Complete', finished: true },
	terminated: { status: 'Terminated', finished: true },
	testLeft: { status: 'Test Left', finished: true },
	cancelled: { status: 'Cancelled', finished: false },
	expired: { status: 'Expired', finished: false },
} as const;
export type TestEvent = keyof typeof TEST_EVENTS;

/** A status text's letters, lower case: "Test Left" and "TestLeft" are both testleft. */
const lettersOf = (status: string) => status.toLowerCase().replace(/[^a-z]/g, '');
/** The statuses of TEST_EVENTS, and other spellings of them iMocha may use. */
const EVENT_BY_LETTERS = new Map<string, TestEvent>([
	...Object.entries(TEST_EVENTS).map(([event, { status }]) => [lettersOf(status), event as TestEvent] as const),
	['completed', 'completed'],
	['canceled', 'cancelled'],
]);

/** The event a status text names, e.g. "Test Left" and "TestLeft" → testLeft; undefined if unknown. */
export function eventOf(status: unknown): TestEvent | undefined {
	return typeof status === 'string' ? EVENT_BY_LETTERS.get(lettersOf(status)) : undefined;
}

/** A field of an iMocha body whatever its casing (ASP.NET answers PascalCase or camelCase). */
export function fieldOf(body: IDataObject, name: string): unknown {
	const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : body[key];
}

/** iMocha's 64-bit ids, given as a number or as digits; undefined for anything else (0 too). */
export function idOf(value: unknown): number | undefined {
	return safeIntegerOf(value, 1);
}

/** A number, or a numeric text; null otherwise. */
export function numberOf(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

export function textOf(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
