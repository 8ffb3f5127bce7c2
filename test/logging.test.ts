// What the nodes write to n8n's log (the logger n8n gives nodes, so N8N_LOG_LEVEL and n8n's log
// outputs govern it): retries at debug, pace changes at info, give-ups, refused redirects and
// oversized answers at warn, the triggers' decisions at debug. Never the key, a body, an email or
// candidate data: ids, statuses and counts only.
import type { INodeParameters } from 'n8n-workflow';
import { capturedLogs, runNode, startWebhookTrigger } from './harness';
import { byId, useFakeImocha } from './helpers';

const SECRET = 'log-secret-key-4f7a';
const imocha = useFakeImocha({ apiKey: SECRET });

let logStart = 0;
beforeEach(() => (logStart = capturedLogs.length));
const lines = () => capturedLogs.slice(logStart);
const linesWith = (level: string, text: string) => lines().filter((line) => line.startsWith(`${level} ${text}`));
/** No line of the test holds the key; no line of the package's holds an email address. */
afterEach(() => {
	expect(lines().join('\n')).not.toContain(SECRET);
	const ours = lines().filter((line) => /^\w+ iMocha /.test(line));
	expect(ours.length).toBeGreaterThan(0);
	expect(ours.join('\n')).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
});

const update = (requestOptions: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'update',
	email: 'bob@example.com',
	businessUnitId: byId('42'),
	requestOptions,
});

test('a retry after a 429 is one debug line: node, operation, item, status, attempt, wait', async () => {
	imocha.fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
	const { error } = await runNode({ parameters: update(), credentials: imocha.credentials(), credentialId: 'log-429' });
	expect(error).toBeUndefined();
	const retried = linesWith('debug', 'iMocha request retried');
	expect(retried).toHaveLength(1);
	expect(JSON.parse(retried[0].slice('debug iMocha request retried '.length))).toMatchObject({
		node: 'iMocha',
		road: 'user.update',
		item: 0,
		status: 429,
		attempt: 1,
		waitMs: 1000,
	});
});

test('a network failure retried names its code', async () => {
	imocha.fake.fail({ method: 'GET', path: '/v3/accounts/business-units', reset: true });
	const { error } = await runNode({ parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true }, credentials: imocha.credentials() });
	expect(error).toBeUndefined();
	expect(linesWith('debug', 'iMocha request retried').map((line) => JSON.parse(line.replace(/^debug iMocha request retried /, '')))).toEqual([
		expect.objectContaining({ road: 'businessUnit.getAll', code: 'ECONNRESET', attempt: 1 }),
	]);
});

test('the pace learnt from a 429 is an info line; an item that ran out of retries is a warn line', async () => {
	imocha.fake.chaos({ ratePerSecond: 5, paths: ['/v3/accounts/user/update'] });
	imocha.fake.state.users.push(...Array.from({ length: 30 }, (_, i) => ({ email: `p${i}@example.com`, fullName: `P ${i}`, businessunitId: 1, status: 'Active' })));
	const { error } = await runNode({
		parameters: { ...update(), email: '={{ $json.email }}' },
		items: Array.from({ length: 30 }, (_, i) => ({ email: `p${i}@example.com` })),
		credentials: imocha.credentials(),
		credentialId: 'log-pace',
	});
	expect(error).toBeUndefined();
	const learnt = linesWith('info', 'iMocha pace learnt from its 429');
	expect(learnt).toHaveLength(1);
	expect(learnt[0]).toMatch(/"account":"credential log-pace on 127\.0\.0\.1:\d+"/);
	expect(learnt[0]).toMatch(/"pace":\d+/);

	imocha.fake.chaos({});
	imocha.fake.fail({ path: '/v3/accounts/user/update', status: 503, body: 'down', times: 5 });
	const { error: outage } = await runNode({ parameters: update({ maxRetries: 1 }), credentials: imocha.credentials() });
	expect(outage?.message).toBe('down [item 0]');
	expect(linesWith('warn', 'iMocha request gave up after its retries').map((line) => JSON.parse(line.replace(/^warn iMocha request gave up after its retries /, '')))).toEqual([
		expect.objectContaining({ road: 'user.update', item: 0, status: 503, attempt: 2 }),
	]);
});

test('a refused redirect and an answer over the size limit are warn lines', async () => {
	imocha.fake.fail({ path: '/v3/accounts/user/update', status: 302, headers: { location: 'https://elsewhere.example/collect' }, body: '' });
	await runNode({ parameters: update(), credentials: imocha.credentials() });
	imocha.fake.fail({ method: 'GET', path: '/v3/tests', stream: { bytes: 40 * 1024 * 1024 } });
	await runNode({ parameters: { resource: 'test', operation: 'getAll', returnAll: true }, credentials: imocha.credentials() });
	expect(linesWith('warn', 'iMocha redirect refused')).toHaveLength(1);
	expect(linesWith('warn', 'iMocha redirect refused')[0]).toMatch(/"status":302/);
	expect(linesWith('warn', 'iMocha answer over the size limit')).toHaveLength(1);
	expect(linesWith('warn', 'iMocha answer over the size limit')[0]).toMatch(/"limitBytes":16777216/);
});

test("the iMocha Trigger's decisions are debug lines with the invitation and event only", async () => {
	const token = 'log-token-0123456789abcdef';
	const hook = await startWebhookTrigger({ parameters: { secretToken: token }, credentials: imocha.credentials() });
	try {
		const post = async () =>
			await fetch(hook.callbackUrl(token), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ TestInvitationId: 2932951, Status: 'Complete', CandidateEmailId: 'ben@example.com', CandidateName: 'Ben' }),
			});
		expect((await post()).status).toBe(200);
		expect((await post()).status).toBe(200);
		const repeat = linesWith('debug', 'iMocha callback refused as a repeat');
		expect(repeat).toHaveLength(1);
		expect(repeat[0]).toMatch(/"testInvitationId":2932951,"event":"completed"/);
		expect(repeat[0]).not.toMatch(/Ben/);
	} finally {
		await hook.close();
	}
});
