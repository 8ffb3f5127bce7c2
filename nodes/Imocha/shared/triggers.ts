// What the two iMocha triggers share: the test events and their names, the optional report
// enrichment, and one authenticated request to the credential's Skills Assessment host.
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { REPORT_TYPE_OPTIONS, REPORT_TYPES, type ReportType } from '../resources/report/get';
import { readFailure, toImochaApiError, unexpectedAnswer } from './errors';
import { retryDelay } from './retry';
import { secureBaseUrl } from './transport';

export type TriggerFunctions = IWebhookFunctions | IPollFunctions;

/**
 * The states an attempt reaches (imocha-api.md §6.15, §7), under one key each. iMocha writes the
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

const EVENT_BY_LETTERS: Record<string, TestEvent> = {
	inprogress: 'started',
	complete: 'completed',
	completed: 'completed',
	terminated: 'terminated',
	testleft: 'testLeft',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	expired: 'expired',
};

/** The event a status text names, e.g. "Test Left" and "TestLeft" → testLeft; undefined if unknown. */
export function eventOf(status: unknown): TestEvent | undefined {
	if (typeof status !== 'string') return undefined;
	return EVENT_BY_LETTERS[status.toLowerCase().replace(/[^a-z]/g, '')];
}

/** A field of an iMocha body whatever its casing (ASP.NET answers PascalCase or camelCase). */
export function fieldOf(body: IDataObject, name: string): unknown {
	const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : body[key];
}

/** iMocha's 64-bit ids, given as a number or as digits; undefined for anything else. */
export function idOf(value: unknown): number | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const id = /^\d+$/.test(text) ? Number(text) : NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
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

/** iMocha's UTC times without an offset ("2020-10-09T13:21:53") as ISO 8601 UTC with Z; other text as is. */
export function utcIso(value: unknown): string | null {
	const text = textOf(value);
	if (!text) return null;
	const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
	const ms = Date.parse(withZone);
	return Number.isNaN(ms) ? text : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** "Include Report" and its "Report Type", shared by both triggers. */
export const reportProperties: INodeProperties[] = [
	{
		displayName: 'Include Report',
		name: 'includeReport',
		type: 'boolean',
		default: false,
		description:
			"Whether to fetch the candidate's full report (GET /v3/reports/{testInvitationId}) for a finished test and add it as 'report'. Needs the iMocha API credential.",
	},
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		displayOptions: { show: { includeReport: [true] } },
		options: REPORT_TYPE_OPTIONS,
		default: 'summary',
		description: 'What the added report contains',
	},
];

/** Removes the " [item n]" the action node's messages end with: a trigger has no input items. */
function withoutItemSuffix<T extends NodeApiError | NodeOperationError>(error: T): T {
	error.message = error.message.replace(/ \[item \d+\]$/, '');
	return error;
}

/** iMocha answered 2xx, but not in the shape the trigger reads. */
export function unexpectedTriggerAnswer(node: INode, what: string): NodeApiError {
	return withoutItemSuffix(unexpectedAnswer(node, 0, what));
}

const MAX_TRIGGER_RETRIES = 2;
/** A trigger answers iMocha or finishes its poll quickly; longer waits are left to the next call. */
const MAX_TRIGGER_WAIT_MS = 5_000;

/**
 * One request to the credential's Skills Assessment host with the x-api-key applied; redirects are
 * not followed (they would carry the key elsewhere). A 429 or an outage is retried twice after a
 * short wait; any other failure becomes iMocha's own message, without the request's headers.
 */
export async function imochaTriggerRequest(
	this: TriggerFunctions,
	request: { method: IHttpRequestMethods; url: string; qs?: IDataObject; body?: IDataObject },
): Promise<unknown> {
	const node = this.getNode();
	let baseURL: string;
	try {
		const credentials = await this.getCredentials<{ baseUrl?: string }>('imochaApi');
		baseURL = secureBaseUrl(node, 0, credentials.baseUrl, 'Skills Assessment Base URL');
	} catch (error) {
		const refusal = error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error);
		throw withoutItemSuffix(refusal);
	}
	for (let attempt = 0; ; attempt++) {
		try {
			return (await this.helpers.httpRequestWithAuthentication.call(this, 'imochaApi', {
				...request,
				baseURL,
				json: true,
				disableFollowRedirect: true,
			})) as unknown;
		} catch (error) {
			const delay = attempt < MAX_TRIGGER_RETRIES ? retryDelay(readFailure(error), attempt, true) : undefined;
			if (delay === undefined || delay > MAX_TRIGGER_WAIT_MS) throw withoutItemSuffix(toImochaApiError(node, error, 0));
			await sleep(delay);
		}
	}
}

export interface ReportResult {
	report: IDataObject | null;
	reportError?: string;
}

/**
 * The full report of a finished attempt, for the trigger's output. A report that cannot be read
 * does not stop the event: the item gets `report: null` and iMocha's message in `reportError`.
 */
export async function reportFor(this: TriggerFunctions, testInvitationId: number, event: TestEvent): Promise<ReportResult> {
	if (!TEST_EVENTS[event].finished) return { report: null };
	const type = this.getNodeParameter('reportType', 'summary') as ReportType;
	try {
		const report = await imochaTriggerRequest.call(this, {
			method: 'GET',
			url: `/v3/reports/${testInvitationId}`,
			qs: { reportType: REPORT_TYPES[type] ?? REPORT_TYPES.summary },
		});
		if (!report || typeof report !== 'object' || Array.isArray(report)) {
			return { report: null, reportError: unexpectedTriggerAnswer(this.getNode(), 'is not a JSON object').message };
		}
		return { report: report as IDataObject };
	} catch (error) {
		return { report: null, reportError: (error as Error).message };
	}
}
