import { runNode, safeStringify, capturedLogs } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const update = (email: string, unit: string) => ({
	resource: 'user',
	operation: 'update',
	email,
	businessUnitId: byId(unit),
});

describe('bad input is refused before any request', () => {
	// Values arrive through expressions from upstream items: a literally empty required field
	// never gets this far, n8n refuses the workflow first (tested below).
	test.each([
		['an empty email', update('={{ $json.missing }}', '42'), /^Email is empty \[item 0\]$/, "Enter the person's email address in 'Email'"],
		['an invalid email', update('={{ "not-an-email" }}', '42'), /^Email "not-an-email" is not a valid email address \[item 0\]$/, "Use an address like nathan@example.com in 'Email'."],
		['a text business unit', update('alice@example.com', '={{ "abc" }}'), /^Business Unit "abc" is not a positive whole number \[item 0\]$/, "'Business Unit' takes iMocha's numeric ID"],
		['a zero business unit', update('alice@example.com', '={{ 0 }}'), /^Business Unit "0" is not a positive whole number/, "'Business Unit' takes iMocha's numeric ID"],
		['a negative business unit', update('alice@example.com', '={{ -3 }}'), /^Business Unit "-3" is not a positive whole number/, "'Business Unit' takes iMocha's numeric ID"],
		['a fractional business unit', update('alice@example.com', '={{ 1.5 }}'), /^Business Unit "1.5" is not a positive whole number/, "'Business Unit' takes iMocha's numeric ID"],
		['a missing business unit', update('alice@example.com', '={{ "" }}'), /^Business Unit is empty \[item 0\]$/, "'Business Unit' takes iMocha's numeric ID"],
		[
			'an unknown status',
			{ resource: 'user', operation: 'setStatus', email: 'bob@example.com', status: '={{ "Suspended" }}' },
			/^Status "Suspended" is not one of Active, Inactive \[item 0\]$/,
			'Pick one of: Active, Inactive.',
		],
		[
			'an empty full name',
			{ resource: 'user', operation: 'create', email: 'new@example.com', fullName: '={{ "  " }}' },
			/^Full Name is empty \[item 0\]$/,
			"Enter a value for 'Full Name'.",
		],
	])('%s', async (_label, parameters, message, toDo) => {
		const { error, output } = await runNode({ parameters, credentials: imocha.credentials() });
		// The node throws a NodeOperationError; when it stops the run, RoutingNode re-wraps every
		// rejection that is not a NodeApiError as one, keeping message, description and item.
		expect(error?.message).toMatch(message);
		// What to do, in which field.
		expect(error?.description).toMatch(toDo);
		expect(error?.context?.itemIndex).toBe(0);
		expect(error?.httpCode).toBe('none');
		expect(output).toEqual([]);
		expect(imocha.fake.requests).toHaveLength(0);

		const continued = await runNode({ parameters, credentials: imocha.credentials(), continueOnFail: true });
		expect(continued.output).toHaveLength(1);
		expect(continued.output[0].error?.name).toBe('NodeOperationError');
		expect(continued.output[0].json.error).toMatch(message);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('n8n itself refuses a literally empty required field before running the node', async () => {
		const { error } = await runNode({ parameters: update('', '42'), credentials: imocha.credentials() });
		expect(error?.message).toMatch(/Parameter "Email" is required/);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('names the failing item, counting from 0 as n8n does', async () => {
		const { error } = await runNode({
			parameters: update('={{ $json.email }}', '42'),
			items: [{ email: 'alice@example.com' }, { email: 'bob@example.com' }, { email: 'carol@example.com' }, { email: 'nope' }],
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Email "nope" is not a valid email address [item 3]');
		expect(error?.context?.itemIndex).toBe(3);
	});

	test('a base URL that is plain http:// on a remote host is refused, so the key never travels in clear text', async () => {
		const { error } = await runNode({
			parameters: update('alice@example.com', '42'),
			credentials: { ...imocha.credentials(), baseUrl: 'http://apiv3.imocha.io' },
		});
		expect(error?.message).toBe(
			'The Skills Assessment Base URL "http://apiv3.imocha.io" in the iMocha API credential must start with https:// [item 0]',
		);
		expect(imocha.fake.requests).toHaveLength(0);
	});
});

describe("iMocha's errors become NodeApiError with iMocha's own text", () => {
	test.each([
		['{"errors": [...]}', { errors: ['The provided BusinessUnitId is invalid or not associated with your account.'] }],
		['{"result": null, "errors": [...]}', { result: null, errors: ['The provided BusinessUnitId is invalid or not associated with your account.'] }],
		['{"statusCode": 400, "message": ...}', { statusCode: 400, message: 'The provided BusinessUnitId is invalid or not associated with your account.' }],
	])('shape %s', async (_shape, body) => {
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 400, body });
		const { error } = await runNode({ parameters: update('alice@example.com', '42'), credentials: imocha.credentials() });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The provided BusinessUnitId is invalid or not associated with your account. [item 0]');
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toMatch(/Correct the field/);
	});

	test('the fake itself refuses a business unit the account does not have', async () => {
		const { error } = await runNode({ parameters: update('alice@example.com', '999'), credentials: imocha.credentials() });
		expect(error?.message).toBe('The provided BusinessUnitId is invalid or not associated with your account. [item 0]');
		expect(imocha.fake.requests).toHaveLength(1);
	});

	test('401: says the key is invalid or expired, with iMocha\'s text', async () => {
		const { error } = await runNode({
			parameters: update('alice@example.com', '42'),
			credentials: { ...imocha.credentials(), apiKey: 'wrong-key' },
		});
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe(
			'The iMocha API key is invalid or expired: Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription. [item 0]',
		);
		expect(error?.description).toMatch(/paste a current key/);
	});

	test.each([
		[404, { statusCode: 404, message: 'Resource not found' }, 'Resource not found [item 0]', /Check that the ID exists/],
		[429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' }, 'Rate limit is exceeded. Try again in 1 seconds. [item 0]', /Lower "Max Concurrent Requests"/],
		[500, { errors: ['Something went wrong'] }, 'Something went wrong [item 0]', /contact iMocha support/],
		[503, '<html><body>Service Unavailable</body></html>', 'iMocha answered HTTP 503 [item 0]', /Wait a few minutes/],
	])('%i: message and what to do', async (status, body, message, description) => {
		imocha.fake.fail({ path: '/v3/accounts/user/update', status, body });
		const { error } = await runNode({
			// 429 and 503 are retried by default (test/faults.test.ts); here the first answer is final.
			parameters: { ...update('alice@example.com', '42'), requestOptions: { retryEnabled: false } },
			credentials: imocha.credentials(),
		});
		expect(error?.httpCode).toBe(String(status));
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(description);
	});

	test('a host that cannot be reached is a clear error', async () => {
		const { error } = await runNode({
			parameters: update('alice@example.com', '42'),
			credentials: { ...imocha.credentials(), baseUrl: 'http://127.0.0.1:1' },
		});
		expect(error?.message).toBe('Could not reach iMocha (connection refused) [item 0]');
		expect(error?.description).toMatch(/Check the base URL/);
	});
});

describe('Continue On Fail', () => {
	test('every input item gives exactly one output item, errors included, paired with its input', async () => {
		const items = [
			{ email: 'alice@example.com', unit: '42' }, // applied
			{ email: 'not-an-email', unit: '42' }, // refused before sending
			{ email: 'nobody@example.com', unit: '42' }, // iMocha: unknown user
			{ email: 'bob@example.com', unit: '77' }, // applied
			{ email: 'carol@example.com', unit: 'x' }, // refused before sending
		];
		const { output, error } = await runNode({
			parameters: update('={{ $json.email }}', '={{ $json.unit }}'),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(5);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ email: 'alice@example.com', businessunitId: 42 });
		expect(output[1].json).toEqual({ error: 'Email "not-an-email" is not a valid email address [item 1]' });
		expect(output[2].json).toEqual({ error: 'No user found with email address nobody@example.com [item 2]' });
		expect(output[3].json).toMatchObject({ email: 'bob@example.com', businessunitId: 77 });
		expect(output[4].json).toEqual({ error: 'Business Unit "x" is not a positive whole number [item 4]' });
		expect(imocha.fake.requests.map((r) => r.body.email)).toEqual(['alice@example.com', 'nobody@example.com', 'bob@example.com']);
	});

	test('list operations pair every returned record and the error item with their input', async () => {
		imocha.fake.fail({ path: '/v3/accounts/business-units', status: 500, body: { errors: ['Temporary outage'] } });
		const { output } = await runNode({
			parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true },
			items: [{ run: 1 }, { run: 2 }],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(output.map((item) => [item.json.error ?? item.json.businessUnitName, item.pairedItem])).toEqual([
			['Temporary outage [item 0]', { item: 0 }],
			['Default', { item: 1 }],
			['Engineering', { item: 1 }],
			['Sales', { item: 1 }],
		]);
	});
});

describe('the API key stays secret', () => {
	const secretKey = 'sentinel-key-5f1c';

	test('it appears in no output item, error or log line, whatever fails', async () => {
		const secretImocha = { ...imocha.credentials(), apiKey: secretKey };
		imocha.fake.fail({ path: '/v3/accounts/user/update', status: 500, body: { errors: ['boom'] }, times: 1 });
		const logStart = capturedLogs.length;
		const runs = [
			// A wrong key for the fake (it expects test-key): 401 on every item, with Continue On Fail.
			await runNode({
				parameters: update('={{ $json.email }}', '42'),
				items: [{ email: 'alice@example.com' }, { email: 'bad' }],
				credentials: secretImocha,
				continueOnFail: true,
			}),
			// The right key, then a server failure that stops the run.
			await runNode({ parameters: update('alice@example.com', '42'), credentials: imocha.credentials() }),
			// An unreachable host.
			await runNode({
				parameters: update('alice@example.com', '42'),
				credentials: { ...secretImocha, baseUrl: 'http://127.0.0.1:1' },
			}),
		];
		expect(imocha.fake.requests.some((r) => r.headers['x-api-key'] === secretKey)).toBe(true);
		for (const result of runs) {
			const serialized = safeStringify(result.run) + safeStringify(result.error) + safeStringify(result.output);
			expect(serialized).not.toContain(secretKey);
			expect(serialized).not.toContain('test-key');
		}
		expect(runs[0].output).toHaveLength(2);
		expect(capturedLogs.length).toBeGreaterThan(logStart);
		expect(capturedLogs.slice(logStart).join('\n')).not.toContain(secretKey);
	});
});
