'use strict';
// The iMocha API credential in a real n8n (see scripts/n8n-runtime.js): in n8n's own HTTP Request
// node (Authentication → Predefined Credential Type), where its authenticate function adds the
// x-api-key only to https:// or local URLs, and in n8n's credential Test, which reads the base URL
// through the same rule as the node (pasted white space is fine, plain http to another host is not).
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n, createInstance, request } = require('../../scripts/n8n-runtime');
const { createFakeImocha } = require('../fake-imocha/server');

const CREDENTIAL = { id: 'imochaCredE2e001', name: 'iMocha (credential e2e)' };

let fake;
let fakeUrl;
let instance;
let server;

function httpRequestWorkflow(id, url) {
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-h`,
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: { url, authentication: 'predefinedCredentialType', nodeCredentialType: 'imochaApi', options: {} },
				credentials: { imochaApi: CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
	};
}

before(async () => {
	const runtime = await ensureN8n({ log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	fakeUrl = await fake.listen();
	instance = createInstance({ runtime });
	const file = (name, data) => {
		const target = path.join(instance.userFolder, name);
		fs.writeFileSync(target, JSON.stringify(data));
		return target;
	};
	await instance.importCredentials(
		file('credentials.json', [{ ...CREDENTIAL, type: 'imochaApi', data: { apiKey: 'test-key', baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl } }]),
	);
	await instance.importWorkflow(file('tests.json', httpRequestWorkflow('imochaCredHttp01', `${fakeUrl}/v3/tests`)));
	// A host under the reserved .invalid name: nothing could answer; the key must not even be tried.
	await instance.importWorkflow(file('insecure.json', httpRequestWorkflow('imochaCredHttp02', 'http://imocha-e2e.invalid/v3/tests')));
});

after(async () => {
	await server?.stop();
	await fake?.close();
	instance?.dispose();
});

describe("n8n's HTTP Request node with the iMocha credential", () => {
	test('sends the x-api-key (and only it) to the iMocha host', async () => {
		fake.reset();
		const run = await instance.execute('imochaCredHttp01');
		assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? {}));
		assert.deepEqual(
			fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']]),
			[['GET', '/v3/tests', 'test-key']],
		);
		const items = run.data.resultData.runData['HTTP Request'][0].data.main[0];
		assert.ok(items[0].json.tests.length > 0);
	});

	test('refuses to add the key to a plain http:// URL on another host', async () => {
		const run = await instance.execute('imochaCredHttp02');
		assert.equal(run.status, 'error');
		assert.match(JSON.stringify(run.data.resultData.error), /The iMocha API key is sent only over https:\/\/, not to http:\/\/imocha-e2e\.invalid/);
	});
});

describe("n8n's credential Test and the node agree on base URLs", () => {
	let cookie;
	before(async () => {
		server = await instance.start();
		cookie = await instance.setupOwner(server.url);
	});

	const testCredential = async (baseUrl) => {
		const res = await request(`${server.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { cookie },
			body: { credentials: { ...CREDENTIAL, type: 'imochaApi', data: { apiKey: 'test-key', baseUrl, skillsIntelligenceBaseUrl: fakeUrl } } },
		});
		assert.equal(res.status, 200, res.text);
		return JSON.parse(res.text).data;
	};

	test('pasted white space and a trailing slash pass', async () => {
		for (const baseUrl of [`  ${fakeUrl}  `, `${fakeUrl}\n`, `${fakeUrl}/`]) {
			fake.reset();
			assert.deepEqual(await testCredential(baseUrl), { status: 'OK', message: 'Connection successful!' }, JSON.stringify(baseUrl));
			assert.deepEqual(fake.requests.map((r) => r.path), ['/v3/accounts/business-units']);
		}
	});

	test('plain http to another host fails with the rule, before any request', async () => {
		fake.reset();
		const result = await testCredential('http://imocha-e2e.invalid');
		assert.equal(result.status, 'Error');
		assert.match(result.message, /must start with https:\/\//);
		assert.equal(fake.requests.length, 0);
	});
});
