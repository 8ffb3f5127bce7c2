'use strict';
// The iMocha node as tools of n8n's MCP Server Trigger, called by a real MCP client (the official
// MCP TypeScript SDK, @modelcontextprotocol/sdk) over Streamable HTTP: example 07, imported as it
// is (with the sandbox credentials), published and served by `n8n start`. The tools call the fake
// iMocha API; every byte the client sends and receives is recorded, to check what an outside AI
// client sees (tool names, descriptions, input schemas, results and errors) and that the iMocha
// API key is not among it.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { ensureN8n, createInstance, request, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { writeExamples, sandboxCredentials } = require('../../scripts/examples');
const { createFakeImocha } = require('../fake-imocha/server');

const ARTIFACTS = path.join(__dirname, 'artifacts');
const WORKFLOW_ID = 'imochaExample007';
/** Distinctive, so that finding it anywhere in the MCP traffic is meaningful. */
const API_KEY = 'mcp-secret-key-123';
const TOKEN = 'mcp-bearer-token-e2e';
const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;

let fake;
let fakeUrl;
let instance;
let server;
let endpoint;
let example;
/** Every HTTP exchange of the MCP clients: { method, url, requestHeaders, requestBody, status, responseHeaders, responseBody }. */
const traffic = [];
const clients = [];

/** fetch that records the request and, as it streams, the response of every exchange. */
async function recordingFetch(url, init = {}) {
	const exchange = {
		method: init.method ?? 'GET',
		url: String(url),
		requestHeaders: Object.fromEntries(new Headers(init.headers ?? {}).entries()),
		requestBody: typeof init.body === 'string' ? init.body : init.body === undefined ? '' : String(init.body),
		responseBody: '',
	};
	traffic.push(exchange);
	const response = await fetch(url, init);
	exchange.status = response.status;
	exchange.responseHeaders = Object.fromEntries(response.headers.entries());
	if (response.body) {
		// Read a copy as it arrives: an SSE stream may stay open after the answer the test awaits.
		const reader = response.clone().body.getReader();
		const decoder = new TextDecoder();
		(async () => {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				exchange.responseBody += decoder.decode(value, { stream: true });
			}
		})().catch(() => {});
	}
	return response;
}

async function connect(headers = { authorization: `Bearer ${TOKEN}` }) {
	const client = new Client({ name: 'imocha-e2e-client', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
		requestInit: { headers },
		fetch: recordingFetch,
	});
	clients.push(client);
	await client.connect(transport);
	return client;
}

/** The example's tool node by its name (which is the MCP tool's name). */
const toolNode = (name) => example.workflow.nodes.find((node) => node.name === name);
/** A tool result's one text content, parsed. */
function resultJson(result) {
	assert.equal(result.content.length, 1, JSON.stringify(result));
	assert.equal(result.content[0].type, 'text');
	return JSON.parse(result.content[0].text);
}

before(async () => {
	const runtime = await ensureN8n({ log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: API_KEY });
	fakeUrl = await fake.listen();
	instance = createInstance({ runtime });
	const credentials = path.join(instance.userFolder, 'credentials.json');
	fs.writeFileSync(credentials, JSON.stringify(sandboxCredentials({ imochaUrl: fakeUrl, imochaKey: API_KEY, mcpToken: TOKEN })));
	await instance.importCredentials(credentials);
	example = writeExamples(instance.userFolder, { imochaUrl: fakeUrl }).find(({ workflow }) => workflow.id === WORKFLOW_ID);
	assert.ok(example, `examples/ has no workflow ${WORKFLOW_ID}`);
	await instance.importWorkflow(example.file);
	await instance.activateWorkflow(WORKFLOW_ID);
	server = await instance.start();
	const trigger = example.workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
	endpoint = `${server.url}/mcp/${trigger.parameters.path}`;
	// n8n answers readiness before it has activated the published workflows: wait for the
	// endpoint to exist (it then refuses a request without the bearer token, instead of 404).
	const deadline = Date.now() + 60_000;
	for (;;) {
		const probe = await request(endpoint, { method: 'POST', body: {} });
		if (probe.status !== 404) break;
		assert.ok(Date.now() < deadline, `${endpoint} is still not registered: ${probe.text}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
});

after(async () => {
	for (const client of clients) await client.close().catch(() => {});
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	fs.writeFileSync(path.join(ARTIFACTS, `mcp-traffic-n8n-${N8N}.json`), JSON.stringify(traffic, null, 2));
	await server?.stop();
	await fake?.close();
	instance?.dispose();
});

/** The tools the example exposes, by name (the tool node's name), sorted. */
const TOOLS = ['get_test_report', 'invite_candidate_to_test', 'list_business_units', 'list_tests', 'move_user_to_business_unit'];
/** What a model reads about each tool's parameters: the $fromAI() keys, types and descriptions. */
const PARAMETERS = {
	move_user_to_business_unit: {
		email: { type: 'string', description: 'Email address of the iMocha user to move, e.g. bob@example.com' },
		businessUnit: { type: 'string', description: 'Name of the business unit the user moves to, as list_business_units gives it, e.g. Sales' },
	},
	list_business_units: {},
	list_tests: {},
	invite_candidate_to_test: {
		testId: { type: 'number', description: 'The numeric testId of the test, from list_tests, e.g. 118001' },
		email: { type: 'string', description: 'Email address of the candidate, e.g. nathan@example.com' },
		candidateName: { type: 'string', description: 'Full name of the candidate, e.g. Nathan Smith' },
	},
	get_test_report: {
		testInvitationId: { type: 'number', description: 'The numeric testInvitationId of the attempt, e.g. 2932950' },
	},
};

test(`n8n ${N8N}: the MCP endpoint refuses a client without the trigger's bearer token, or with a wrong one`, async () => {
	fake.reset();
	const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
	const headers = { accept: 'application/json, text/event-stream' };
	const without = await request(endpoint, { method: 'POST', headers, body: initialize });
	assert.equal(without.status, 403, without.text);
	const wrong = await request(endpoint, { method: 'POST', headers: { ...headers, authorization: 'Bearer not-the-token' }, body: initialize });
	assert.equal(wrong.status, 403, wrong.text);
	const sse = await request(endpoint, { headers: { accept: 'text/event-stream' } });
	assert.equal(sse.status, 403, sse.text);
	// The SDK's client, without the header, cannot even initialize.
	await assert.rejects(connect({}), (error) => {
		assert.equal(error.code, 403, String(error));
		return true;
	});
	assert.deepEqual(fake.requests, [], 'a refused client must not reach iMocha');
});

test(`n8n ${N8N}: an MCP client lists the five iMocha tools with the example's descriptions and $fromAI() input schemas`, async () => {
	const client = await connect();
	assert.equal(client.getServerVersion().name, 'iMocha_MCP_server');
	const { tools } = await client.listTools();
	assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
	for (const tool of tools) {
		// The description is the tool node's Tool Description (Set Manually), word for word.
		const node = toolNode(tool.name);
		assert.equal(node.parameters.descriptionType, 'manual');
		assert.equal(tool.description, node.parameters.toolDescription);
		assert.equal(tool.inputSchema.type, 'object');
		assert.deepEqual(tool.inputSchema.properties, PARAMETERS[tool.name], tool.name);
		assert.deepEqual([...(tool.inputSchema.required ?? [])].sort(), Object.keys(PARAMETERS[tool.name]).sort(), tool.name);
	}
	// Nothing irreversible is exposed.
	for (const node of example.workflow.nodes.filter((n) => n.type === 'n8n-nodes-imocha.imochaTool')) {
		assert.ok(
			['user:update', 'businessUnit:getAll', 'test:getAll', 'invitation:invite', 'report:get'].includes(`${node.parameters.resource}:${node.parameters.operation}`),
			`${node.name} is ${node.parameters.resource} → ${node.parameters.operation}`,
		);
	}
});

test(`n8n ${N8N}: move_user_to_business_unit with an email and a business unit NAME sends iMocha one update with the numeric id`, async () => {
	const client = await connect();
	fake.reset();
	const result = await client.callTool({ name: 'move_user_to_business_unit', arguments: { email: 'bob@example.com', businessUnit: 'Sales' } });
	assert.ok(!result.isError, JSON.stringify(result));
	// The name is looked up in the account's business units, then exactly one update is sent.
	const updates = fake.requests.filter((r) => r.method === 'POST');
	assert.deepEqual(
		fake.requests.map((r) => [r.method, r.path]),
		[
			['GET', '/v3/accounts/business-units'],
			['POST', '/v3/accounts/user/update'],
		],
	);
	assert.equal(updates.length, 1);
	assert.deepEqual(JSON.parse(updates[0].rawBody), { email: 'bob@example.com', businessunitId: 77 });
	assert.equal(typeof updates[0].body.businessunitId, 'number');
	assert.ok(fake.requests.every((r) => r.headers['x-api-key'] === API_KEY), 'iMocha received the key');
	// The client gets iMocha's answer: the node's output items as JSON text.
	assert.deepEqual(resultJson(result), [{ email: 'bob@example.com', fullName: 'Bob Example', businessunitId: 77, status: 'Active' }]);
});

test(`n8n ${N8N}: a bad email comes back as a tool error naming the Email field, and iMocha receives nothing`, async () => {
	const client = await connect();
	fake.reset();
	const result = await client.callTool({ name: 'move_user_to_business_unit', arguments: { email: 'not-an-email', businessUnit: 'Sales' } });
	assert.equal(result.isError, true, JSON.stringify(result));
	assert.equal(result.content.length, 1);
	// The node's message after the error's class: NodeOperationError on 2.41.1, Error on 1.123.81.
	assert.match(result.content[0].text, /^(NodeOperation)?Error: Email "not-an-email" is not a valid email address \[item 0\]/);
	assert.match(result.content[0].text, /'Email'/);
	assert.deepEqual(fake.requests, []);
	// An unknown business unit name: refused with the closest names, after the one read of the units.
	fake.reset();
	const unknown = await client.callTool({ name: 'move_user_to_business_unit', arguments: { email: 'bob@example.com', businessUnit: 'Sale' } });
	assert.equal(unknown.isError, true, JSON.stringify(unknown));
	assert.match(unknown.content[0].text, /Business Unit "Sale" is not the name of a business unit of this iMocha account; closest: "Sales"/);
	assert.deepEqual(fake.requests.map((r) => [r.method, r.path]), [['GET', '/v3/accounts/business-units']]);
});

test(`n8n ${N8N}: list_tests → invite_candidate_to_test → get_test_report, with the ids the client read`, async () => {
	const client = await connect();
	fake.reset();
	const units = resultJson(await client.callTool({ name: 'list_business_units', arguments: {} }));
	assert.deepEqual(units.map((u) => u.businessUnitName), ['Default', 'Engineering', 'Sales']);
	const tests = resultJson(await client.callTool({ name: 'list_tests', arguments: {} }));
	const java = tests.find((t) => t.testName === 'Java Developer Assessment');
	assert.equal(java.testId, 118001);
	const invited = resultJson(
		await client.callTool({ name: 'invite_candidate_to_test', arguments: { testId: java.testId, email: 'nathan@example.com', candidateName: 'Nathan Smith' } }),
	);
	const [{ testInvitationId, testUrl }] = [].concat(invited);
	assert.equal(typeof testInvitationId, 'number');
	assert.match(testUrl, /^https?:\/\//);
	// Before the candidate has taken the test there is no report: iMocha's 404 reaches the client as a tool error.
	const early = await client.callTool({ name: 'get_test_report', arguments: { testInvitationId } });
	assert.equal(early.isError, true, JSON.stringify(early));
	assert.match(early.content[0].text, new RegExp(`Report not found for test invitation id: ${testInvitationId}`));
	// The candidate takes the test (the fake's control endpoint), then the report is there.
	const done = await request(`${fakeUrl}/__fake/invitations/${testInvitationId}/complete`, { method: 'POST', body: {} });
	assert.equal(done.status, 200, done.text);
	const report = await client.callTool({ name: 'get_test_report', arguments: { testInvitationId } });
	assert.ok(!report.isError, JSON.stringify(report));
	const [read] = [].concat(resultJson(report));
	assert.deepEqual(
		[read.testInvitationId, read.candidateEmail, read.testName, read.status, typeof read.scorePercentage],
		[testInvitationId, 'nathan@example.com', 'Java Developer Assessment', 'Complete', 'number'],
	);
	const invite = fake.requests.find((r) => r.method === 'POST');
	assert.deepEqual(
		fake.requests.filter((r) => !r.path.startsWith('/__fake/')).map((r) => [r.method, r.path]),
		[
			['GET', '/v3/accounts/business-units'],
			['GET', '/v3/tests'],
			['POST', '/v3/tests/118001/invite'],
			['GET', `/v3/reports/${testInvitationId}`],
			['GET', `/v3/reports/${testInvitationId}`],
		],
	);
	// No sendEmail: iMocha does not email the candidate (docs/imocha-api.md §6.6).
	assert.deepEqual(JSON.parse(invite.rawBody), { email: 'nathan@example.com', name: 'Nathan Smith' });
});

test(`n8n ${N8N}: the iMocha API key appears in no MCP message (every request and response, headers and bodies)`, async () => {
	// The recording is real: it holds the tool calls and results of the tests above, and the bearer token the client sent.
	const recorded = JSON.stringify(traffic);
	assert.ok(traffic.some((e) => e.requestBody.includes('"tools/call"')));
	assert.ok(traffic.some((e) => e.responseBody.includes('Bob Example')));
	assert.ok(recorded.includes(TOKEN));
	assert.ok(!recorded.includes(API_KEY), 'the iMocha API key reached an MCP client');
});
