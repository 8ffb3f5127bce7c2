// Under load and faults: every item gets through exactly once, or fails on its own with a clear
// message; rate limits and outages are retried per item; concurrency stays bounded.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { capturedLogs, runNode, safeStringify } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

/** n users in the fake account, and one input item per user moving them to business unit 42. */
function manyUsers(count: number) {
	const users = Array.from({ length: count }, (_, i) => ({
		email: `person${i}@example.com`,
		fullName: `Person ${i}`,
		businessunitId: 1,
		status: 'Active',
	}));
	imocha.fake.state.users.push(...users);
	return users.map((user) => ({ email: user.email }));
}

const updateEach = (requestOptions: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'update',
	email: '={{ $json.email }}',
	businessUnitId: byId('42'),
	requestOptions,
});

/** How many times the fake applied an update for each email. */
function appliedPerEmail() {
	const counts = new Map<string, number>();
	for (const request of imocha.fake.requests.filter((r) => r.applied)) {
		counts.set(request.body.email, (counts.get(request.body.email) ?? 0) + 1);
	}
	return counts;
}

function expectOneOutputPerItem(output: Array<{ pairedItem?: unknown }>, count: number) {
	expect(output).toHaveLength(count);
	output.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
}

describe('rate limits', () => {
	test('120 updates against a 20 requests/s limit: every item applied exactly once, 429s retried', async () => {
		// A limit low enough that even a busy machine meets it, whatever pace earlier tests left.
		const items = manyUsers(120);
		imocha.fake.chaos({ ratePerSecond: 20 });
		// Each test its own account: the pace a process learnt for an account outlives the run.
		const { output, error } = await runNode({ parameters: updateEach(), items, credentials: imocha.credentials(), credentialId: 'account-20' });

		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 120);
		expect(output.every((item) => item.json.businessunitId === 42)).toBe(true);
		expect(imocha.fake.requests.some((r) => r.status === 429)).toBe(true);
		const applied = appliedPerEmail();
		expect(applied.size).toBe(120);
		expect([...applied.values()].every((count) => count === 1)).toBe(true);
	});

	test('once limited, the run keeps under the limit: 429s come in at most three rounds over six seconds of work', async () => {
		const items = manyUsers(600);
		imocha.fake.chaos({ ratePerSecond: 100 });
		const { output, error } = await runNode({ parameters: updateEach(), items, credentials: imocha.credentials(), credentialId: 'account-100' });

		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 600);
		expect(appliedPerEmail().size).toBe(600);
		// A round: 429s less than half a second apart. Retrying each after Retry-After without a
		// pace would give one round per second; learning the limit can take up to three.
		const refused = imocha.fake.requests.filter((r) => r.status === 429).map((r) => r.at);
		const rounds = refused.filter((at, i) => i === 0 || at - refused[i - 1] > 500).length;
		expect(rounds).toBeGreaterThanOrEqual(1);
		expect(rounds).toBeLessThanOrEqual(3);
		const applied = imocha.fake.requests.filter((r) => r.applied).map((r) => r.at);
		expect(applied[applied.length - 1] - applied[0]).toBeGreaterThan(5000);
	}, 30_000);

	test('runs of the same account at once share what iMocha allows: 3 × 150 updates at 50/s, every item applied once, none fails', async () => {
		const users = manyUsers(450);
		imocha.fake.chaos({ ratePerSecond: 50 });
		const runs = await Promise.all(
			[0, 1, 2].map((run) =>
				runNode({ parameters: updateEach(), items: users.slice(run * 150, run * 150 + 150), credentials: imocha.credentials(), credentialId: 'shared-account' }),
			),
		);
		for (const { output, error } of runs) {
			expect(error).toBeUndefined();
			expectOneOutputPerItem(output, 150);
		}
		const applied = appliedPerEmail();
		expect(applied.size).toBe(450);
		expect([...applied.values()].every((count) => count === 1)).toBe(true);
	}, 60_000);

	test('a 429 is sent again more often than Max Retries (it proves nothing was applied)', async () => {
		manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' }, times: 6 });
		const { output, error } = await runNode({ parameters: updateEach(), items: [{ email: 'person0@example.com' }], credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(output[0].json.businessunitId).toBe(42);
		expect(imocha.fake.requests.map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
	});

	test('Retry-After given as an HTTP date is honoured', async () => {
		const items = manyUsers(3);
		const inOneSecond = new Date(Date.now() + 1000).toUTCString();
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': inOneSecond }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
		const { output, error } = await runNode({ parameters: updateEach(), items, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 3);
		expect(appliedPerEmail().size).toBe(3);
	});

	/** Milliseconds between the fake's consecutive requests. */
	const gaps = () => imocha.fake.requests.slice(1).map((r, i) => r.at - imocha.fake.requests[i].at);

	test('a Retry-After of 2 seconds is waited before the request is sent again', async () => {
		manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '2' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
		const { error } = await runNode({ parameters: updateEach(), items: [{ email: 'person0@example.com' }], credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(gaps()[0]).toBeGreaterThanOrEqual(1950);
		expect(gaps()[0]).toBeLessThan(4000);
	});

	test('a Retry-After above the longest wait (30 s) fails the item at once with the 429', async () => {
		manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '31' }, body: { statusCode: 429, message: 'Quota used up.' } });
		const started = Date.now();
		const { error } = await runNode({ parameters: updateEach(), items: [{ email: 'person0@example.com' }], credentials: imocha.credentials() });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(error?.message).toBe('Quota used up. [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);
	});

	test.each([
		['0', '0'],
		['a negative number', '-5'],
		['a date in the past', new Date(Date.now() - 60_000).toUTCString()],
	])('a Retry-After of %s still pauses before each new try', async (_label, retryAfter) => {
		manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': retryAfter }, body: { statusCode: 429, message: 'Rate limit is exceeded.' }, times: 3 });
		const { error } = await runNode({ parameters: updateEach(), items: [{ email: 'person0@example.com' }], credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => r.status)).toEqual([429, 429, 429, 200]);
		// The backoff: at least 250 ms, then 500 ms, then 1 s (each with jitter down to half).
		expect(gaps().every((gap) => gap >= 200)).toBe(true);
		expect(gaps().reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(800);
	});

	test('429s without end give up at the overall deadline, waits included: (Timeout + 30 s) × (Max Retries + 1)', async () => {
		manyUsers(1);
		// Timeout 500 ms and 0 retries: the deadline is 30.5 s; a 429 asking for 10 s each time fits three waits.
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '10' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' }, times: 20 });
		const started = Date.now();
		const { error } = await runNode({ parameters: updateEach({ timeout: 500, maxRetries: 0 }), items: [{ email: 'person0@example.com' }], credentials: imocha.credentials() });
		const took = Date.now() - started;
		expect(error?.message).toBe('Rate limit is exceeded. [item 0]');
		expect(imocha.fake.requests.length).toBe(4);
		expect(took).toBeGreaterThanOrEqual(29_000);
		expect(took).toBeLessThan(31_500);
	}, 45_000);

	test('with retries switched off, a 429 fails that item with iMocha\'s message', async () => {
		const items = manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' } });
		const { error } = await runNode({ parameters: updateEach({ retryEnabled: false }), items, credentials: imocha.credentials() });
		expect(error?.message).toBe('Rate limit is exceeded. Try again in 1 seconds. [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);
	});
});

describe('outages', () => {
	test('200 updates through 503s and cut connections: all applied exactly once, each paired', async () => {
		const items = manyUsers(200);
		imocha.fake.chaos({ errorRate: 0.1, resetRate: 0.05, seed: 7 });
		const { output, error } = await runNode({
			parameters: updateEach({ maxRetries: 6 }),
			items,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 200);
		expect(imocha.fake.requests.filter((r) => r.status === 503 || r.status === undefined).length).toBeGreaterThan(10);
		const applied = appliedPerEmail();
		expect(applied.size).toBe(200);
		expect([...applied.values()].every((count) => count === 1)).toBe(true);
	});

	test('a create is not repeated after a 503 (iMocha may have applied it), but is after a 429', async () => {
		imocha.fake.fail({ path: '/v3/accounts/user/create', status: 503, body: '<html>Service Unavailable</html>' });
		const first = await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'new1@example.com', fullName: 'New One' },
			credentials: imocha.credentials(),
		});
		expect(first.error?.message).toBe('iMocha answered HTTP 503 [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);

		imocha.fake.reset();
		imocha.fake.fail({ path: '/v3/accounts/user/create', status: 429, headers: { 'retry-after': '0' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
		const second = await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'new2@example.com', fullName: 'New Two' },
			credentials: imocha.credentials(),
		});
		expect(second.error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(imocha.fake.requests.filter((r) => r.applied)).toHaveLength(1);
	});

	test('a create whose connection is cut is not repeated', async () => {
		imocha.fake.fail({ path: '/v3/accounts/user/create', reset: true });
		const { error } = await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'new3@example.com', fullName: 'New Three' },
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Could not reach iMocha (connection reset) [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);
	});

	test('an outage that outlasts the retries fails only that item; with Continue On Fail the rest go through', async () => {
		const items = manyUsers(5);
		imocha.fake.fail({ path: '/v3/accounts/user/update', bodyIncludes: 'person0@', status: 502, body: '<html>Bad Gateway</html>', times: 2 });
		const { output, error } = await runNode({
			parameters: updateEach({ maxRetries: 1 }),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 5);
		expect(output[0].json).toEqual({ error: 'iMocha answered HTTP 502 [item 0]' });
		expect(output.slice(1).every((item) => item.json.businessunitId === 42)).toBe(true);
	});
});

describe('answers that are not what iMocha promises', () => {
	test.each([
		['a cut-off JSON body', { status: 200, body: '{"email": "trunc', headers: { 'content-type': 'application/json' } }, /^iMocha's answer is not a JSON object \[item 0\]$/],
		['an empty body', { status: 200, body: '' }, /^iMocha's answer is not a JSON object \[item 0\]$/],
		['an HTML page from a gateway', { status: 500, body: '<!DOCTYPE html><html><body>Error</body></html>' }, /^iMocha answered HTTP 500 \[item 0\]$/],
	])('%s gives a clear per-item error, never an empty item', async (_label, fault, message) => {
		const items = manyUsers(3);
		imocha.fake.fail({ path: '/v3/accounts/user/update', ...fault });
		const { output } = await runNode({
			parameters: updateEach({ maxConcurrent: 1 }),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expectOneOutputPerItem(output, 3);
		expect(String(output[0].json.error)).toMatch(message);
		expect(output.slice(1).every((item) => item.json.businessunitId === 42)).toBe(true);
	});

	test("a slow answer past the node's Timeout is a clear error", async () => {
		const items = manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', delayMs: 1500 });
		const { error } = await runNode({
			parameters: updateEach({ timeout: 300, retryEnabled: false }),
			items,
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Could not reach iMocha (timed out) [item 0]');
	});

	test('a body that drips in after the headers is given up at the Timeout (the whole exchange is bounded)', async () => {
		const items = manyUsers(1);
		imocha.fake.fail({ path: '/v3/accounts/user/update', stream: { dripMs: 200 } });
		const started = Date.now();
		const { error } = await runNode({ parameters: updateEach({ timeout: 2000, maxRetries: 0 }), items, credentials: imocha.credentials() });
		expect(Date.now() - started).toBeLessThan(4000);
		expect(error?.message).toBe('Could not reach iMocha (timed out) [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);
	});

	test('with Continue On Fail off, the first unrecoverable error stops the run with iMocha\'s message', async () => {
		const items = [...manyUsers(100), { email: 'stranger@example.com' }, ...manyUsers(99).map((i) => ({ email: i.email.replace('person', 'other') }))];
		const { error, output } = await runNode({ parameters: updateEach(), items, credentials: imocha.credentials() });
		expect(error?.message).toBe('No user found with email address stranger@example.com [item 100]');
		expect(output).toEqual([]);
	});
});

describe('bounded concurrency', () => {
	test('200 items never have more than the default 10 requests in flight', async () => {
		const items = manyUsers(200);
		imocha.fake.chaos({ delayMs: 5 });
		const { output } = await runNode({ parameters: updateEach(), items, credentials: imocha.credentials() });
		expectOneOutputPerItem(output, 200);
		expect(imocha.fake.maxInFlight).toBeLessThanOrEqual(10);
		expect(imocha.fake.maxInFlight).toBeGreaterThan(1);
	});

	test('Max Concurrent Requests lowers it', async () => {
		const items = manyUsers(40);
		imocha.fake.chaos({ delayMs: 20 });
		const { output, error } = await runNode({ parameters: updateEach({ maxConcurrent: 3 }), items, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 40);
		expect(imocha.fake.maxInFlight).toBeGreaterThan(1);
		expect(imocha.fake.maxInFlight).toBeLessThanOrEqual(3);
	});

	test.each([
		['text from an expression', '={{ "abc" }}'],
		['a negative number', -4],
		['zero', 0],
	])('a Max Concurrent Requests that is %s keeps the default bound of 10', async (_label, maxConcurrent) => {
		const items = manyUsers(60);
		imocha.fake.chaos({ delayMs: 20 });
		const { output, error } = await runNode({ parameters: updateEach({ maxConcurrent } as INodeParameters), items, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expectOneOutputPerItem(output, 60);
		expect(imocha.fake.maxInFlight).toBeLessThanOrEqual(10);
		expect(imocha.fake.maxInFlight).toBeGreaterThan(1);
	});
});

describe('paging does not trust the page count alone', () => {
	// A window without reports: every page after the faked first one is empty.
	const emptyWindow = { startDate: '2001-01-01T00:00:00Z', endDate: '2001-01-02T00:00:00Z' };
	const oneRecordClaiming = (claims: IDataObject) => ({
		path: '/v3/reports',
		status: 200,
		body: { reports: [{ testInvitationId: 1, candidateEmail: 'one@example.com' }], pageNumber: 1, hasNextPage: true, ...claims },
	});

	test('an answer claiming 3,000 pages whose next pages are empty: one record, a handful of requests', async () => {
		imocha.fake.fail(oneRecordClaiming({ totalPages: 3000 }));
		const { output, error } = await runNode({
			parameters: { resource: 'report', operation: 'getAll', returnAll: true, simplify: false, options: emptyWindow },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.testInvitationId)).toEqual([1]);
		// The first page, then at most as many pages ahead as requests may be in flight (10).
		expect(imocha.fake.requests.length).toBeLessThanOrEqual(11);
	});

	test('a total count of 1 ends the walk after the first page, whatever totalPages says', async () => {
		imocha.fake.fail(oneRecordClaiming({ totalPages: 3000, totalCount: 1 }));
		const { output } = await runNode({
			parameters: { resource: 'report', operation: 'getAll', returnAll: true, simplify: false, options: emptyWindow },
			credentials: imocha.credentials(),
		});
		expect(output).toHaveLength(1);
		expect(imocha.fake.requests).toHaveLength(1);
	});
});

test('the API key appears in no output, error or log line of a faulty run', async () => {
	const secret = 'sentinel-fault-key-77';
	const items = manyUsers(60);
	imocha.fake.chaos({ errorRate: 0.2, resetRate: 0.1, ratePerSecond: 200, seed: 3 });
	const logStart = capturedLogs.length;
	const runs = [
		await runNode({ parameters: updateEach({ maxRetries: 1 }), items, credentials: imocha.credentials(), continueOnFail: true }),
		await runNode({ parameters: updateEach({ maxRetries: 1 }), items, credentials: { ...imocha.credentials(), apiKey: secret } }),
	];
	for (const { run, error, output } of runs) {
		expect(safeStringify(run) + safeStringify(error) + safeStringify(output)).not.toMatch(/sentinel-fault-key-77|test-key/);
	}
	expect(capturedLogs.slice(logStart).join('\n')).not.toMatch(/sentinel-fault-key-77|test-key/);
	expect(runs[0].output).toHaveLength(60);
	expect(secret).toBe('sentinel-fault-key-77');
});
