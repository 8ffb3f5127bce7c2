// Repeats of iMocha's callback. iMocha retries a callback up to 5 times when an answer fails or is
// late, and Callback → Replay sends it again: one (invitation, event) pair starts one run. A call
// is admitted (admit) and its outcome settled (settle); the run records itself (recordRun).
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import type { TestEvent } from '../Imocha/api/events';

/** How many (invitation, event) keys the workflow's static data keeps. */
const MAX_REMEMBERED = 1000;
/** How long iMocha is asked to wait before sending again a callback that another call is handling. */
export const BUSY_RETRY_SECONDS = 10;

/**
 * Keys this n8n process handled lately, as `<scope>:<key>` (the scope is a workflow and node). n8n
 * reads a webhook workflow's static data when a call arrives and saves it after answering, so two
 * copies of a callback that arrive together would both miss the other in static data; this
 * in-memory claim catches them (within one process), and lets each call save the keys of the calls
 * that overlap it. Until n8n has answered the call that claimed the key with a 2xx (which it does
 * once it has created the execution), a copy is asked to come again: that run may not start (the
 * node may fail, or n8n). Once it has, a copy is a repeat for 10 minutes; an error answer releases
 * the key, so iMocha's retry starts the run.
 */
const CLAIM_MS = 10 * 60_000;
const MAX_CLAIMS = 10_000;
const claims = new Map<string, { until: number; started: boolean }>();

/**
 * Static data objects n8n may still save, per scope: those of the webhook calls and runs of the
 * last 10 minutes. Every key this process learns was started is written into all of them, so
 * whichever n8n saves last (a call's after its answer, a run's at the end of the run) holds every
 * run this process started before it. n8n saves the whole object each time, so without this a save
 * made from an older copy would drop keys another call or run wrote in between.
 */
const MAX_TRACKED = 1000;
const tracked = new Map<string, Array<{ state: IDataObject; until: number }>>();

type Call = Pick<IWebhookFunctions & IExecuteFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode'>;

/** The trigger node's static data, and its scope: the workflow and node the keys belong to. */
const ledgerOf = (call: Call) => ({ state: call.getWorkflowStaticData('node'), scope: `${call.getWorkflow().id ?? ''}:${call.getNode().id}` });

const keyOf = (testInvitationId: number, event: TestEvent) => `${testInvitationId}:${event}`;

/** The keys whose runs this process started lately under the scope, oldest first. */
function startedKeys(scope: string, now = Date.now()): string[] {
	const prefix = `${scope}:`;
	return [...claims].filter(([held, { until, started }]) => started && until > now && held.startsWith(prefix)).map(([held]) => held.slice(prefix.length));
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

/** Follows a static data object of the scope, so later started runs are written into it too. */
function track(state: IDataObject, scope: string, now: number): void {
	const live = (tracked.get(scope) ?? []).filter(({ until }) => until > now);
	if (!live.some((entry) => entry.state === state)) live.push({ state, until: now + CLAIM_MS });
	tracked.set(scope, live.slice(-MAX_TRACKED));
	if (tracked.size > MAX_CLAIMS) tracked.delete(tracked.keys().next().value as string);
}

/** Writes every run this process started for the scope into each static data object it follows. */
function share(scope: string, now = Date.now()): void {
	const keys = startedKeys(scope, now);
	for (const { state, until } of tracked.get(scope) ?? []) if (until > now) addKeys(state, keys);
}

/**
 * Claims `<scope>:<key>` for this process: 'admitted' when it was free, 'busy' while another call
 * is handling it (its run not yet started), 'repeat' once that run started.
 */
function claim(claimKey: string, now: number): 'admitted' | 'busy' | 'repeat' {
	for (const [held, { until }] of claims) {
		if (until > now && claims.size <= MAX_CLAIMS) break;
		claims.delete(held);
	}
	const held = claims.get(claimKey);
	if (held && held.until > now) return held.started ? 'repeat' : 'busy';
	claims.set(claimKey, { until: now + CLAIM_MS, started: false });
	return 'admitted';
}

/** One call's place in the repeat check, from admit() to settle(). */
export interface Admission {
	/** 'skipped' for a call whose status is not one of the trigger's events. */
	verdict: 'admitted' | 'repeat' | 'busy' | 'skipped';
	state: IDataObject;
	scope: string;
	key: string;
	log: (message: string, extra?: IDataObject) => void;
}

/**
 * Admits a callback of the trigger node (`event` undefined when its status is not one of the
 * trigger's events): 'repeat' when its run already started (remembered in the static data, or
 * claimed and started in this process), 'busy' while another call of this process handles it,
 * 'admitted' otherwise, its key then written into the static data together with the runs this
 * process started for the node. n8n may still save this static data after the answer, so runs
 * started meanwhile are written into it too (share).
 * Every call first writes the runs this process started, which is all a call that starts no run
 * writes: n8n 2.x saves what a call changed in static data only when the call starts no run, once
 * the workflow has static data (its workflow runner wraps the same object again before the answer,
 * which clears n8n's "changed" mark), so the record of runs started reaches the database with the
 * next such call (iMocha's own retries are such calls). Keys other calls are still handling stay
 * out: such a call may yet fail, and its callback must then be accepted when iMocha sends it again.
 */
export function admit(call: Call & Pick<IWebhookFunctions, 'logger'>, testInvitationId: number, event: TestEvent | undefined): Admission {
	const now = Date.now();
	const { state, scope } = ledgerOf(call);
	track(state, scope, now);
	addKeys(state, startedKeys(scope, now));
	const key = event ? keyOf(testInvitationId, event) : '';
	const remembered = Array.isArray(state.callbacks) && (state.callbacks as unknown[]).includes(key);
	const verdict = !event ? 'skipped' : remembered ? 'repeat' : claim(`${scope}:${key}`, now);
	// The log names the invitation and the event only: never the candidate, the token or the body.
	const said = { node: call.getNode().name, testInvitationId, event };
	const log = (message: string, extra?: IDataObject) => call.logger?.debug(message, { ...said, ...extra });
	if (verdict === 'repeat') log('iMocha callback refused as a repeat (its run already started)');
	// Its run may not start (the node or n8n may yet fail): not a repeat yet, so iMocha is asked to send it again.
	if (verdict === 'busy') log('iMocha callback asked to come again (another call is handling it)', { retryAfterSeconds: BUSY_RETRY_SECONDS });
	if (verdict === 'admitted') addKeys(state, [key]);
	return { verdict, state, scope, key, log };
}

/** The part of n8n's answer to the call (an Express response) settle() watches. */
export interface Answer {
	/** The answer's status once it is over. */
	statusCode?: number;
	once?(event: 'close', listener: () => void): unknown;
}

/**
 * Settles an admitted callback (anything else, or none when repeats are not held back, is left
 * alone). With n8n's answer to the call: the trigger returns the run's item; its key is written again with the runs
 * other calls started meanwhile, just before n8n saves the static data, and n8n's answer tells the
 * rest: n8n answers once it has created the execution, so a 2xx means the run started (later
 * copies are repeats) and an error (its database unreachable under load) means it did not: the
 * claim is released, so iMocha's retry starts the run. 'failed': the trigger failed, so the claim
 * is released and the key forgotten: a repeat of this callback may start the run (the roll-back).
 */
export function settle(admission: Admission | undefined, outcome: Answer | 'failed'): void {
	if (admission?.verdict !== 'admitted') return;
	const { state, scope, key, log } = admission;
	const claimKey = `${scope}:${key}`;
	if (outcome === 'failed') {
		log('iMocha callback claim released (the trigger failed)');
		claims.delete(claimKey);
		if (Array.isArray(state.callbacks)) state.callbacks = (state.callbacks as string[]).filter((k) => k !== key);
		return;
	}
	addKeys(state, [...startedKeys(scope), key]);
	const started = () => {
		const held = claims.get(claimKey);
		if (held) held.started = true;
		share(scope);
	};
	if (typeof outcome.once !== 'function') return started();
	outcome.once('close', () => {
		if ((outcome.statusCode ?? 200) < 300) return started();
		log('iMocha callback claim released (n8n did not start the run)', { status: outcome.statusCode });
		claims.delete(claimKey);
	});
}

/**
 * For the run itself (the trigger's execute(), the first step of every run it starts): the runs of
 * its items are started, so they are written into the run's static data, which n8n saves at the end
 * of the run, and into every other static data object of the scope n8n may still save. n8n 2.x
 * does not save what the webhook call that started the run wrote (see admit); this save it does
 * make, in 1.x and 2.x, whether or not the workflow had static data.
 */
export function recordRun(call: Call, items: IDataObject[]): void {
	const keys: string[] = [];
	for (const { testInvitationId, event } of items) {
		if (typeof testInvitationId === 'number' && typeof event === 'string' && event) keys.push(keyOf(testInvitationId, event as TestEvent));
	}
	if (!keys.length) return;
	const now = Date.now();
	const { state, scope } = ledgerOf(call);
	for (const key of keys) claims.set(`${scope}:${key}`, { until: now + CLAIM_MS, started: true });
	track(state, scope, now);
	addKeys(state, keys);
	share(scope, now);
}
