// The iMocha Poll Trigger through n8n's poll engine (PollContext + PollTriggerExecutor, the
// workflow's static data kept between polls) against the fake iMocha's Retrieve Invites. The clock
// (Date only) is faked, so windows and completions can be placed to the millisecond.
import type { IDataObject, INodeType } from 'n8n-workflow';
import { loadPackage, POLL_TRIGGER_TYPE, runNode, startPollTrigger, type PollTriggerHarness } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const REAL_TIMERS = [
	'nextTick',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
	'queueMicrotask',
	'hrtime',
	'performance',
] as const;

beforeEach(() => {
	// A whole second plus 400 ms, so "the same second" below is unambiguous.
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Math.floor(Date.now() / 1000) * 1000 + 400 });
	imocha.fake.reset(); // seeded under the fake clock
});
afterEach(() => jest.useRealTimers());

const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

async function startTrigger(parameters: IDataObject = {}, staticData?: IDataObject): Promise<PollTriggerHarness> {
	return await startPollTrigger({ parameters: { states: ['completed'], ...parameters }, credentials: imocha.credentials(), staticData });
}

/** An active trigger: started and activated (n8n's first poll). */
async function activeTrigger(parameters: IDataObject = {}, staticData?: IDataObject): Promise<PollTriggerHarness> {
	const trigger = await startTrigger(parameters, staticData);
	await trigger.activate();
	return trigger;
}

/** The next scheduled poll, `ms` later. */
async function nextPoll(trigger: PollTriggerHarness, ms = MINUTE): Promise<void> {
	advance(ms);
	await trigger.tick();
}

const retrieveCalls = () =>
	imocha.fake.requests
		.filter((r) => r.path === '/v3/candidates/testattempts')
		.map((r) => ({ state: r.query.state, start: r.body.StartDateTime as string, end: r.body.EndDateTime as string }));

/** A candidate invited with the iMocha node who then finishes the test (fake-side). */
async function newCompletion(email: string, status?: 'Complete' | 'Test Left' | 'Terminated'): Promise<number> {
	const { output, error } = await runNode({
		parameters: { resource: 'invitation', operation: 'invite', testId: byId('118002'), email, candidateName: 'New Person' },
		credentials: imocha.credentials(),
	});
	expect(error).toBeUndefined();
	const id = output[0].json.testInvitationId as number;
	await imocha.fake.completeInvitation(id, status ? { status } : {});
	return id;
}

const emittedIds = (trigger: PollTriggerHarness) => trigger.runs.map((r) => r.items.map((i) => i.json.testInvitationId));

describe('first activation', () => {
	test('does not replay history: it reads only the overlap, remembers it, and starts nothing', async () => {
		advance(-2 * MINUTE);
		const justBefore = await newCompletion('just.before@example.com');
		advance(2 * MINUTE);
		const trigger = await activeTrigger();
		const activatedAt = floorSecond(Date.now());
		expect(trigger.runs).toHaveLength(0);
		expect(retrieveCalls()).toEqual([{ state: 'completed', start: isoSeconds(activatedAt - 10 * MINUTE), end: isoSeconds(activatedAt) }]);
		expect(imocha.fake.requests[imocha.fake.requests.length - 1].headers['x-api-key']).toBe(imocha.fake.apiKey);
		expect(trigger.savedStaticData()).toEqual({
			'node:iMocha Trigger': { windowEnd: new Date(activatedAt).toISOString(), delivered: { [`${justBefore}:completed`]: activatedAt } },
		});

		// The next poll overlaps that window: the attempt from before activation is still not delivered.
		await nextPoll(trigger);
		expect(trigger.runs).toHaveLength(0);
		expect(trigger.errors).toEqual([]);
	});

	test('Look Back on First Poll (Hours) delivers that much history once', async () => {
		const trigger = await activeTrigger({ options: { lookBackHours: 12 } });
		// Seeded: Gus finished 5 h ago, Fay left the test 10 h ago, Ben finished 26 h ago.
		expect(emittedIds(trigger)).toEqual([[2932955, 2932956]]);
		const [first] = trigger.runs;
		expect(first.run.status).toBe('success');
		expect(first.run.mode).toBe('trigger');
		expect(first.items.map((i) => i.json)).toEqual([
			{
				testInvitationId: 2932955,
				status: 'Test Left',
				event: 'testLeft',
				state: 'completed',
				testId: 118003,
				candidateName: 'Fay Candidate',
				candidateEmail: 'fay@example.com',
				invitationType: 'api',
				raw: { testInvitationId: 2932955, testId: 118003, name: 'Fay Candidate', email: 'fay@example.com', invitationtype: 'api', testStatus: 'Test Left' },
			},
			expect.objectContaining({ testInvitationId: 2932956, status: 'Complete', event: 'completed' }),
		]);
		await nextPoll(trigger);
		expect(trigger.runs).toHaveLength(1);
	});
});

describe('polls', () => {
	test('each new completion is delivered once; windows move on and overlap the previous one by 10 minutes', async () => {
		const trigger = await activeTrigger();
		const ends = [floorSecond(Date.now())];

		advance(MINUTE);
		const first = await newCompletion('first@example.com');
		await nextPoll(trigger);
		ends.push(floorSecond(Date.now()));
		expect(emittedIds(trigger)).toEqual([[first]]);

		advance(MINUTE);
		const second = await newCompletion('second@example.com', 'Terminated');
		await nextPoll(trigger);
		ends.push(floorSecond(Date.now()));
		await nextPoll(trigger);
		ends.push(floorSecond(Date.now()));

		expect(emittedIds(trigger)).toEqual([[first], [second]]);
		expect(trigger.runs[1].items[0].json).toMatchObject({ status: 'Terminated', event: 'terminated', candidateEmail: 'second@example.com' });
		expect(retrieveCalls()).toEqual(
			ends.map((end, i) => ({ state: 'completed', start: isoSeconds((i === 0 ? end : ends[i - 1]) - 10 * MINUTE), end: isoSeconds(end) })),
		);
	});

	test('a completion in the same second as the window end is not missed (it comes with the next, overlapping window)', async () => {
		const trigger = await activeTrigger();
		advance(MINUTE);
		// Completed at hh:mm:ss.400 and polled at hh:mm:ss.900: the window ends at hh:mm:ss (iMocha takes seconds).
		const id = await newCompletion('boundary@example.com');
		await nextPoll(trigger, 500);
		expect(trigger.runs).toHaveLength(0);
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test('an attempt iMocha lists late is still delivered if its time is within the overlap', async () => {
		const trigger = await activeTrigger();
		await nextPoll(trigger, 5 * MINUTE);
		// Recorded as finished 4 minutes ago, but only now visible: an earlier window already covered that time.
		const id = await newCompletion('late@example.com');
		imocha.fake.state.invitations.find((i: { testInvitationId: number }) => i.testInvitationId === id).stateChangedOn = new Date(
			Date.now() - 4 * MINUTE,
		).toISOString();
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test('remembered attempts are dropped once no window can reach them again, so static data stays small', async () => {
		const trigger = await activeTrigger({ options: { overlapMinutes: 5 } });
		advance(MINUTE);
		const id = await newCompletion('pruned@example.com');
		await nextPoll(trigger);
		const node = () => trigger.nodeStaticData() as { delivered: Record<string, number> };
		expect(Object.keys(node().delivered)).toEqual([`${id}:completed`]);
		for (let i = 0; i < 7; i++) {
			await nextPoll(trigger);
		}
		expect(node().delivered).toEqual({});
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test('10,050 attempts in one window (Look Back): each delivered once, none again on the next poll', async () => {
		const template = imocha.fake.state.invitations[0];
		// Inside the overlap of the next window, so the next poll reads them all again.
		const finishedAt = new Date(Date.now() - 2 * MINUTE).toISOString();
		for (let i = 0; i < 10_050; i++) {
			imocha.fake.state.invitations.push({ ...template, testInvitationId: 4_000_000 + i, status: 'Complete', stateChangedOn: finishedAt });
		}
		const trigger = await activeTrigger({ options: { lookBackHours: 1 } });
		expect(trigger.runs.flatMap((run) => run.items)).toHaveLength(10_050);
		await nextPoll(trigger);
		expect(trigger.runs).toHaveLength(1);
		expect(trigger.errors).toEqual([]);
	}, 60_000);

	test('after an n8n restart the saved static data continues: no gap, nothing twice', async () => {
		const trigger = await activeTrigger();
		advance(MINUTE);
		const delivered = await newCompletion('before.restart@example.com');
		await nextPoll(trigger);
		// n8n saved the static data when that poll started its run; polls after it were only in memory.
		await nextPoll(trigger);
		const saved = trigger.savedStaticData();
		advance(MINUTE);
		const duringRestart = await newCompletion('during.restart@example.com');
		advance(MINUTE);
		const restarted = await activeTrigger({}, saved);
		expect(emittedIds(trigger)).toEqual([[delivered]]);
		expect(emittedIds(restarted)).toEqual([[duringRestart]]);
	});

	test('Cancelled and Expired attempts, each read with its own state', async () => {
		const trigger = await activeTrigger({ states: ['cancelled', 'expired'], options: { lookBackHours: 48 } });
		// Seeded: Dana cancelled 20 h ago, Eli expired 40 h ago.
		expect(trigger.runs.map((r) => r.items.map((i) => [i.json.testInvitationId, i.json.state, i.json.event, i.json.status]))).toEqual([
			[
				[2932953, 'cancelled', 'cancelled', 'Cancelled'],
				[2932954, 'expired', 'expired', 'Expired'],
			],
		]);
		advance(MINUTE);
		const { error } = await runNode({
			parameters: { resource: 'invitation', operation: 'cancel', invitationId: '2932950' },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		await nextPoll(trigger);
		expect(emittedIds(trigger)[1]).toEqual([2932950]);
		expect([...new Set(retrieveCalls().map((c) => c.state))]).toEqual(['cancelled', 'expired']);
	});

	test('Include Report adds each finished attempt\'s report (the chosen type); a cancelled one has none', async () => {
		const trigger = await activeTrigger({ states: ['completed', 'cancelled'], includeReport: true, reportType: 'skills', options: { lookBackHours: 24 } });
		const items = trigger.runs[0].items.map((i) => i.json);
		expect(items.map((i) => [i.testInvitationId, i.report === null ? null : (i.report as IDataObject).testInvitationId])).toEqual([
			[2932955, 2932955],
			[2932956, 2932956],
			[2932953, null],
		]);
		expect((items[1].report as IDataObject).skills).toEqual(expect.any(Array));
		const reportCalls = imocha.fake.requests.filter((r) => r.path.startsWith('/v3/reports/'));
		expect(reportCalls.map((r) => [r.path, r.query.reportType])).toEqual([
			['/v3/reports/2932955', '2'],
			['/v3/reports/2932956', '2'],
		]);
	});
});

/** Waits (real time) until the fake iMocha has received `count` requests for paths starting with `prefix`. */
async function requested(prefix: string, count = 1): Promise<void> {
	for (let waited = 0; imocha.fake.requests.filter((r) => r.path.startsWith(prefix)).length < count; waited += 5) {
		if (waited > 10_000) throw new Error(`no request for ${prefix}`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 5));
	}
}

const deliveredIds = (trigger: PollTriggerHarness) => trigger.runs.flatMap((r) => r.items.map((i) => i.json.testInvitationId as number));

describe('overlapping polls of one trigger (a poll outlasting the interval)', () => {
	test('with Include Report, a poll that starts while the previous one fetches reports delivers nothing; each attempt once', async () => {
		const trigger = await activeTrigger({ includeReport: true });
		advance(MINUTE);
		const ids = [await newCompletion('a@example.com'), await newCompletion('b@example.com'), await newCompletion('c@example.com')];
		// Slow reports: the first poll is still fetching them when the next poll is due.
		imocha.fake.fail({ path: '^/v3/reports/', delayMs: 300, times: 3 });
		advance(MINUTE);
		const slow = trigger.tick();
		await requested('/v3/reports/');
		const retrievesBefore = retrieveCalls().length;
		advance(MINUTE);
		await trigger.tick();
		// The overlapping poll started nothing, and asked iMocha nothing.
		expect(trigger.runs).toHaveLength(0);
		await slow;
		expect(trigger.errors).toEqual([]);
		expect(emittedIds(trigger)).toEqual([ids]);
		expect(retrieveCalls()).toHaveLength(retrievesBefore);
		expect(trigger.runs[0].items.map((i) => (i.json.report as IDataObject).testInvitationId)).toEqual(ids);

		// The next poll continues from the window the slow poll saved: nothing again, a new attempt once.
		advance(MINUTE);
		const later = await newCompletion('d@example.com');
		await nextPoll(trigger);
		await nextPoll(trigger);
		expect(deliveredIds(trigger)).toEqual([...ids, later]);
	});

	test('a failed slow poll frees the trigger, and the next poll reads its window again', async () => {
		const trigger = await activeTrigger({ includeReport: true });
		const before = trigger.nodeStaticData();
		advance(MINUTE);
		const id = await newCompletion('outage@example.com');
		// Retrieve Invites is slow, then fails past the poll's one retry.
		imocha.fake.fail({ path: '/v3/candidates/testattempts', status: 503, body: { result: null, errors: ['Service is busy.'] }, delayMs: 300, times: 2 });
		advance(MINUTE);
		const failing = trigger.tick();
		await requested('/v3/candidates/testattempts');
		advance(MINUTE);
		await trigger.tick();
		await failing;
		expect(trigger.errors.map((e) => e.message)).toEqual(['Service is busy.']);
		expect(trigger.nodeStaticData()).toEqual(before);
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test('a poll stuck for longer than the claim lasts is taken over; when it comes back it delivers nothing', async () => {
		const trigger = await activeTrigger({ includeReport: true });
		advance(MINUTE);
		const id = await newCompletion('stuck@example.com');
		// The first poll's report takes 600 ms (real time) while the clock moves on 20 minutes without a sign of life.
		imocha.fake.fail({ path: '^/v3/reports/', delayMs: 600 });
		advance(MINUTE);
		const stuck = trigger.tick();
		await requested('/v3/reports/');
		advance(20 * MINUTE);
		await trigger.tick();
		expect(emittedIds(trigger)).toEqual([[id]]);
		await stuck;
		expect(emittedIds(trigger)).toEqual([[id]]);
		expect(trigger.errors).toEqual([]);
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test('a long poll that keeps making progress keeps the trigger: the claim lapses only after 5 minutes without progress', async () => {
		const trigger = await activeTrigger({ includeReport: true });
		advance(MINUTE);
		const ids = [await newCompletion('a@example.com'), await newCompletion('b@example.com'), await newCompletion('c@example.com')];
		imocha.fake.fail({ path: '^/v3/reports/', delayMs: 200, times: 3 });
		advance(MINUTE);
		const slow = trigger.tick();
		// Each report takes 4 minutes by the clock: 12 minutes in all, never 5 without progress.
		for (let report = 1; report <= 3; report++) {
			await requested('/v3/reports/', report);
			advance(4 * MINUTE);
		}
		const retrievesBefore = retrieveCalls().length;
		await trigger.tick();
		expect(trigger.runs).toHaveLength(0);
		await slow;
		expect(emittedIds(trigger)).toEqual([ids]);
		expect(retrieveCalls()).toHaveLength(retrievesBefore);
	});

	test('Fetch Test Event during a slow poll is neither blocked by it nor blocks it, and changes nothing', async () => {
		const trigger = await activeTrigger({ includeReport: true });
		advance(MINUTE);
		const id = await newCompletion('manual@example.com');
		imocha.fake.fail({ path: '^/v3/reports/', delayMs: 300, times: 1 });
		advance(MINUTE);
		const slow = trigger.tick();
		await requested('/v3/reports/');
		const sample = await trigger.testPoll();
		expect(sample.run.status).toBe('success');
		expect(sample.items.map((i) => i.json.testInvitationId)).toContain(id);
		await slow;
		expect(emittedIds(trigger)).toEqual([[id]]);

		// And by hand with no poll running: a sample, the active trigger's state untouched, the next poll not blocked.
		const state = trigger.nodeStaticData();
		advance(MINUTE);
		const next = await newCompletion('after.manual@example.com');
		const again = await trigger.testPoll();
		expect(again.items.map((i) => i.json.testInvitationId)).toEqual(expect.arrayContaining([id, next]));
		expect(trigger.nodeStaticData()).toEqual(state);
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id], [next]]);
	});
});

describe('errors from iMocha', () => {
	test('a failed poll is reported, keeps its window, and the next poll delivers what it missed', async () => {
		const trigger = await activeTrigger();
		const before = trigger.nodeStaticData();
		advance(MINUTE);
		const id = await newCompletion('during.outage@example.com');
		// An outage outlasting the trigger's two quick retries.
		imocha.fake.fail({ path: '/v3/candidates/testattempts', status: 503, body: { result: null, errors: ['Service is busy.'] }, times: 3 });
		await nextPoll(trigger);
		expect(trigger.runs).toHaveLength(0);
		expect(trigger.errors.map((e) => [e.constructor.name, e.message, (e as { httpCode?: string }).httpCode])).toEqual([
			['NodeApiError', 'Service is busy.', '503'],
		]);
		expect(trigger.nodeStaticData()).toEqual(before);
		await nextPoll(trigger);
		expect(emittedIds(trigger)).toEqual([[id]]);
	});

	test("iMocha's refusal of the window (its { result: null, errors } shape) is the error, and not blamed on the key", async () => {
		const trigger = await activeTrigger();
		// n8n itself sends a request again once after a 401 (in case the credential needs refreshing).
		imocha.fake.fail({ path: '/v3/candidates/testattempts', status: 401, body: { result: null, errors: ['Date & time is not valid.'] }, times: 2 });
		await nextPoll(trigger);
		expect(trigger.errors.map((e) => e.message)).toEqual(['Date & time is not valid.']);
		expect((trigger.errors[0] as Error & { description?: string }).description).toMatch(/The API key itself was accepted/);
	});

	test.each([
		// n8n itself sends a request again once after a 401.
		[
			"a wrong API key, with the gateway's message",
			{ apiKey: 'wrong-key' },
			'The iMocha API key is invalid or expired: Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
			// Once: the client stops n8n from sending a request again after a 401 (a token refresh an API key does not have).
			1,
		],
		[
			'an http:// base URL other than localhost, before any request',
			{ baseUrl: 'http://apiv3.imocha.io' },
			'The Skills Assessment Base URL "http://apiv3.imocha.io" in the iMocha API credential must start with https://',
			0,
		],
	])('activation fails on %s', async (_name, credentials, message, requests) => {
		const trigger = await startPollTrigger({ parameters: { states: ['completed'] }, credentials: { ...imocha.credentials(), ...credentials } });
		await expect(trigger.activate()).rejects.toThrow(message);
		expect(imocha.fake.requests).toHaveLength(requests);
		expect(trigger.savedStaticData()).toEqual({});
	});

	test('an answer without result.testAttempts is an error, not an empty poll', async () => {
		const trigger = await activeTrigger();
		imocha.fake.fail({ path: '/v3/candidates/testattempts', status: 200, body: { result: {}, errors: null } });
		await nextPoll(trigger);
		expect(trigger.errors.map((e) => e.message)).toEqual(['iMocha\'s answer has no "result.testAttempts" list']);
	});
});

test('run by hand (Fetch Test Event): up to 5 attempts of the last week', async () => {
	for (let i = 0; i < 4; i++) await newCompletion(`sample${i}@example.com`);
	const { output, error } = await runNode({ parameters: { states: ['completed'] }, credentials: imocha.credentials(), nodeType: POLL_TRIGGER_TYPE });
	expect(error).toBeUndefined();
	expect(output).toHaveLength(5);
	expect(output[0].json).toMatchObject({ event: expect.any(String), testInvitationId: expect.any(Number), raw: expect.any(Object) });
	const [call] = retrieveCalls();
	// The last week, up to the next whole second.
	expect(Date.parse(call.end) - Date.parse(call.start)).toBe(7 * 24 * HOUR + 1000);
});

test('the description: a polling trigger (Poll Times from n8n), no AI tool, the credential required', async () => {
	const { nodeTypes } = await loadPackage();
	const { description } = nodeTypes[POLL_TRIGGER_TYPE] as INodeType;
	expect(description.polling).toBe(true);
	expect(description.usableAsTool).toBeUndefined();
	expect(description.inputs).toEqual([]);
	expect(description.credentials).toEqual([{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest' }]);
	expect(description.properties.map((p) => p.name)).toEqual(['pollTimes', 'states', 'includeReport', 'reportType', 'options']);
});
