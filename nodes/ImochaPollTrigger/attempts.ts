// Retrieve Invites (imocha-api.md §6.15) as a poll: a moving UTC window over iMocha's attempts,
// with the attempts already delivered remembered in the workflow's static data.
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import type { AttemptState } from '../Imocha/resources/invitation/getAll';
import {
	eventOf,
	fieldOf,
	idOf,
	imochaTriggerRequest,
	reportFor,
	TEST_EVENTS,
	textOf,
	unexpectedTriggerAnswer,
	type TestEvent,
} from '../Imocha/shared/triggers';


export interface Attempt {
	testInvitationId: number;
	event: TestEvent;
	state: AttemptState;
	record: IDataObject;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** iMocha's date format: UTC to the second, yyyy-MM-ddTHH:mm:ssZ. */
const imochaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The attempts that reached one of `states` between `start` and `end` (epoch ms), one request per state. */
export async function fetchAttempts(
	this: IPollFunctions,
	states: readonly AttemptState[],
	start: number,
	end: number,
): Promise<Attempt[]> {
	const attempts: Attempt[] = [];
	for (const state of states) {
		const answer = (await imochaTriggerRequest.call(this, {
			method: 'POST',
			url: '/v3/candidates/testattempts',
			qs: { state },
			body: { StartDateTime: imochaTime(start), EndDateTime: imochaTime(end) },
		})) as IDataObject | undefined;
		const records = (answer?.result as IDataObject | undefined)?.testAttempts;
		if (!Array.isArray(records)) throw unexpectedTriggerAnswer(this.getNode(), 'has no "result.testAttempts" list');
		for (const record of records as IDataObject[]) {
			const testInvitationId = idOf(fieldOf(record, 'testInvitationId'));
			// An attempt without its invitation ID can be neither told apart nor acted on.
			if (testInvitationId === undefined) continue;
			const event = eventOf(fieldOf(record, 'testStatus')) ?? (state === 'completed' ? 'completed' : state);
			attempts.push({ testInvitationId, event, state, record });
		}
	}
	return attempts;
}

/** The trigger's items: the attempt's fields in camelCase, the report if asked for, and the record as sent. */
export async function attemptItems(this: IPollFunctions, attempts: Attempt[]): Promise<INodeExecutionData[]> {
	const includeReport = this.getNodeParameter('includeReport', false) === true;
	const items: INodeExecutionData[] = [];
	for (const { testInvitationId, event, state, record } of attempts) {
		const json: IDataObject = {
			testInvitationId,
			status: textOf(fieldOf(record, 'testStatus')) ?? TEST_EVENTS[event].status,
			event,
			state,
			testId: idOf(fieldOf(record, 'testId')) ?? null,
			candidateName: textOf(fieldOf(record, 'name')),
			candidateEmail: textOf(fieldOf(record, 'email')),
			invitationType: textOf(fieldOf(record, 'invitationType')),
		};
		if (includeReport) Object.assign(json, await reportFor.call(this, testInvitationId, event));
		json.raw = record;
		items.push({ json });
	}
	return items;
}

/** Keys kept at most, whatever the window; beyond it the oldest are dropped. */
export const MAX_REMEMBERED = 10_000;

export interface PollState {
	/** End of the last window read (ISO); absent before the first poll. */
	windowEnd?: string;
	/** `testInvitationId:event` → end of the window in which it was first delivered (epoch ms). */
	delivered?: Record<string, number>;
}

export const attemptKey = (attempt: Attempt) => `${attempt.testInvitationId}:${attempt.event}`;

/**
 * What a poll returns and what it leaves for the next: the attempts not delivered before, and the
 * remembered keys still needed. A key delivered in a window ending at E can come back only while a
 * window starts at or before E; windows only move forward, so keys from windows that ended before
 * this window's start are dropped. That bounds the list by the attempts of one overlap plus one
 * poll interval (and MAX_REMEMBERED).
 */
export function newAttempts(
	attempts: Attempt[],
	delivered: Record<string, number> | undefined,
	window: { start: number; end: number },
): { fresh: Attempt[]; delivered: Record<string, number> } {
	const kept = Object.entries(delivered ?? {}).filter(([, end]) => typeof end === 'number' && end >= window.start);
	const next: Record<string, number> = Object.fromEntries(kept);
	const fresh: Attempt[] = [];
	for (const attempt of attempts) {
		const key = attemptKey(attempt);
		if (key in next) continue;
		next[key] = window.end;
		fresh.push(attempt);
	}
	const keys = Object.keys(next);
	if (keys.length > MAX_REMEMBERED) {
		const oldest = keys.sort((a, b) => next[a] - next[b]).slice(0, keys.length - MAX_REMEMBERED);
		for (const key of oldest) delete next[key];
	}
	return { fresh, delivered: next };
}
