// The iMocha Trigger (webhook): iMocha's callbacks, sent by the fake iMocha as iMocha sends them
// (In Progress, then the final status; up to 5 retries), reach webhook() through n8n-core's
// WebhookContext with real HTTP requests (test/harness.ts startWebhookTrigger).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext } from 'n8n-core';
import type { IDataObject, INodeType, IWebhookDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { loadPackage, runNode, startWebhookTrigger, WEBHOOK_TRIGGER_TYPE, type WebhookTriggerHarness } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();
const TOKEN = 'cb-token-0123456789abcdef';

const triggerParameters = (extra: IDataObject = {}) => ({ secretToken: TOKEN, ...extra });

let trigger: WebhookTriggerHarness | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

async function start(extra: IDataObject = {}, options: Partial<Parameters<typeof startWebhookTrigger>[0]> = {}) {
	trigger = await startWebhookTrigger({ parameters: triggerParameters(extra), credentials: imocha.credentials(), ...options });
	return trigger;
}

/** Invites a candidate through the iMocha node with the trigger's callback URL, as a user would. */
async function inviteWithCallback(callbackUrl: string, email = 'cal@example.com'): Promise<number> {
	const { output, error } = await runNode({
		parameters: {
			resource: 'invitation',
			operation: 'invite',
			testId: byId('118001'),
			email,
			candidateName: 'Cal Example',
			additionalFields: { callbackUrl },
		},
		credentials: imocha.credentials(),
	});
	expect(error).toBeUndefined();
	return output[0].json.testInvitationId as number;
}

/** A raw HTTP call (fetch cannot send every body and method this needs). */
function call(
	url: string,
	{ method = 'POST', body, contentType = 'application/json' }: { method?: string; body?: string | Buffer; contentType?: string | null } = {},
): Promise<{ status: number; body: string }> {
	return new Promise((resolveCall, reject) => {
		const headers: Record<string, string | number> = {};
		if (contentType) headers['content-type'] = contentType;
		if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
		const req = httpRequest(url, { method, headers }, (res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolveCall({ status: res.statusCode ?? 0, body: text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const callback = (fields: IDataObject = {}) =>
	JSON.stringify({
		CandidateEmailId: 'ben@example.com',
		AttemptedOn: '09-Oct-2020 06:51 PM',
		TotalScore: 30,
		CandidateScore: 21,
		ReportPDFUrl: 'https://app.imocha.io/PDFReport?id=2932951',
		TestInvitationId: 2932951,
		Status: 'Complete',
		AttemptedOnUtc: '2020-10-09T13:21:53',
		PerformanceCategory: 'Passed',
		...fields,
	});

describe('callbacks from iMocha', () => {
	test.each([2, 1])('the real sequence: In Progress is answered and skipped, Complete starts one run with camelCase fields (node version %i)', async (typeVersion) => {
		const hook = await start({}, { typeVersion });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		const { deliveries, report } = await imocha.fake.completeInvitation(id, { notify: true });
		expect(deliveries.map((d) => [d.payload.Status, d.attempts.map((a) => a.statusCode)])).toEqual([
			['In Progress', [200]],
			['Complete', [200]],
		]);
		expect(hook.runs).toHaveLength(1);
		const [run] = hook.runs;
		expect(run.run.status).toBe('success');
		expect(run.run.mode).toBe('webhook');
		expect(run.items).toHaveLength(1);
		const json = run.items[0].json;
		expect(json).toEqual({
			testInvitationId: id,
			status: 'Complete',
			event: 'completed',
			candidateEmail: 'cal@example.com',
			score: report.candidatePoints,
			totalScore: report.totalTestPoints,
			scorePercentage: report.scorePercentage,
			performanceCategory: report.performanceCategory,
			reportPdfUrl: report.pdfReportUrl,
			attemptedOn: expect.stringMatching(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2} (AM|PM)$/),
			attemptedOnUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
			raw: deliveries[1].payload,
		});
		expect(hook.answers.map((a) => [a.status, JSON.parse(a.body)])).toEqual([
			[200, { received: true, started: false, reason: 'Status "In Progress" is not one of the trigger\'s events' }],
			[200, { message: 'Workflow was started' }],
		]);
		// No call to iMocha is needed without the report.
		expect(imocha.fake.requests.filter((r) => r.path.startsWith('/v3/reports'))).toHaveLength(0);
	});

	test('with Test Started selected, In Progress and Complete each start a run', async () => {
		const hook = await start({ events: ['started', 'completed'] });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		await imocha.fake.completeInvitation(id, { notify: true });
		expect(hook.runs.map((r) => [r.items[0].json.event, r.items[0].json.status, r.items[0].json.reportPdfUrl])).toEqual([
			['started', 'In Progress', null],
			['completed', 'Complete', expect.stringContaining('PDFReport')],
		]);
	});

	test.each([
		['Test Left', 'testLeft'],
		['Terminated', 'terminated'],
	] as const)('a test that ends as %s starts a run by default (event %s)', async (status, event) => {
		const hook = await start();
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		await imocha.fake.completeInvitation(id, { notify: true, status });
		expect(hook.runs.map((r) => [r.items[0].json.status, r.items[0].json.event])).toEqual([[status, event]]);
	});

	test('Include Report adds the full report (GET /v3/reports/{id}, the chosen type) to a finished test only', async () => {
		const hook = await start({ events: ['started', 'completed'], includeReport: true, reportType: 'both' });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		const { report } = await imocha.fake.completeInvitation(id, { notify: true });
		expect(hook.runs.map((r) => r.items[0].json.report)).toEqual([
			null,
			expect.objectContaining({
				testInvitationId: id,
				candidateEmail: 'cal@example.com',
				scorePercentage: report.scorePercentage,
				sections: expect.any(Array),
				skills: expect.any(Array),
			}),
		]);
		const reportCalls = imocha.fake.requests.filter((r) => r.path.startsWith('/v3/reports'));
		expect(reportCalls.map((r) => [r.method, r.path, r.query, r.headers['x-api-key']])).toEqual([
			['GET', `/v3/reports/${id}`, { reportType: '3' }, imocha.fake.apiKey],
		]);
		expect(hook.runs[1].items[0].json.reportError).toBeUndefined();
	});

	test('a report iMocha cannot give does not lose the event: report null and iMocha\'s message in reportError', async () => {
		const hook = await start({ includeReport: true });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		imocha.fake.fail({ path: `/v3/reports/${id}`, status: 403, body: { statusCode: 403, message: 'Reports are not enabled for this key.' } });
		await imocha.fake.completeInvitation(id, { notify: true });
		expect(hook.runs).toHaveLength(1);
		expect(hook.runs[0].items[0].json).toMatchObject({ testInvitationId: id, report: null, reportError: 'Reports are not enabled for this key.' });
	});

	test('an outage while reading the report is retried (twice at most) before the run starts', async () => {
		const hook = await start({ includeReport: true });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		imocha.fake.fail({ path: `/v3/reports/${id}`, status: 503, body: '<html>503</html>', times: 2 });
		await imocha.fake.completeInvitation(id, { notify: true });
		expect(hook.runs[0].items[0].json.report).toMatchObject({ testInvitationId: id, status: 'Complete' });
		expect(hook.runs[0].items[0].json.reportError).toBeUndefined();
		expect(imocha.fake.requests.filter((r) => r.path === `/v3/reports/${id}`).map((r) => r.status)).toEqual([503, 503, 200]);
	});
});

describe('the secret token', () => {
	test.each([
		['no token', (url: string) => url],
		['a wrong token', (url: string) => `${url}?token=not-the-right-token-123`],
		['the token with a different case', (url: string) => `${url}?token=${TOKEN.toUpperCase()}`],
		['the token twice', (url: string) => `${url}?token=${TOKEN}&token=${TOKEN}`],
		['the token in another parameter', (url: string) => `${url}?secret=${TOKEN}`],
	])('%s: 401, nothing starts, the token is not echoed', async (_name, urlFor) => {
		const hook = await start();
		const answer = await call(urlFor(hook.url), { body: callback() });
		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body)).toEqual({ message: 'Missing or wrong token in the callback URL' });
		expect(answer.body).not.toContain(TOKEN);
		expect(hook.runs).toHaveLength(0);
		expect(hook.staticData).toEqual({});
	});

	test('an invitation made with the wrong token: iMocha retries 5 times, every call is refused, nothing starts', async () => {
		const hook = await start();
		const id = await inviteWithCallback(`${hook.url}?token=guessed-token-0000000`);
		const { deliveries } = await imocha.fake.completeInvitation(id, { notify: true, retryDelayMs: 1 });
		expect(deliveries.map((d) => [d.attempts.map((a) => a.statusCode), d.delivered])).toEqual([
			[[401, 401, 401, 401, 401, 401], false],
			[[401, 401, 401, 401, 401, 401], false],
		]);
		expect(hook.runs).toHaveLength(0);
	});

	test('the token is compared in constant time: hashed, then crypto.timingSafeEqual', async () => {
		// The module object the compiled node requires (an ES namespace could not be spied on).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const crypto = require('crypto') as typeof import('crypto');
		const compare = jest.spyOn(crypto, 'timingSafeEqual');
		const { tokenMatches } = await import('../nodes/ImochaTrigger/callback');
		try {
			// Whatever the lengths, the comparison is timingSafeEqual on two SHA-256 digests.
			expect(tokenMatches('short', TOKEN)).toBe(false);
			expect(compare).toHaveBeenCalledTimes(1);
			const [sent, secret] = compare.mock.calls[0] as [Buffer, Buffer];
			expect([sent.length, secret.length]).toEqual([32, 32]);
		} finally {
			compare.mockRestore();
		}
		expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
		expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
		expect(tokenMatches('', TOKEN)).toBe(false);
		expect(tokenMatches([TOKEN], TOKEN)).toBe(false);
		expect(tokenMatches(TOKEN, '')).toBe(false);
	});

	test('activation refuses a Secret Token shorter than 16 characters (webhookMethods create)', async () => {
		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes[WEBHOOK_TRIGGER_TYPE] as INodeType;
		const activate = async (secretToken: string) => {
			const node = { id: 'n1', name: 'iMocha Trigger', type: WEBHOOK_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: { secretToken } };
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: true,
				nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
			});
			const context = new HookContext(workflow, node, {} as never, 'webhook', 'activate');
			const methods = nodeType.webhookMethods!.default!;
			expect(await methods.checkExists.call(context)).toBe(false);
			return await methods.create.call(context);
		};
		await expect(activate('short')).rejects.toThrow('The Secret Token must have at least 16 characters');
		await expect(activate('')).rejects.toThrow('The Secret Token must have at least 16 characters');
		await expect(activate(TOKEN)).resolves.toBe(true);
	});

	test('a call while the Secret Token is too short is refused like a wrong token', async () => {
		const hook = await start({ secretToken: 'short' });
		const answer = await call(`${hook.url}?token=short`, { body: callback() });
		expect(answer.status).toBe(401);
		expect(hook.runs).toHaveLength(0);
	});
});

describe('repeated callbacks start one run', () => {
	test('the same callback sent again and again: one run, the repeats answered 200', async () => {
		const hook = await start();
		for (let i = 0; i < 4; i++) await call(hook.callbackUrl(TOKEN), { body: callback() });
		expect(hook.runs).toHaveLength(1);
		expect(hook.answers.slice(1).map((a) => [a.status, JSON.parse(a.body).reason])).toEqual(
			Array(3).fill([200, 'Repeated callback: this invitation and status already started a run']),
		);
		expect(hook.staticData).toEqual({ 'node:iMocha Trigger': { callbacks: ['2932951:completed'] } });
	});

	test('copies that arrive together (before n8n saved the static data of the first) start one run; the others are asked to come again', async () => {
		// The first call is still fetching the report when the copies arrive.
		imocha.fake.chaos({ delayMs: 300, paths: ['/v3/reports/'] });
		const hook = await start({ includeReport: true });
		const answers = await Promise.all(Array.from({ length: 6 }, () => call(hook.callbackUrl(TOKEN), { body: callback() })));
		// Never "repeated" while the first call's run may not have started: 503 with Retry-After, so
		// iMocha sends it again; by then the saved static data tells.
		expect(answers.map((a) => a.status).sort()).toEqual([200, 503, 503, 503, 503, 503]);
		expect(hook.runs).toHaveLength(1);
		const again = await call(hook.callbackUrl(TOKEN), { body: callback() });
		expect(again.status).toBe(200);
		expect(hook.runs).toHaveLength(1);
	});

	// n8n 2.x saves the static data a webhook call changed only when the call starts no run (its
	// workflow runner wraps the same object again before the answer, clearing n8n's "changed" mark;
	// the harness does what n8n does). The run itself writes its key (execute(), its first step), and
	// n8n saves a run's static data at the end of the run.
	test('a call that starts a run: n8n 2.x does not save what the call wrote, but the run writes its key and n8n saves it at the end of the run', async () => {
		const hook = await start();
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3200001 }) });
		expect(hook.staticData).toEqual({ 'node:iMocha Trigger': { callbacks: ['3200001:completed'] } });
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3200002 }) });
		expect(hook.runs).toHaveLength(2);
		expect(hook.staticData).toEqual({ 'node:iMocha Trigger': { callbacks: ['3200001:completed', '3200002:completed'] } });
		const again = await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3200002 }) });
		expect(JSON.parse(again.body).reason).toBe('Repeated callback: this invitation and status already started a run');
		expect(hook.runs).toHaveLength(2);
	});

	test('after a restart of n8n the saved static data still recognises the callback', async () => {
		const first = await start({}, { staticData: { 'node:iMocha Trigger': { callbacks: ['2900000:completed'] } } });
		await call(first.callbackUrl(TOKEN), { body: callback() });
		const saved = first.staticData;
		expect(saved).toEqual({ 'node:iMocha Trigger': { callbacks: ['2900000:completed', '2932951:completed'] } });
		await first.close();
		// Another workflow instance (no in-memory state), the same saved static data.
		const restarted = await start({}, { staticData: saved, workflowId: 'wf-after-restart' });
		await call(restarted.callbackUrl(TOKEN), { body: callback() });
		await call(restarted.callbackUrl(TOKEN), { body: callback({ Status: 'Test Left', TestInvitationId: 2932955 }) });
		expect(restarted.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([2932955]);
	});

	test('10 different callbacks at once (each report fetch 300 ms), then an In Progress callback of another candidate: all 10 keys are saved, so after a restart none runs again', async () => {
		imocha.fake.chaos({ delayMs: 300, paths: ['/v3/reports/'] });
		const hook = await start({ includeReport: true });
		const ids = Array.from({ length: 10 }, (_, i) => 3000001 + i);
		const answers = await Promise.all(ids.map((id) => call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: id }) })));
		expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
		expect(hook.runs).toHaveLength(10);
		const progress = await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3000099, Status: 'In Progress' }) });
		expect(JSON.parse(progress.body).started).toBe(false);
		const saved = hook.staticData;
		expect([...((saved['node:iMocha Trigger'] as { callbacks: string[] }).callbacks)].sort()).toEqual(ids.map((id) => `${id}:completed`).sort());
		await hook.close();
		const restarted = await start({ includeReport: true }, { staticData: saved, workflowId: 'wf-after-restart-10' });
		for (const id of ids) await call(restarted.callbackUrl(TOKEN), { body: callback({ TestInvitationId: id }) });
		expect(restarted.runs).toHaveLength(0);
	});

	// Issue #18 (4): with nothing else arriving after the burst, the record must still reach the
	// database: n8n saves a run's static data at the end of the run, and the trigger writes its key
	// there (execute(), the first step of the run).
	test.each([
		['no static data yet', undefined],
		['static data saved before', { 'node:iMocha Trigger': { callbacks: ['3300000:completed'] } }],
	])('10 different callbacks at once and nothing after (%s): after a restart none runs again', async (_, staticData) => {
		imocha.fake.chaos({ delayMs: 300, paths: ['/v3/reports/'] });
		const suffix = staticData ? 'saved' : 'fresh';
		const hook = await start({ includeReport: true }, { staticData, workflowId: `wf-burst-${suffix}` });
		const ids = Array.from({ length: 10 }, (_, i) => 3300001 + i);
		const answers = await Promise.all(ids.map((id) => call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: id }) })));
		expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
		expect(hook.runs).toHaveLength(10);
		const saved = hook.staticData;
		const keys = ids.map((id) => `${id}:completed`);
		expect([...((saved['node:iMocha Trigger'] as { callbacks: string[] }).callbacks)].sort()).toEqual(
			(staticData ? ['3300000:completed', ...keys] : keys).sort(),
		);
		await hook.close();
		const restarted = await start({ includeReport: true }, { staticData: saved, workflowId: `wf-burst-${suffix}-after-restart` });
		const again = await Promise.all(ids.map((id) => call(restarted.callbackUrl(TOKEN), { body: callback({ TestInvitationId: id }) })));
		expect(again.map((a) => JSON.parse(a.body).started)).toEqual(Array(10).fill(false));
		expect(restarted.runs).toHaveLength(0);
	});

	test('a call that starts no run writes the runs n8n started, not a callback another call is still handling (its run may yet fail)', async () => {
		imocha.fake.chaos({ delayMs: 300, paths: ['/v3/reports/'] });
		// The workflow already has static data: n8n 2.x keeps nothing a run-starting call writes.
		const hook = await start({ includeReport: true }, { staticData: { 'node:iMocha Trigger': { callbacks: ['3099999:completed'] } } });
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3100001 }) });
		// 3100002 is still fetching its report when the In Progress callback of 3100003 arrives.
		const handling = call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3100002 }) });
		await new Promise((resolve) => setTimeout(resolve, 100));
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 3100003, Status: 'In Progress' }) });
		expect(hook.staticData).toEqual({ 'node:iMocha Trigger': { callbacks: ['3099999:completed', '3100001:completed'] } });
		expect((await handling).status).toBe(200);
		expect(hook.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([3100001, 3100002]);
	});

	test('"Test Left" and "TestLeft" are the same status; another status of the same invitation is not a repeat', async () => {
		const hook = await start({ events: ['started', 'testLeft'] });
		await call(hook.callbackUrl(TOKEN), { body: callback({ Status: 'In Progress' }) });
		await call(hook.callbackUrl(TOKEN), { body: callback({ Status: 'Test Left' }) });
		await call(hook.callbackUrl(TOKEN), { body: callback({ Status: 'TestLeft' }) });
		expect(hook.runs.map((r) => r.items[0].json.event)).toEqual(['started', 'testLeft']);
	});

	test.each([
		// n8n could not be reached twice (e.g. it was restarting).
		['two failed deliveries: one run once a delivery gets through', ['fail', 'fail'], [502, 502, 200]],
		// The first delivery started the run, but its answer was lost on the way back.
		['a lost answer after the run started: iMocha retries, still one run', ['forward-then-fail'], [504, 200]],
	] as const)('iMocha retries, %s', async (_name, hops, statuses) => {
		const hook = await start();
		const plan = [...hops];
		const proxy = await forwardingProxy(hook.url, () => plan.shift() ?? 'forward');
		try {
			const id = await inviteWithCallback(`${proxy.url}?token=${TOKEN}`);
			await imocha.fake.startInvitation(id);
			const { deliveries } = await imocha.fake.completeInvitation(id, { notify: true, retryDelayMs: 5 });
			expect(deliveries.map((d) => [d.attempts.map((a) => a.statusCode), d.delivered])).toEqual([[statuses, true]]);
			expect(hook.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([id]);
		} finally {
			await proxy.close();
		}
	});

	test('n8n fails to create the execution after the trigger accepted the callback (answers 500): iMocha\'s retry starts the run, once', async () => {
		const hook = await start({}, { failedStarts: 1 });
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		await imocha.fake.startInvitation(id);
		const { deliveries } = await imocha.fake.completeInvitation(id, { notify: true, retryDelayMs: 5 });
		expect(deliveries.map((d) => [d.attempts.map((a) => a.statusCode), d.delivered])).toEqual([[[500, 200], true]]);
		expect(hook.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([id]);
		// Later copies are repeats, and a call that starts no run writes the started run only.
		const again = await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: id }) });
		expect(JSON.parse(again.body).reason).toBe('Repeated callback: this invitation and status already started a run');
		expect(hook.runs).toHaveLength(1);
		expect(hook.staticData).toEqual({ 'node:iMocha Trigger': { callbacks: [`${id}:completed`] } });
	});

	test('Callback → Replay of a delivered callback is a repeat, unless Ignore Repeated Callbacks is off', async () => {
		const hook = await start();
		const id = await inviteWithCallback(hook.callbackUrl(TOKEN));
		await imocha.fake.completeInvitation(id, { notify: true });
		const replay = async () => {
			const before = imocha.fake.state.callbackDeliveries.length;
			const { error } = await runNode({
				parameters: { resource: 'callback', operation: 'replay', invitationIds: String(id) },
				credentials: imocha.credentials(),
			});
			expect(error).toBeUndefined();
			await until(() => imocha.fake.state.callbackDeliveries.length > before && imocha.fake.state.callbackDeliveries.at(-1).delivered);
		};
		await replay();
		expect(hook.runs).toHaveLength(1);
		await hook.close();

		trigger = await start({ options: { ignoreRepeats: false } });
		imocha.fake.state.invitations.find((i: { testInvitationId: number }) => i.testInvitationId === id).callbackUrl = trigger.callbackUrl(TOKEN);
		await replay();
		await replay();
		expect(trigger.runs).toHaveLength(2);
	});

	test('calls to the Test URL are never held back', async () => {
		const hook = await start({}, { mode: 'manual' });
		expect(hook.url).toContain('/webhook-test/');
		await call(hook.callbackUrl(TOKEN), { body: callback() });
		await call(hook.callbackUrl(TOKEN), { body: callback() });
		expect(hook.runs.map((r) => r.run.mode)).toEqual(['manual', 'manual']);
		expect(hook.staticData).toEqual({});
	});
});

describe('bad requests: a 4xx answer, no run, the trigger keeps working', () => {
	test.each([
		['malformed JSON (n8n answers 422 before the node)', 422, { body: '{"TestInvitationId": 29', contentType: 'application/json' }, /parse request body/i],
		['malformed JSON sent as text', 400, { body: '{"TestInvitationId": 29', contentType: 'text/plain' }, 'The body is not valid JSON'],
		['malformed JSON without a content type', 400, { body: '{oops', contentType: null }, 'The body is not valid JSON'],
		['a JSON array', 400, { body: '[1, 2]' }, 'The body must be a JSON object'],
		['a JSON string', 400, { body: '"Complete"' }, 'The body is not valid JSON'],
		['an empty body', 400, { body: '' }, 'The body has no TestInvitationId (a whole number above 0)'],
		['no TestInvitationId', 400, { body: JSON.stringify({ Status: 'Complete' }) }, 'The body has no TestInvitationId (a whole number above 0)'],
		['a TestInvitationId that is not a whole number', 400, { body: callback({ TestInvitationId: 'abc' }) }, 'The body has no TestInvitationId (a whole number above 0)'],
		['a negative TestInvitationId', 400, { body: callback({ TestInvitationId: -5 }) }, 'The body has no TestInvitationId (a whole number above 0)'],
		['no Status', 400, { body: callback({ Status: null }) }, 'The body has no Status'],
		['a body over 64 KiB', 413, { body: callback({ Padding: 'x'.repeat(70 * 1024) }) }, 'The body is larger than 64 KiB'],
		['GET instead of POST', 405, { method: 'GET' }, 'iMocha callbacks are POST requests'],
		['PUT instead of POST', 405, { method: 'PUT', body: callback() }, 'iMocha callbacks are POST requests'],
	] as const)('%s → %d', async (_name, status, request, message) => {
		const hook = await start();
		const answer = await call(hook.callbackUrl(TOKEN), request as Parameters<typeof call>[1]);
		expect(answer.status).toBe(status);
		// What is wrong with the request, for whoever sends it (the 422 is n8n's own words).
		expect(JSON.parse(answer.body).message).toMatch(message);
		expect(hook.runs).toHaveLength(0);
		expect(hook.failures).toHaveLength(0);
		expect(hook.staticData).toEqual({});
		// A good callback right after is handled.
		expect((await call(hook.callbackUrl(TOKEN), { body: callback() })).status).toBe(200);
		expect(hook.runs).toHaveLength(1);
	});

	test('JSON sent as text/plain or without a content type is read, as iMocha might send it', async () => {
		const hook = await start();
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 11 }), contentType: 'text/plain' });
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 12 }), contentType: null });
		await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: '13' }) });
		expect(hook.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([11, 12, 13]);
	});

	// Issue #18 (8): a body that starts with a UTF-8 byte-order mark (some senders write one). n8n
	// 2.41.1 drops it from application/json itself; as text, or without a content type, it reaches the trigger.
	test('a body that starts with a UTF-8 byte-order mark is read (as text/plain, without a content type, as application/json)', async () => {
		const hook = await start();
		const bom = (id: number) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(callback({ TestInvitationId: id }))]);
		const answers = [
			await call(hook.callbackUrl(TOKEN), { body: bom(31), contentType: 'text/plain' }),
			await call(hook.callbackUrl(TOKEN), { body: bom(32), contentType: null }),
			await call(hook.callbackUrl(TOKEN), { body: bom(33) }),
		];
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(hook.runs.map((r) => r.items[0].json.testInvitationId)).toEqual([31, 32, 33]);
	});

	test('camelCase fields are read too, and a status this package does not know starts nothing', async () => {
		const hook = await start();
		await call(hook.callbackUrl(TOKEN), {
			body: JSON.stringify({ testInvitationId: 21, status: 'Complete', candidateEmailId: 'x@example.com', attemptedOnUtc: '2025-01-02T03:04:05Z' }),
		});
		const unknown = await call(hook.callbackUrl(TOKEN), { body: callback({ TestInvitationId: 22, Status: 'Archived' }) });
		expect(hook.runs.map((r) => [r.items[0].json.testInvitationId, r.items[0].json.candidateEmail, r.items[0].json.attemptedOnUtc])).toEqual([
			[21, 'x@example.com', '2025-01-02T03:04:05Z'],
		]);
		expect([unknown.status, JSON.parse(unknown.body).started]).toEqual([200, false]);
	});
});

test('the description: a POST webhook at <webhook ID>/imocha, no AI tool, credential only for the report', async () => {
	const { nodeTypes } = await loadPackage();
	const { description } = nodeTypes[WEBHOOK_TRIGGER_TYPE] as INodeType;
	expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'imocha' }] as IWebhookDescription[]);
	expect(description.usableAsTool).toBeUndefined();
	expect(description.inputs).toEqual([]);
	expect(description.group).toEqual(['trigger']);
	expect(description.credentials).toEqual([{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest', displayOptions: { show: { includeReport: [true] } } }]);
	const events = description.properties.find((p) => p.name === 'events');
	expect(events?.default).toEqual(['completed', 'terminated', 'testLeft']);
	expect(description.properties.find((p) => p.name === 'secretToken')?.typeOptions).toEqual({ password: true });
});

// ---- helpers

async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!done()) {
		if (Date.now() - started > timeoutMs) throw new Error('timed out');
		await new Promise((resolveWait) => setTimeout(resolveWait, 10));
	}
}

/** A hop between iMocha and n8n that can fail deliveries ('fail': 502 without forwarding; 'forward-then-fail': the answer is lost). */
async function forwardingProxy(target: string, decide: () => 'fail' | 'forward' | 'forward-then-fail') {
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			const decision = decide();
			if (decision === 'fail') {
				res.writeHead(502).end();
				return;
			}
			const query = new URL(req.url ?? '/', 'http://x').search;
			const answer = await call(`${target}${query}`, { body: Buffer.concat(chunks), contentType: req.headers['content-type'] ?? null });
			if (decision === 'forward-then-fail') {
				res.writeHead(504).end();
				return;
			}
			res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
		});
	});
	await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/imocha-callbacks`,
		close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
	};
}
