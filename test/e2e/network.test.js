'use strict';
// End to end, in a real n8n with the package installed as users install it: n8n's Settings →
// Request Options → Proxy carries the iMocha node's requests through a real forward proxy, and
// n8n's own log (N8N_LOG_LEVEL=debug) shows the node's retry after a 429, without the key or an
// email. A credential whose Allowed HTTP Request Domains leave out the host sends nothing.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n, createInstance, request } = require('../../scripts/n8n-runtime');
const { createFakeImocha } = require('../fake-imocha/server');
const { createFakeProxy } = require('../fake-proxy/server');

const KEY = 'e2e-network-key-9c1d';
const CREDENTIAL = { imochaApi: { id: 'imochaNetE2e001', name: 'iMocha (network e2e)' } };
/** The same account, with n8n's Allowed HTTP Request Domains set to iMocha's own domains only. */
const RESTRICTED = { imochaApi: { id: 'imochaNetDom001', name: 'iMocha (imocha.io only)' } };

let fake;
let proxy;
let proxyUrl;
let instance;
let server;

/** A Webhook (POST /webhook/imocha-log, answered when the run ends) → the same User → Update. */
function webhookWorkflow(id) {
	const workflow = updateWorkflow(id, {});
	workflow.active = false;
	workflow.nodes[0] = {
		id: `${id}-w`,
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: 'b6a1c2d3-0000-4000-8000-imochalog001',
		parameters: { httpMethod: 'POST', path: 'imocha-log', responseMode: 'lastNode', options: {} },
	};
	return workflow;
}

function updateWorkflow(id, requestOptions, credentials = CREDENTIAL) {
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-i`,
				name: 'Move user',
				type: 'n8n-nodes-imocha.imocha',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'user',
					operation: 'update',
					email: 'bob@example.com',
					businessUnitId: { __rl: true, mode: 'id', value: '42' },
					requestOptions,
				},
				credentials,
			},
		],
		connections: { Start: { main: [[{ node: 'Move user', type: 'main', index: 0 }]] } },
	};
}

before(async () => {
	const runtime = await ensureN8n({ log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: KEY });
	const fakeUrl = await fake.listen();
	proxy = createFakeProxy();
	proxyUrl = await proxy.listen();
	instance = createInstance({ runtime });
	const file = (name, data) => {
		const target = path.join(instance.userFolder, name);
		fs.writeFileSync(target, JSON.stringify(data));
		return target;
	};
	await instance.importCredentials(
		file('credentials.json', [
			{ ...CREDENTIAL.imochaApi, type: 'imochaApi', data: { apiKey: KEY, baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl } },
			{
				...RESTRICTED.imochaApi,
				type: 'imochaApi',
				data: { apiKey: KEY, baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl, allowedHttpRequestDomains: 'domains', allowedDomains: 'imocha.io, *.imocha.io' },
			},
		]),
	);
	await instance.importWorkflow(file('domains.json', updateWorkflow('imochaNetDomain1', {}, RESTRICTED)));
	await instance.importWorkflow(file('proxy.json', updateWorkflow('imochaNetProxy01', { proxy: proxyUrl })));
	await instance.importWorkflow(file('log.json', webhookWorkflow('imochaNetLog001')));
	await instance.activateWorkflow('imochaNetLog001');
	// n8n's own log at debug, as an operator would set it; n8n start writes it to its log file.
	server = await instance.start({ extraEnv: { N8N_LOG_LEVEL: 'debug' } });
});

after(async () => {
	await server?.stop();
	instance?.dispose();
	await proxy?.close();
	await fake?.close();
});

test("n8n's Proxy setting carries the node's request through the proxy", async () => {
	fake.reset();
	proxy.carried.length = 0;
	const run = await instance.execute('imochaNetProxy01');
	assert.equal(run.data.resultData.error, undefined);
	const [item] = run.data.resultData.runData['Move user'][0].data.main[0];
	assert.equal(item.json.businessunitId, 42);
	assert.deepEqual(
		proxy.carried.map((c) => [c.kind, new URL(c.target).pathname]),
		[['http', '/v3/accounts/user/update']],
	);
	assert.deepEqual(fake.requests.map((r) => [r.path, r.headers['x-api-key']]), [['/v3/accounts/user/update', KEY]]);
});

test("n8n's log at debug shows the retry after a 429, with no key and no email", async () => {
	fake.reset();
	fake.fail({ path: '/v3/accounts/user/update', status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } });
	const logStart = fs.statSync(server.logFile).size;
	// A webhook is registered a moment after n8n answers ready.
	let answer;
	for (let tries = 0; tries < 40; tries++) {
		answer = await request(`${server.url}/webhook/imocha-log`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: {}, timeoutMs: 30_000 });
		if (answer.status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	assert.equal(answer.status, 200, answer.body);
	assert.deepEqual(fake.requests.map((r) => r.status), [429, 200]);
	const log = fs.readFileSync(server.logFile, 'utf8').slice(logStart);
	const retried = log.split('\n').filter((line) => line.includes('iMocha request retried'));
	assert.equal(retried.length, 1, log.slice(-3000));
	assert.match(retried[0], /"status":\s*429/);
	assert.match(retried[0], /"road":\s*"user\.update"/);
	assert.ok(!log.includes(KEY), "the API key is in n8n's log");
	assert.doesNotMatch(retried[0], /bob@example\.com/);
});

test("a credential whose Allowed HTTP Request Domains leave out the host sends nothing, and says which host to add", async () => {
	fake.reset();
	const run = await instance.execute('imochaNetDomain1');
	const error = run.data.resultData.error;
	assert.ok(error, 'the run did not fail');
	assert.match(error.message, /^The iMocha API credential does not allow requests to 127\.0\.0\.1/);
	assert.match(error.description, /Add 127\.0\.0\.1 to Allowed Domains in the credential/);
	assert.deepEqual(fake.requests, []);
});
