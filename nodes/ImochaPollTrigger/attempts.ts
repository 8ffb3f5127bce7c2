// Retrieve Invites as a poll: a moving UTC window over iMocha's attempts, with the attempts
// already delivered remembered in the workflow's static data.
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { retrieveInvites, type AttemptState } from '../Imocha/api/attempts';
import { eventOf, fieldOf, idOf, TEST_EVENTS, textOf, type TestEvent } from '../Imocha/api/events';
import { reportFor, type ReportType } from '../Imocha/api/reports';
import type { ImochaClient } from '../Imocha/transport/client';

export interface Attempt {
	testInvitationId: number;
	event: TestEvent;
	state: AttemptState;
	record: IDataObject;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * The attempts that reached one of `states` between `start` and `end` (epoch ms), one request per
 * state; `progress` is called after each request.
 */
export async function fetchAttempts(
	this: IPollFunctions,
	client: ImochaClient,
	states: readonly AttemptState[],
	start: number,
	end: number,
	progress?: () => void,
): Promise<Attempt[]> {
	const attempts: Attempt[] = [];
	for (const state of states) {
		const records = await retrieveInvites(client, this, state, { start, end });
		progress?.();
		for (const record of records) {
			const testInvitationId = idOf(fieldOf(record, 'testInvitationId'));
			// An attempt without its invitation ID can be neither told apart nor acted on.
			if (testInvitationId === undefined) continue;
			const event = eventOf(fieldOf(record, 'testStatus')) ?? (state === 'completed' ? 'completed' : state);
			attempts.push({ testInvitationId, event, state, record });
		}
	}
	return attempts;
}

/**
 * The trigger's items: the attempt's fields in camelCase, the report if asked for (`progress` is
 * called after each), and the record as sent.
 */
export async function attemptItems(
	this: IPollFunctions,
	client: ImochaClient,
	attempts: Attempt[],
	progress?: () => void,
): Promise<INodeExecutionData[]> {
	const includeReport = this.getNodeParameter('includeReport', false) === true;
	const reportType = this.getNodeParameter('reportType', 'summary') as ReportType;
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
		if (includeReport) {
			Object.assign(json, await reportFor(client, this, testInvitationId, event, reportType));
			progress?.();
		}
		json.raw = record;
		items.push({ json });
	}
	return items;
}

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
 * this window's start are dropped. That bounds the list by time (the attempts of one overlap plus
 * one poll interval), never by a count a busy window could pass: a key dropped by count could be
 * delivered again by the next poll.
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
	return { fresh, delivered: next };
}
