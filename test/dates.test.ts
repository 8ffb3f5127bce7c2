// The date helper on its own: what n8n and expressions hand the node, and what iMocha gets.
import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { requireDateOrder, toImochaDateTime } from '../nodes/Imocha/shared/validation';

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
		['an unknown zone name reads UTC', 'Mars/Olympus_Mons', '2025-06-01T09:00:00', '2025-06-01T09:00:00Z'],
	])("a time without an offset (n8n's date picker) is read in the workflow's zone: %s", (_label, zone, input, expected) => {
		expect(utc(input, zone)).toBe(expected);
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

describe('requireDateOrder', () => {
	test('a start after the end is refused; equal or ordered passes', () => {
		const start = (value: string) => ({ field: 'Start Date', value });
		const end = (value: string) => ({ field: 'End Date', value });
		expect(() => requireDateOrder(node, 0, start('2025-06-02T00:00:00Z'), end('2025-06-01T00:00:00Z'))).toThrow(
			'Start Date (2025-06-02T00:00:00Z) is after End Date (2025-06-01T00:00:00Z) [item 0]',
		);
		expect(() => requireDateOrder(node, 0, start('2025-06-01T00:00:00Z'), end('2025-06-01T00:00:00Z'))).not.toThrow();
		expect(() => requireDateOrder(node, 0, start('2025-06-01T00:00:00Z'), end('2025-06-02T00:00:00Z'))).not.toThrow();
	});
});
