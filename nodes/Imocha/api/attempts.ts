// Retrieve Invites (docs/imocha-api.md §6.15): the attempts that reached a state in a time
// window. Invitation → Get Many and the iMocha Poll Trigger both read attempts through here.
import type { IDataObject } from 'n8n-workflow';
import { imochaTime } from '../shared/dates';
import { optionList, optionValues } from '../shared/descriptions';
import type { ImochaClient, ImochaContext } from '../transport/client';
import { unexpectedAnswer } from '../transport/errors';

/** Retrieve Invites' `state` values; completed = Complete, Test Left and Terminated. */
export const ATTEMPT_STATE_OPTIONS = optionList([
	{ name: 'Cancelled', value: 'cancelled', description: 'Invitations that were cancelled' },
	{ name: 'Completed', value: 'completed', description: 'Attempts that ended: Complete, Test Left or Terminated' },
	{ name: 'Expired', value: 'expired', description: 'Invitations whose access window passed' },
]);
export const ATTEMPT_STATES = optionValues(ATTEMPT_STATE_OPTIONS);
export type AttemptState = (typeof ATTEMPT_STATES)[number];

/**
 * POST /v3/candidates/testattempts?state=… {StartDateTime, EndDateTime}: answers
 * `{ result: { testAttempts: [...] }, errors: null }`. A POST that only reads: safe to repeat.
 */
export async function retrieveInvites(
	client: ImochaClient,
	context: ImochaContext,
	state: AttemptState,
	window: { start: number | string; end: number | string },
	itemIndex?: number,
): Promise<IDataObject[]> {
	const time = (value: number | string) => (typeof value === 'number' ? imochaTime(value) : value);
	const answer = (await client.json(
		context,
		{
			method: 'POST',
			url: '/v3/candidates/testattempts',
			qs: { state },
			body: { StartDateTime: time(window.start), EndDateTime: time(window.end) },
			idempotent: true,
		},
		itemIndex,
	)) as IDataObject | undefined;
	const records = (answer?.result as IDataObject | undefined)?.testAttempts;
	if (!Array.isArray(records)) throw unexpectedAnswer(context.getNode(), itemIndex, 'has no "result.testAttempts" list');
	return records as IDataObject[];
}
