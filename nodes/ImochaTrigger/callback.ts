// iMocha's callback (docs/imocha-api.md §7): checking the request, reading its PascalCase body and
// recognising repeats. iMocha signs nothing, so the secret token in the callback URL is the only
// proof that a call comes from an invitation this workflow made.
import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { eventOf, fieldOf, idOf, numberOf, textOf, type TestEvent } from '../Imocha/api/events';
import { utcIso } from '../Imocha/shared/dates';

/** The query parameter of the callback URL that carries the secret. */
export const TOKEN_PARAMETER = 'token';
export const MIN_TOKEN_LENGTH = 16;
/** A callback is a few hundred bytes; anything far larger is not iMocha's. */
export const MAX_BODY_BYTES = 64 * 1024;

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

export interface Callback {
	testInvitationId: number;
	/** The status as iMocha wrote it, e.g. "Complete". */
	status: string;
	/** The status's event, or undefined for a status this package does not know. */
	event: TestEvent | undefined;
	payload: IDataObject;
}

/** Checks size and body: the callback, or the 4xx answer for the caller. */
export function readCallback(request: CallbackRequest): { callback: Callback } | { refusal: Refusal } {
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

// ---- Repeats. iMocha retries a callback up to 5 times when an answer fails or is late, and
// Callback → Replay sends it again. One (invitation, event) pair starts one run.

/** How many (invitation, event) keys the workflow's static data keeps. */
export const MAX_REMEMBERED = 1000;

export const callbackKey = (testInvitationId: number, event: TestEvent) => `${testInvitationId}:${event}`;

/** Whether the key is among those the workflow's static data remembers. */
export function remembered(state: IDataObject, key: string): boolean {
	return Array.isArray(state.callbacks) && (state.callbacks as unknown[]).includes(key);
}

/**
 * Adds to the static data the keys it lacks (the newest 1,000 are kept). Assigns a new list, so n8n
 * sees the change, and only when a key was missing, so a call that adds nothing writes nothing.
 */
function addKeys(state: IDataObject, keys: string[]): void {
	const known = Array.isArray(state.callbacks) ? (state.callbacks as string[]) : [];
	const missing = [...new Set(keys)].filter((k) => !known.includes(k));
	if (missing.length) state.callbacks = [...known, ...missing].slice(-MAX_REMEMBERED);
}

/**
 * Adds the key to the static data, together with every key whose run this process started for the
 * same workflow and node. n8n loads a webhook workflow's static data when a call arrives and saves
 * the whole object after answering, so calls that overlap would each save only their own key, and
 * the last save would drop the others; merging the runs this process started keeps them all. Keys
 * other calls are still handling stay out: such a call may yet fail (or n8n may fail to create its
 * execution), and its callback must then be accepted when iMocha sends it again.
 */
export function remember(state: IDataObject, key: string, scope: string): void {
	addKeys(state, [...startedKeys(scope), key]);
}

/**
 * For a call that starts no run (a repeat, a copy asked to come again, a status the trigger does
 * not start on): writes into the static data the keys of the runs this process started that it
 * lacks. Once a workflow has static data, n8n 2.x does not save what a call changed in it when
 * that call starts a run (its workflow runner wraps the same object again before the answer, which
 * clears n8n's "changed" mark); it does save it after a call that starts none. So the record of runs
 * started reaches the database with the next such call (iMocha's own retries are such calls).
 */
export function keepStarted(state: IDataObject, scope: string): void {
	addKeys(state, startedKeys(scope));
}

/** The key of a run the trigger started, from its output item (undefined for anything else). */
export function keyOfItem(json: IDataObject): string | undefined {
	const { testInvitationId, event } = json;
	if (typeof testInvitationId !== 'number' || typeof event !== 'string' || !event) return undefined;
	return callbackKey(testInvitationId, event as TestEvent);
}

export function forget(state: IDataObject, key: string): void {
	if (Array.isArray(state.callbacks)) state.callbacks = (state.callbacks as string[]).filter((k) => k !== key);
}

/**
 * Keys this n8n process handled lately; n8n reads a webhook workflow's static data when a call
 * arrives and saves it after answering, so two copies of a callback that arrive together would
 * both miss the other in static data; this in-memory claim catches them (within one process), and
 * lets each call save the keys of the calls that overlap it. Until n8n has answered the call that
 * claimed the key with a 2xx (which it does once it has created the execution), a copy is asked to
 * come again: that run may not start (the node may fail, or n8n). Once it has, a copy is a repeat
 * for 10 minutes; an error answer releases the key, so iMocha's retry starts the run.
 */
const CLAIM_MS = 10 * 60_000;
const MAX_CLAIMS = 10_000;
const claims = new Map<string, { until: number; started: boolean }>();

/** The keys whose runs this process started lately under `scope` (a workflow and node), oldest first. */
function startedKeys(scope: string, now = Date.now()): string[] {
	const prefix = `${scope}:`;
	return [...claims].filter(([held, { until, started }]) => started && until > now && held.startsWith(prefix)).map(([held]) => held.slice(prefix.length));
}

/**
 * Claims the key for this process: 'claimed' when it was free, 'busy' while another call is
 * handling it (its run not yet started), 'repeat' once that run started.
 */
export function claim(key: string, now = Date.now()): 'claimed' | 'busy' | 'repeat' {
	for (const [held, { until }] of claims) {
		if (until > now && claims.size <= MAX_CLAIMS) break;
		claims.delete(held);
	}
	const held = claims.get(key);
	if (held && held.until > now) return held.started ? 'repeat' : 'busy';
	claims.set(key, { until: now + CLAIM_MS, started: false });
	return 'claimed';
}

/** n8n created the execution of the call holding the key: later copies are repeats. */
export function started(key: string): void {
	const held = claims.get(key);
	if (held) held.started = true;
}

/**
 * Static data objects n8n may still save, per scope: those of the webhook calls and runs of the
 * last 10 minutes. Every key this process learns was started is written into all of them, so
 * whichever n8n saves last (a call's after its answer, a run's at the end of the run) holds every
 * run this process started before it. n8n saves the whole object each time, so without this a save
 * made from an older copy would drop keys another call or run wrote in between.
 */
const MAX_TRACKED = 1000;
const tracked = new Map<string, Array<{ state: IDataObject; until: number }>>();

/** Follows a static data object of the scope, so later started runs are written into it too. */
export function track(state: IDataObject, scope: string, now = Date.now()): void {
	const live = (tracked.get(scope) ?? []).filter(({ until }) => until > now);
	if (!live.some((entry) => entry.state === state)) live.push({ state, until: now + CLAIM_MS });
	tracked.set(scope, live.slice(-MAX_TRACKED));
	if (tracked.size > MAX_CLAIMS) tracked.delete(tracked.keys().next().value as string);
}

/** Writes every run this process started for the scope into each static data object it follows. */
export function share(scope: string, now = Date.now()): void {
	const keys = startedKeys(scope, now);
	for (const { state, until } of tracked.get(scope) ?? []) if (until > now) addKeys(state, keys);
}

/**
 * For the run itself (the trigger's execute(), the first step of every run it starts): the runs are
 * started, so they are written into the run's static data, which n8n saves at the end of the run,
 * and into every other static data object of the scope n8n may still save. n8n 2.x does not save
 * what the webhook call that started the run wrote (see keepStarted); this save it does make, in
 * 1.x and 2.x, whether or not the workflow had static data.
 */
export function recordRun(state: IDataObject, scope: string, keys: string[], now = Date.now()): void {
	for (const key of keys) claims.set(`${scope}:${key}`, { until: now + CLAIM_MS, started: true });
	track(state, scope, now);
	addKeys(state, keys);
	share(scope, now);
}

export function release(key: string): void {
	claims.delete(key);
}
