// Every road to iMocha against the same faults (the table; operations.test.ts and edges.test.ts run it). A road is anything that sends a request: each
// operation of the iMocha node, each picker, the iMocha Trigger's report fetch, the Poll Trigger
// and the credential's Test. They all go through one client (nodes/Imocha/transport/client.ts); this table proves
// each guarantee on each of them, and fails when a road is added without joining it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import type { Fault } from '../fake-imocha/server';
import { capturedLogs, loadPackage, NODE_TYPE, POLL_TRIGGER_TYPE, runNode, searchList, startPollTrigger, startWebhookTrigger, testCredentials, WEBHOOK_TRIGGER_TYPE } from '../harness';
import { byId, fromList, useFakeImocha } from '../helpers';

const imocha = useFakeImocha();

/** Another host: where a redirect points. It records what reaches it, above all an x-api-key. */
const elsewhere = { url: '', requests: [] as Array<{ path: string; headers: IncomingHttpHeaders }> };
const collector = createServer((req, res) => {
	elsewhere.requests.push({ path: req.url ?? '', headers: req.headers });
	res.writeHead(200, { 'content-type': 'text/plain' });
	res.end('collected');
});
beforeAll(async () => {
	await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
	elsewhere.url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
beforeEach(() => (elsewhere.requests.length = 0));
afterAll(async () => new Promise<void>((done) => collector.close(() => done())));

interface Outcome {
	ok: boolean;
	message?: string;
}

interface Road {
	/** `resource.operation`, `picker:<method>`, `trigger:<node>`, `credential:<type>`. */
	name: string;
	/** The request the faults strike. */
	method: string;
	path: string | RegExp;
	/** Whether the road repeats its request after an ambiguous failure (outage, reset, cut answer). */
	idempotent: boolean;
	/** A slow server is given up after this long at the most (all tries). */
	boundMs: number;
	/** API Request hands back whatever iMocha answered (text as `data`, an empty body as its status). */
	rawAnswers?: boolean;
	/**
	 * `timeoutMs`: a longer Timeout for the operations, where a fault needs time to show (16 MiB on a
	 * busy machine); `credentials`: settings added to the fake's credential.
	 */
	run(options?: { timeoutMs?: number; credentials?: IDataObject }): Promise<Outcome>;
}

// Operations run with a short Timeout (n8n's own Request Options entry) and one retry.
const requestOptions = { timeout: 400, maxRetries: 1 };
const OPERATION_BOUND_MS = 4_000;

function operation(name: string, method: string, path: string | RegExp, idempotent: boolean, parameters: INodeParameters): Road {
	const [resource, op] = name.split('.');
	return {
		name,
		method,
		path,
		idempotent,
		boundMs: OPERATION_BOUND_MS,
		async run(options) {
			const { error } = await runNode({
				parameters: { resource, operation: op, ...parameters, requestOptions: { ...requestOptions, timeout: options?.timeoutMs ?? requestOptions.timeout } },
				credentials: credentialsWith(options?.credentials),
			});
			return error ? { ok: false, message: error.message } : { ok: true };
		},
	};
}

function picker(method: string, path: string, parameters: INodeParameters): Road {
	return {
		name: `picker:${method}`,
		method: 'GET',
		path,
		idempotent: true,
		boundMs: 13_000,
		async run(options) {
			try {
				await searchList(method, { parameters, credentials: credentialsWith(options?.credentials) });
				return { ok: true };
			} catch (error) {
				return { ok: false, message: (error as Error).message };
			}
		},
	};
}

/** The fake's credential, with `extra` settings (e.g. n8n's Allowed HTTP Request Domains). */
const credentialsWith = (extra?: IDataObject) => ({ ...imocha.credentials(), ...extra });

const TOKEN = 'road-token-0123456789abcdef';
const FINISHED = 2932951;

const roads: Road[] = [
	operation('user.update', 'POST', '/v3/accounts/user/update', true, { email: 'bob@example.com', businessUnitId: byId('42') }),
	operation('user.create', 'POST', '/v3/accounts/user/create', false, { email: 'new.person@example.com', fullName: 'New Person' }),
	operation('user.setStatus', 'POST', '/v3/accounts/user/status', true, { email: 'bob@example.com', status: 'Inactive' }),
	operation('businessUnit.getAll', 'GET', '/v3/accounts/business-units', true, { returnAll: true }),
	operation('employee.upsert', 'POST', '/employees/upsert', true, { externalEmployeeId: 'HR-7', email: 'new.hire@example.com' }),
	operation('employee.getSkills', 'GET', '/employees/1001/skills-profile', true, { employeeId: '1001' }),
	operation('employee.getAllSkills', 'GET', '/employees/skills-profile', true, { returnAll: true }),
	operation('taxonomy.getAll', 'GET', '/taxonomy', true, { returnAll: true }),
	operation('employee.addCertificates', 'POST', '/employees/EMP-0007/certificates', false, {
		externalEmployeeId: 'EMP-0007',
		certificates: { certificate: [{ title: 'AWS Certified Cloud Practitioner', isStandardCertificate: true }] },
	}),
	operation('certificate.getAll', 'GET', '/certificates', true, { returnAll: true }),
	operation('certificate.create', 'POST', '/certificates/create', false, {
		certificateTitle: 'Data Engineering Foundations',
		certificateIssuer: 'Example Academy',
		taxonomySkillIds: '12, 48',
	}),
	operation('test.getAll', 'GET', '/v3/tests', true, { returnAll: true }),
	operation('test.get', 'GET', '/v3/tests/118001', true, { testId: byId('118001') }),
	operation('test.getSettings', 'GET', '/v3/tests/118001/settings', true, { testId: byId('118001') }),
	// The faults strike the read of read-modify-write; its POST answer (201, body [inferred]) is not read.
	operation('test.updateSettings', 'GET', '/v3/tests/118001/settings', true, {
		testId: byId('118001'),
		updateFields: { randomQuestions: true },
	}),
	operation('testLink.getAll', 'GET', '/v3/tests/118001/testlinks', true, { testId: byId('118001'), returnAll: true }),
	operation('testLink.get', 'GET', '/v3/tests/118001/testlinks/460002', true, { testId: byId('118001'), testLinkId: byId('460002') }),
	operation('invitation.invite', 'POST', '/v3/tests/118002/invite', true, {
		testId: byId('118002'),
		email: 'zoe@example.com',
		candidateName: 'Zoe Example',
	}),
	operation('invitation.reattempt', 'POST', `/v3/invitations/${FINISHED}/reattempt`, true, { invitationId: String(FINISHED) }),
	operation('invitation.cancel', 'POST', '/v3/invitations/2932950/cancel', false, { invitationId: '2932950' }),
	operation('invitation.getAll', 'POST', '/v3/candidates/testattempts', true, {
		state: 'completed',
		startDateTime: '2020-01-01T00:00:00Z',
		endDateTime: '2030-01-01T00:00:00Z',
		returnAll: true,
	}),
	operation('report.get', 'GET', `/v3/reports/${FINISHED}`, true, { invitationId: String(FINISHED) }),
	operation('report.getPdf', 'GET', `/v3/reports/${FINISHED}/pdf`, true, { invitationId: String(FINISHED) }),
	operation('report.getAll', 'GET', '/v3/reports', true, { returnAll: true }),
	operation('callback.replay', 'POST', '/v3/callbacks/process', false, { invitationIds: String(FINISHED) }),
	operation('gdpr.mask', 'POST', '/v3/gdpr/requests', false, { email: 'ben@example.com', invitationId: String(FINISHED) }),
	{ ...operation('customApiCall.send', 'GET', '/v3/tests', true, { api: 'assessment', method: 'GET', path: '/v3/tests' }), rawAnswers: true },
	picker('searchBusinessUnits', '/v3/accounts/business-units', { resource: 'user', operation: 'update' }),
	picker('searchTests', '/v3/tests', { resource: 'test', operation: 'get' }),
	picker('searchTestLinks', '/v3/tests/118001/testlinks', {
		resource: 'invitation',
		operation: 'invite',
		testId: fromList('118001'),
	}),
	{
		name: 'trigger:imochaTrigger',
		method: 'GET',
		path: `/v3/reports/${FINISHED}`,
		idempotent: true,
		boundMs: 12_000,
		async run(options) {
			const hook = await startWebhookTrigger({
				parameters: { secretToken: TOKEN, includeReport: true },
				credentials: credentialsWith(options?.credentials),
			});
			try {
				const answer = await fetch(hook.callbackUrl(TOKEN), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ TestInvitationId: FINISHED, Status: 'Complete', CandidateEmailId: 'ben@example.com' }),
				});
				// The event is never lost: whatever the report fetch met, the run starts.
				expect(answer.status).toBe(200);
				expect(hook.runs).toHaveLength(1);
				const { report, reportError } = hook.runs[0].items[0].json as IDataObject;
				return report ? { ok: true } : { ok: false, message: String(reportError) };
			} finally {
				await hook.close();
			}
		},
	},
	{
		name: 'trigger:imochaPollTrigger',
		method: 'POST',
		path: '/v3/candidates/testattempts',
		idempotent: true,
		boundMs: 27_000,
		async run(options) {
			const trigger = await startPollTrigger({
				parameters: { states: ['completed'], options: { lookBackHours: 12 } },
				credentials: credentialsWith(options?.credentials),
			});
			try {
				await trigger.activate();
			} catch (error) {
				return { ok: false, message: (error as Error).message };
			}
			if (trigger.errors.length) return { ok: false, message: trigger.errors[0].message };
			// Seeded: Fay left the test 10 h ago, Gus finished 5 h ago.
			expect(trigger.runs.map((run) => run.items.map((item) => item.json.testInvitationId))).toEqual([[2932955, 2932956]]);
			return { ok: true };
		},
	},
	{
		name: 'credential:imochaApi',
		method: 'GET',
		path: '/v3/accounts/business-units',
		idempotent: true,
		boundMs: 14_000,
		async run(options) {
			const result = await testCredentials(credentialsWith(options?.credentials));
			return result.status === 'OK' ? { ok: true } : { ok: false, message: result.message };
		},
	},
];

/** The most a road reads of one answer (a PDF may be larger than any JSON answer). */
const limitOf = (road: Road) => (road.name === 'report.getPdf' ? '32 MiB' : '16 MiB');

/** The requests a road sent that the faults strike. */
const struck = (road: Road) =>
	imocha.fake.requests.filter(
		(r) => r.method === road.method && (typeof road.path === 'string' ? r.path === road.path : road.path.test(r.path)),
	);
const fault = (road: Road, details: Partial<Fault>) =>
	imocha.fake.fail({ method: road.method, path: road.path, times: 1, ...details } as Fault);

/** Every road's guarantees; `which` picks the roads a test file runs (two files, so jest runs them side by side). */
export function roadSuite(which: (road: Road) => boolean) {
	describe.each(roads.filter(which).map((road) => [road.name, road] as const))('%s', (_name, road) => {
		test('works on a healthy server', async () => {
			expect(await road.run()).toEqual({ ok: true });
			expect(struck(road).length).toBeGreaterThanOrEqual(1);
		});

		test("a credential whose Allowed Domains leave out iMocha's host sends nothing, and names the host to add", async () => {
			const outcome = await road.run({ credentials: { allowedHttpRequestDomains: 'domains', allowedDomains: 'imocha.io, *.imocha.io' } });
			expect(outcome.ok).toBe(false);
			expect(outcome.message).toMatch(/^The iMocha API credential does not allow requests to 127\.0\.0\.1/);
			expect(imocha.fake.requests).toEqual([]);
			// The host on the list: the road works.
			expect(await road.run({ credentials: { allowedHttpRequestDomains: 'domains', allowedDomains: 'imocha.io, 127.0.0.1' } })).toEqual({ ok: true });
		});

		test('a redirect to another host is not followed with the key', async () => {
			fault(road, { status: 307, headers: { location: `${elsewhere.url}/collect` }, body: '' });
			const outcome = await road.run();
			expect(elsewhere.requests.filter((r) => r.headers['x-api-key'] !== undefined)).toEqual([]);
			if (road.name === 'report.getPdf') {
				// The PDF may live on a storage host: fetched there, without the key (and refused: it is no PDF).
				expect(elsewhere.requests.map((r) => r.path)).toEqual(['/collect']);
				expect(outcome).toEqual({ ok: false, message: "iMocha's answer for the PDF report is not a PDF file (text/plain) [item 0]" });
			} else {
				expect(elsewhere.requests).toEqual([]);
				expect(outcome.ok).toBe(false);
				expect(outcome.message).toMatch(/^iMocha redirected the request \(HTTP 307\); redirects are not followed/);
			}
		});

		test.each([
			['a server that never answers', { hang: true }],
			['headers, then a dripping body,', { stream: { dripMs: 200 } }],
		])('%s is given up within the bound, with a clear message', async (_label, details) => {
			fault(road, { ...details, times: 10 });
			const started = Date.now();
			const outcome = await road.run();
			expect(Date.now() - started).toBeLessThan(road.boundMs);
			expect(outcome.ok).toBe(false);
			expect(outcome.message).toMatch(/^Could not reach iMocha \(timed out\)/);
			expect(struck(road).length).toBe(road.idempotent ? (road.name.startsWith('trigger:imochaTrigger') ? 3 : 2) : 1);
		}, 45_000);

		test(`an answer cut off mid-body is ${road.idempotent ? 'read again' : 'not repeated (the change may have been applied)'}`, async () => {
			fault(road, { cutBody: true });
			const outcome = await road.run();
			if (road.idempotent) {
				expect(outcome).toEqual({ ok: true });
				expect(struck(road).length).toBeGreaterThanOrEqual(2);
			} else {
				expect(outcome.ok).toBe(false);
				expect(outcome.message).toMatch(/^iMocha's answer was cut off before it was complete/);
				expect(struck(road)).toHaveLength(1);
			}
		});

		test.each([
			['with Retry-After', { 'retry-after': '1' }],
			['without Retry-After', {}],
		])('a 429 %s is waited out and sent again', async (_label, headers) => {
			fault(road, { status: 429, headers, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' } });
			expect(await road.run()).toEqual({ ok: true });
			expect(struck(road).map((r) => r.status)[0]).toBe(429);
			expect(struck(road).length).toBeGreaterThanOrEqual(2);
		});

		test('no key or email in the log: the retry and give-up lines name ids, statuses and counts only', async () => {
			const from = capturedLogs.length;
			fault(road, { status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
			fault(road, { status: 503, body: 'outage', times: 10 });
			await road.run();
			const logged = capturedLogs.slice(from);
			const ours = logged.filter((line) => /^\w+ iMocha /.test(line));
			expect(ours.some((line) => line.startsWith('debug iMocha request retried'))).toBe(true);
			expect(logged.join('\n')).not.toContain(imocha.fake.apiKey);
			expect(ours.join('\n')).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
		});

		test(`a 503 outage is ${road.idempotent ? 'retried' : 'not repeated'}`, async () => {
			fault(road, { status: 503, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' });
			const outcome = await road.run();
			if (road.idempotent) {
				expect(outcome).toEqual({ ok: true });
			} else {
				expect(outcome.ok).toBe(false);
				expect(outcome.message).toMatch(/^iMocha answered HTTP 503/);
				expect(struck(road)).toHaveLength(1);
			}
		});

		test.each([
			['a 200 MB answer', { bytes: 200 * 1024 * 1024 }],
			['an endless answer', { endless: true }],
		])('%s is read only up to the size limit, then given up with a message that names it', async (_label, stream) => {
			fault(road, { stream: { ...stream, contentType: road.name === 'report.getPdf' ? 'application/pdf' : 'application/json' } });
			const outcome = await road.run({ timeoutMs: 10_000 });
			expect(outcome.ok).toBe(false);
			expect(outcome.message).toMatch(new RegExp(`^iMocha's answer is larger than ${limitOf(road)}, the most this node reads`));
			// Not sent again (the answer would be as large), and the connection closed near the limit.
			const [sent] = struck(road);
			expect(struck(road)).toHaveLength(1);
			expect(sent.bytesSent).toBeGreaterThan(parseInt(limitOf(road), 10) * 1024 * 1024);
			expect(sent.bytesSent).toBeLessThan(64 * 1024 * 1024);
		}, 45_000);

		test('a redirect to an address that is not http(s) is never followed', async () => {
			fault(road, { status: 302, headers: { location: 'data:application/pdf;base64,JVBERi0xLjQKJUVPRgo=' }, body: '' });
			const outcome = await road.run();
			expect(outcome.ok).toBe(false);
			expect(outcome.message).toMatch(
				road.name === 'report.getPdf' ? /^iMocha's answer points to a data: address; only http\(s\) links are followed/ : /^iMocha redirected the request \(HTTP 302\)/,
			);
			expect(struck(road)).toHaveLength(1);
		});

		test.each([
			['an HTML page', '<!doctype html><html><body>Sign in</body></html>'],
			['an empty body', ''],
			['malformed JSON', '{"result": {"testAttempts": [ {"testInvit'],
		])('%s instead of JSON is a clear failure, not a crash or an empty success', async (_label, body) => {
			fault(road, { status: 200, body, headers: { 'content-type': 'application/json' } });
			const outcome = await road.run();
			if (road.rawAnswers) return expect(outcome).toEqual({ ok: true });
			expect(outcome.ok).toBe(false);
			expect(outcome.message).toMatch(/^iMocha's answer (.+ )?(is not|has no)/);
		});
	});
}

export function completenessSuite() {
	describe('every road is in the table', () => {
		test('each operation of the iMocha node, each picker, each trigger and the credential Test', async () => {
			const { nodeTypes, credentialTypes } = await loadPackage();
			const node = nodeTypes[NODE_TYPE] as { description: { properties: INodeProperties[] }; methods: { listSearch: object } };
			const operations = node.description.properties
				.filter((p) => p.name === 'operation')
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0] as string}.${o.value}`));
			const pickers = Object.keys(node.methods.listSearch).map((method) => `picker:${method}`);
			const triggers = [WEBHOOK_TRIGGER_TYPE, POLL_TRIGGER_TYPE].map((type) => `trigger:${type.split('.')[1]}`);
			const credentialTests = Object.keys(credentialTypes).map((type) => `credential:${type}`);
			expect(Object.keys(nodeTypes).sort()).toEqual([NODE_TYPE, POLL_TRIGGER_TYPE, WEBHOOK_TRIGGER_TYPE].sort());
			expect(roads.map((road) => road.name).sort()).toEqual([...operations, ...pickers, ...triggers, ...credentialTests].sort());
		});

		test("no file but the client (and the credential Test's adapter) calls n8n's HTTP helpers", () => {
			const root = resolve(__dirname, '..', '..');
			const sources: string[] = [];
			const walk = (dir: string) => {
				for (const name of readdirSync(dir)) {
					const path = join(dir, name);
					if (statSync(path).isDirectory()) walk(path);
					else if (path.endsWith('.ts')) sources.push(path);
				}
			};
			walk(join(root, 'nodes'));
			walk(join(root, 'credentials'));
			const calling = sources.filter((path) => /helpers\.(httpRequest|request)/.test(readFileSync(path, 'utf8')));
			// The credential Test's file only adapts n8n's older request helper (all a credential test
			// gets) to the client, which sends through it with its own rules.
			expect(calling.map((path) => path.slice(root.length + 1)).sort()).toEqual([
				'nodes/Imocha/transport/client.ts',
				'nodes/Imocha/transport/credentialTest.ts',
			]);
		});
	});
}
