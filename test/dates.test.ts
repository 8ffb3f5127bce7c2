// The date helper on its own: what n8n and expressions hand the node, and what iMocha gets.
import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';
import { convertTimeWindow, toImochaDateTime, type WindowEnd } from '../nodes/Imocha/shared/validation';

const node: INode = { id: 'n', name: 'iMocha', type: 'n8n-nodes-imocha.imocha', typeVersion: 1, position: [0, 0], parameters: {} };
const utc = (value: unknown, timeZone?: string) => toImochaDateTime(node, 2, 'Start Date', value, timeZone);

describe('toImochaDateTime: UTC ISO 8601 to the second (yyyy-MM-ddTHH:mm:ssZ)', () => {
	test.each([
		['UTC stays UTC', '2025-06-01T09:00:00Z', '2025-06-01T09:00:00Z'],
		['milliseconds are dropped', '2025-06-01T09:00:00.789Z', '2025-06-01T09:00:00Z'],
		['a positive offset', '2025-06-01T11:00:00+02:00', '2025-06-01T09:00:00Z'],
		['a negative offset without colon', '2025-06-01T03:30:00-0530', '2025-06-01T09:00:00Z'],
		['an offset across midnight', '2025-06-01T01:00:00+05:00', '2025-05-31T20:00:00Z'],
		['a lowercase z and a space separator', '2025-06-01 09:00:00z', '2025-06-01T09:00:00Z'],
		['a date alone is midnight', '2025-06-01', '2025-06-01T00:00:00Z'],
		['minutes without seconds', '2025-06-01T09:15', '2025-06-01T09:15:00Z'],
		['surrounding spaces', '  2025-06-01T09:00:00Z ', '2025-06-01T09:00:00Z'],
	])('%s', (_label, input, expected) => {
		expect(utc(input)).toBe(expected);
	});

	test.each([
		['New York in summer (EDT)', 'America/New_York', '2025-06-01T09:00:00', '2025-06-01T13:00:00Z'],
		['New York in winter (EST)', 'America/New_York', '2025-01-15T09:00:00', '2025-01-15T14:00:00Z'],
		['Kolkata (a half-hour offset)', 'Asia/Kolkata', '2025-06-01T09:00:00', '2025-06-01T03:30:00Z'],
		['Berlin, the night summer time ends', 'Europe/Berlin', '2025-10-26T12:00:00', '2025-10-26T11:00:00Z'],
	])("a time without an offset (n8n's date picker) is read in the workflow's zone: %s", (_label, zone, input, expected) => {
		expect(utc(input, zone)).toBe(expected);
	});

	// A local time the clocks skip (a gap) or show twice (an overlap) is resolved as JavaScript's Date,
	// Java and the Temporal proposal ("compatible") do: a gap moves the time forward by the gap's
	// length, an overlap takes the first occurrence (the offset in force before the clocks go back).
	test.each([
		['New York, spring forward: 02:30 does not exist, read as 03:30 EDT', 'America/New_York', '2026-03-08T02:30:00', '2026-03-08T07:30:00Z'],
		['New York, fall back: 01:30 happens twice, the first (EDT) is taken', 'America/New_York', '2026-11-01T01:30:00', '2026-11-01T05:30:00Z'],
		['New York, just after the overlap: 02:00 EST, once', 'America/New_York', '2026-11-01T02:00:00', '2026-11-01T07:00:00Z'],
		['Berlin, spring forward: 02:30 read as 03:30 CEST', 'Europe/Berlin', '2025-03-30T02:30:00', '2025-03-30T01:30:00Z'],
		['Berlin, fall back: 02:30 twice, the first (CEST) is taken', 'Europe/Berlin', '2025-10-26T02:30:00', '2025-10-26T00:30:00Z'],
		['Lord Howe, a half-hour fall back: 01:45 twice, the first (+11:00) is taken', 'Australia/Lord_Howe', '2026-04-05T01:45:00', '2026-04-04T14:45:00Z'],
		['Lord Howe, a half-hour gap: 02:15 read as 02:45 (+11:00)', 'Australia/Lord_Howe', '2025-10-05T02:15:00', '2025-10-04T15:45:00Z'],
	])('daylight saving: %s', (_label, zone, input, expected) => {
		expect(utc(input, zone)).toBe(expected);
	});

	test("an unknown workflow time zone is refused when the time needs it (no offset), naming the field and the item", () => {
		expect(() => utc('2025-06-01T09:00:00', 'Mars/Olympus_Mons')).toThrow(
			'Start Date "2025-06-01T09:00:00" has no UTC offset, and the workflow\'s time zone "Mars/Olympus_Mons" is not a known time zone [item 2]',
		);
		expect(() => utc('2025-06-01', 'Europe/Berln')).toThrow(/^Start Date "2025-06-01" has no UTC offset, and the workflow's time zone "Europe\/Berln"/);
		// A time with an offset, a Date or a DateTime names its instant; the zone is not read.
		expect(utc('2025-06-01T09:00:00+02:00', 'Mars/Olympus_Mons')).toBe('2025-06-01T07:00:00Z');
		expect(utc(new Date(Date.UTC(2025, 5, 1, 9)), 'Mars/Olympus_Mons')).toBe('2025-06-01T09:00:00Z');
	});

	test('the unknown-zone refusal says where the zone is set', () => {
		try {
			utc('2025-06-01T09:00:00', 'Mars/Olympus_Mons');
		} catch (error) {
			expect((error as { description: string }).description).toMatch(/Workflow Settings.*Timezone.*e\.g\. Europe\/Berlin.*offset/);
		}
		expect.assertions(1);
	});

	test.each([
		['year 0000', '0000-06-01T00:00:00Z', 'Start Date "0000-06-01T00:00:00Z" is outside the years 1900 to 9999 [item 2]'],
		['year 0001', '0001-01-01T00:00:00Z', 'Start Date "0001-01-01T00:00:00Z" is outside the years 1900 to 9999 [item 2]'],
		['the last second of 1899', '1899-12-31T23:59:59Z', 'Start Date "1899-12-31T23:59:59Z" is outside the years 1900 to 9999 [item 2]'],
		['9999 that is 10000 in UTC', '9999-12-31T23:00:00-02:00', 'Start Date "9999-12-31T23:00:00-02:00" is outside the years 1900 to 9999 [item 2]'],
		['a Date in year 10000', new Date(Date.UTC(10000, 0, 1)), 'Start Date "+010000-01-01T00:00:00.000Z" is outside the years 1900 to 9999 [item 2]'],
		['a DateTime in year 0', DateTime.fromObject({ year: 0, month: 6, day: 1 }, { zone: 'UTC' }), 'Start Date "0000-06-01T00:00:00.000Z" is outside the years 1900 to 9999 [item 2]'],
	])('refuses %s, naming the field and the item', (_label, input, message) => {
		expect(() => utc(input)).toThrow(message);
	});

	test('the first and last years accepted', () => {
		expect(utc('1900-01-01T00:00:00Z')).toBe('1900-01-01T00:00:00Z');
		expect(utc('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59Z');
	});

	test('an explicit offset wins over the workflow zone', () => {
		expect(utc('2025-06-01T09:00:00Z', 'Asia/Kolkata')).toBe('2025-06-01T09:00:00Z');
	});

	test('a JavaScript Date and a Luxon DateTime (from expressions such as {{ $now }})', () => {
		expect(utc(new Date(Date.UTC(2025, 5, 1, 9, 0, 0, 500)))).toBe('2025-06-01T09:00:00Z');
		expect(utc(DateTime.fromISO('2025-06-01T11:00:00', { zone: 'Europe/Berlin' }))).toBe('2025-06-01T09:00:00Z');
	});

	test.each([
		['text', 'next monday', 'Start Date "next monday" is not a valid date and time [item 2]'],
		['an impossible day', '2025-02-30T10:00:00Z', 'Start Date "2025-02-30T10:00:00Z" is not a valid date and time [item 2]'],
		['an impossible hour', '2025-02-10T24:00:00Z', 'Start Date "2025-02-10T24:00:00Z" is not a valid date and time [item 2]'],
		['a US-style date', '06/01/2025', 'Start Date "06/01/2025" is not a valid date and time [item 2]'],
		['an empty value', '', 'Start Date is empty [item 2]'],
		['a number', 1748768400000, 'Start Date "1748768400000" is not a valid date and time [item 2]'],
		['an invalid Date', new Date('nope'), 'Start Date "an invalid date" is not a valid date and time [item 2]'],
		['an invalid Luxon DateTime', DateTime.fromISO('nope'), /^Start Date ".*" is not a valid date and time \[item 2\]$/],
	])('refuses %s, naming the field and the item', (_label, input, message) => {
		expect(() => utc(input)).toThrow(message);
	});

	test('the refusal says how to write a date', () => {
		try {
			utc('tomorrow', 'Europe/Berlin');
		} catch (error) {
			expect((error as { description: string }).description).toMatch(/ISO 8601.*2025-06-01T09:00:00Z.*\(Europe\/Berlin\)/);
		}
		expect.assertions(1);
	});
});

describe('convertTimeWindow', () => {
	const ends: [WindowEnd, WindowEnd] = [
		{ key: 'from', field: 'Start Date' },
		{ key: 'to', field: 'End Date' },
	];
	const convert = (fields: IDataObject, required?: boolean) => {
		convertTimeWindow(node, 0, 'Europe/Berlin', fields, ends, required);
		return fields;
	};

	test('converts each end that is set, in place, to UTC; an end not set stays out', () => {
		expect(convert({ from: '2025-06-01T09:00:00', to: '2025-06-02T00:00:00Z', other: 1 })).toStrictEqual({
			from: '2025-06-01T07:00:00Z',
			to: '2025-06-02T00:00:00Z',
			other: 1,
		});
		expect(convert({ to: '2025-06-02T00:00:00Z' })).toStrictEqual({ to: '2025-06-02T00:00:00Z' });
		expect(convert({})).toStrictEqual({});
	});

	test('when required, an end not set is refused like an invalid one', () => {
		expect(() => convert({ to: '2025-06-02T00:00:00Z' }, true)).toThrow('Start Date "undefined" is not a valid date and time [item 0]');
	});

	test('a start after the end is refused, after both are converted; equal or ordered passes', () => {
		expect(() => convert({ from: '2025-06-02T02:00:00', to: '2025-06-01T00:00:00Z' })).toThrow(
			'Start Date (2025-06-02T00:00:00Z) is after End Date (2025-06-01T00:00:00Z) [item 0]',
		);
		expect(() => convert({ from: '2025-06-01T00:00:00Z', to: '2025-06-01T00:00:00Z' })).not.toThrow();
		expect(() => convert({ from: '2025-06-01T00:00:00Z', to: '2025-06-02T00:00:00Z' })).not.toThrow();
	});
});
