// iMocha's callback (docs/imocha-api.md §7): checking the request and reading its PascalCase body
// (repeats.ts recognises repeats). iMocha signs nothing, so the secret token in the callback URL is the only
// proof that a call comes from an invitation this workflow made.
import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { eventOf, fieldOf, idOf, numberOf, textOf, type TestEvent } from '../Imocha/api/events';
import { utcIso } from '../Imocha/shared/dates';

/** The query parameter of the callback URL that carries the secret. */
export const TOKEN_PARAMETER = 'token';
export const MIN_TOKEN_LENGTH = 16;
/** A callback is a few hundred bytes; anything far larger is not iMocha's. */
const MAX_BODY_BYTES = 64 * 1024;

/** The parts of n8n's webhook request (an Express request) the trigger reads. */
export interface CallbackRequest {
	body?: unknown;
	rawBody?: Buffer;
	/**
	 * n8n's reader of the request body. For a webhook node of version 2 n8n reads the body only when
	 * its content type is JSON, text, a form or XML; a call without a content type arrives unread.
	 */
	readRawBody?: () => Promise<void>;
}

/** An answer to refuse or acknowledge a call without starting the workflow. */
export interface Refusal {
	status: number;
	message: string;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether the call's `?token=` equals the Secret Token. Both are hashed first, so the comparison
 * takes the same time whatever the length or content of what was sent.
 */
export function tokenMatches(sent: unknown, secret: string): boolean {
	if (typeof sent !== 'string' || !secret) return false;
	return timingSafeEqual(digest(sent), digest(secret));
}

/** The answer to a call that is not a POST or lacks the Secret Token (`sent`: its ?token=), if any. */
export function refusalOf(method: string | undefined, sent: unknown, secret: unknown): Refusal | undefined {
	if (method !== undefined && method.toUpperCase() !== 'POST') return { status: 405, message: 'iMocha callbacks are POST requests' };
	if (typeof secret !== 'string' || secret.length < MIN_TOKEN_LENGTH || !tokenMatches(sent, secret)) {
		return { status: 401, message: `Missing or wrong ${TOKEN_PARAMETER} in the callback URL` };
	}
	return undefined;
}

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

/**
 * The callback's JSON object. n8n parses `application/json` itself (malformed JSON is answered 422
 * before the trigger runs); a body sent as text or without a content type arrives unparsed and is
 * parsed here, a leading byte-order mark skipped.
 */
function bodyOf(request: CallbackRequest): { body: IDataObject } | { refusal: Refusal } {
	const { body, rawBody } = request;
	const notAnObject = { refusal: { status: 400, message: 'The body must be a JSON object' } };
	let text: string | undefined;
	if (typeof body === 'string') text = body;
	else if ((body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) && rawBody?.length) {
		text = rawBody.toString('utf8');
	}
	if (text === undefined) return isObject(body) ? { body } : notAnObject;
	try {
		// A leading UTF-8 byte-order mark is not part of the JSON (n8n 2.x drops it from application/json itself).
		const parsed: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		return isObject(parsed) ? { body: parsed } : notAnObject;
	} catch {
		return { refusal: { status: 400, message: 'The body is not valid JSON' } };
	}
}

interface Callback {
	testInvitationId: number;
	/** The status as iMocha wrote it, e.g. "Complete". */
	status: string;
	/** The status's event, or undefined for a status this package does not know. */
	event: TestEvent | undefined;
	payload: IDataObject;
}

/** Reads the body (if n8n has not) and checks its size and fields: the callback, or the 4xx answer for the caller. */
export async function readCallback(request: CallbackRequest): Promise<{ callback: Callback } | { refusal: Refusal }> {
	if (request.body === undefined && request.rawBody === undefined && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return { refusal: { status: 400, message: 'The body could not be read' } };
		}
	}
	if ((request.rawBody?.length ?? 0) > MAX_BODY_BYTES) {
		return { refusal: { status: 413, message: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB` } };
	}
	const read = bodyOf(request);
	if ('refusal' in read) return read;
	const payload = read.body;
	const testInvitationId = idOf(fieldOf(payload, 'TestInvitationId'));
	if (testInvitationId === undefined) {
		return { refusal: { status: 400, message: 'The body has no TestInvitationId (a whole number above 0)' } };
	}
	const status = textOf(fieldOf(payload, 'Status'));
	if (!status) return { refusal: { status: 400, message: 'The body has no Status' } };
	return { callback: { testInvitationId, status, event: eventOf(status), payload } };
}

/** The trigger's output for a callback: iMocha's fields in camelCase, and the body as sent. */
export function callbackItem(callback: Callback & { event: TestEvent }): IDataObject {
	const { payload } = callback;
	const score = numberOf(fieldOf(payload, 'CandidateScore'));
	const totalScore = numberOf(fieldOf(payload, 'TotalScore'));
	return {
		testInvitationId: callback.testInvitationId,
		status: callback.status,
		event: callback.event,
		candidateEmail: textOf(fieldOf(payload, 'CandidateEmailId')),
		score,
		totalScore,
		scorePercentage: score !== null && totalScore ? Math.round((score / totalScore) * 10000) / 100 : null,
		performanceCategory: textOf(fieldOf(payload, 'PerformanceCategory')),
		reportPdfUrl: textOf(fieldOf(payload, 'ReportPDFUrl')),
		attemptedOn: textOf(fieldOf(payload, 'AttemptedOn')),
		attemptedOnUtc: utcIso(fieldOf(payload, 'AttemptedOnUtc')),
		raw: payload,
	};
}
