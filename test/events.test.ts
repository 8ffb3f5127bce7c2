// How iMocha's status texts and ids are read (api/events.ts), shared by Invitation and both triggers.
import { eventOf, idOf, TEST_EVENTS } from '../nodes/Imocha/api/events';

describe('eventOf', () => {
	test.each([
		['In Progress', 'started'],
		['InProgress', 'started'],
		['Complete', 'completed'],
		['Completed', 'completed'],
		['Terminated', 'terminated'],
		['Test Left', 'testLeft'],
		['TestLeft', 'testLeft'],
		['test_left', 'testLeft'],
		['Cancelled', 'cancelled'],
		['Canceled', 'cancelled'],
		['EXPIRED', 'expired'],
	])('%s → %s', (status, event) => {
		expect(eventOf(status)).toBe(event);
	});

	test('every event is found by its own status', () => {
		for (const [event, { status }] of Object.entries(TEST_EVENTS)) expect(eventOf(status)).toBe(event);
	});

	test.each([['Pending'], [''], ['constructor'], ['toString'], [null], [42]])('%p names no event', (status) => {
		expect(eventOf(status)).toBeUndefined();
	});
});

describe('idOf', () => {
	test.each([
		[42, 42],
		[' 2932950 ', 2932950],
		['9007199254740991', 9007199254740991],
	])('%p → %p', (value, id) => {
		expect(idOf(value)).toBe(id);
	});

	test.each([[0], ['0'], [-1], [1.5], ['1e3'], ['9007199254740992'], [''], [null], [{}]])('%p is no id', (value) => {
		expect(idOf(value)).toBeUndefined();
	});
});
