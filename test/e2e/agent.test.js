'use strict';
// The iMocha node as tools of n8n's AI Agent, in a real n8n 2.41.1 (see scripts/n8n-runtime.js):
// example 05 (AI Agent + OpenAI Chat Model + two iMocha tools) runs headlessly with `n8n execute`.
// The chat model is n8n's OpenAI Chat Model node, whose credential's Base URL points at a fake
// OpenAI-compatible server (test/fake-openai) that answers from a script and records what the
// agent sent it; the tools call the fake iMocha API. Both run on 127.0.0.1.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n, createInstance, request, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { writeExamples, sandboxCredentials } = require('../../scripts/examples');
const { createFakeImocha } = require('../fake-imocha/server');
const { createFakeOpenAi, toolCalls, text, toolResults } = require('../fake-openai/server');

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(__dirname, 'artifacts');
const WORKFLOW_ID = 'imochaExample005';
const AGENT = 'HR assistant';
const UPDATE_TOOL = 'Move user to business unit';
const REPORTS_TOOL = 'Latest test reports';
/** n8n names a tool after its node (nodeNameToToolName: anything but [A-Za-z0-9_-] becomes "_"). */
const toolName = (nodeName) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;
if (N8N !== DEFAULT_N8N_VERSION) {
	// Example 05 uses the AI Agent 3.1 and OpenAI Chat Model 1.3 nodes of n8n 2.x.
	test(`AI Agent with the iMocha tools (run on n8n ${DEFAULT_N8N_VERSION} only)`, { skip: `example 05's agent nodes are n8n 2.x nodes; this is n8n ${N8N}` }, () => {});
	return;
}

let fake;
let fakeUrl;
let model;
let instance;

/**
 * What the package tells an agent about an operation: n8n 2.41.1 describes a node used as a tool
 * (Tool Description "Set Automatically") as "<the operation's action> in <the node's default name>".
 */
function toolDescriptionOf(resource, operation) {
	const { Imocha } = require(path.join(ROOT, 'dist/nodes/Imocha/Imocha.node.js'));
	const { description } = new Imocha();
	const operations = description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	const { action } = operations.options.find((o) => o.value === operation);
	assert.ok(action, `${resource} → ${operation} has no action: n8n would describe the tool as "${operation} ${resource} in ${description.defaults.name}"`);
	return `${action} in ${description.defaults.name}`;
}

/** The tool an agent's chat request offered, by the node's name. */
function offeredTool(chat, nodeName) {
	const tool = (chat.tools ?? []).find((t) => t.function?.name === toolName(nodeName));
	assert.ok(tool, `the model was not offered "${toolName(nodeName)}" (offered: ${(chat.tools ?? []).map((t) => t.function?.name).join(', ')})`);
	return tool.function;
}

before(async () => {
	const runtime = await ensureN8n({ log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	fakeUrl = await fake.listen();
	model = createFakeOpenAi();
	const modelUrl = await model.listen();
	instance = createInstance({ runtime });
	const credentials = path.join(instance.userFolder, 'credentials.json');
	fs.writeFileSync(credentials, JSON.stringify(sandboxCredentials({ imochaUrl: fakeUrl, modelUrl })));
	await instance.importCredentials(credentials);
	const example = writeExamples(instance.userFolder, { imochaUrl: fakeUrl }).find(({ workflow }) => workflow.id === WORKFLOW_ID);
	assert.ok(example, `examples/ has no workflow ${WORKFLOW_ID}`);
	await instance.importWorkflow(example.file);
});

after(async () => {
	await fake?.close();
	await model?.close();
	instance?.dispose();
});

test('an AI Agent moves a user with the iMocha tool, reads reports with a second one, and answers with what iMocha returned', async () => {
	fake.reset();
	model.reset();
	let finalAnswer;
	model.script([
		// Call 1: the user's request → move Bob, with the arguments a model would give.
		toolCalls({ name: toolName(UPDATE_TOOL), args: { email: 'bob@example.com', businessUnitId: 77 } }),
		// Call 2: the update's result is in → read the latest reports.
		toolCalls({ name: toolName(REPORTS_TOOL), args: {} }),
		// Call 3: both results are in → answer with them.
		(body) => {
			finalAnswer = `Done. ${toolResults(body.messages).map((r) => `${r.name}: ${r.content}`).join(' | ')}`;
			return text(finalAnswer);
		},
	]);

	const run = await instance.execute(WORKFLOW_ID);
	// What the agent sent the model, for reading when an assertion below fails.
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	fs.writeFileSync(path.join(ARTIFACTS, 'agent-model-requests.json'), JSON.stringify(model.requests, null, 2));
	assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? {}));

	// iMocha received exactly the move (a JSON number for the unit, the key) and the report read.
	assert.deepEqual(
		fake.requests.map((r) => [r.method, r.path]),
		[
			['POST', '/v3/accounts/user/update'],
			['GET', '/v3/reports'],
		],
	);
	const [update, reports] = fake.requests;
	assert.equal(update.headers['x-api-key'], 'test-key');
	assert.deepEqual(JSON.parse(update.rawBody), { email: 'bob@example.com', businessunitId: 77 });
	assert.equal(typeof JSON.parse(update.rawBody).businessunitId, 'number', 'businessunitId must be a JSON number');
	assert.equal(reports.headers['x-api-key'], 'test-key');
	assert.deepEqual(reports.query, { PageNo: '1', PageSize: '3' });

	// The model saw both tools, described by the package (the operation's action) and, for the
	// parameters, by the workflow's $fromAI() descriptions, with the unit as a number.
	const chats = model.chats;
	assert.equal(chats.length, 3, 'the agent should call the model three times (move, reports, answer)');
	const updateTool = offeredTool(chats[0], UPDATE_TOOL);
	assert.equal(updateTool.description, toolDescriptionOf('user', 'update'));
	assert.deepEqual(updateTool.parameters.properties, {
		email: {
			type: 'string',
			description: 'Email address of the iMocha user to move (the address they sign in to iMocha with)',
		},
		businessUnitId: { type: 'number', description: 'The numeric iMocha business unit ID the user moves to, e.g. 42' },
	});
	assert.deepEqual([...updateTool.parameters.required].sort(), ['businessUnitId', 'email']);
	const reportsTool = offeredTool(chats[0], REPORTS_TOOL);
	assert.equal(reportsTool.description, toolDescriptionOf('report', 'getAll'));
	assert.deepEqual(reportsTool.parameters.properties ?? {}, {});

	// Call 2 carried the update's result: iMocha's answer, as the tool result of call 1's tool call.
	const afterUpdate = chats[1].messages.at(-1);
	assert.equal(afterUpdate.role, 'tool');
	assert.equal(afterUpdate.tool_call_id, 'call_1_0');
	const moved = [].concat(JSON.parse(afterUpdate.content));
	assert.deepEqual(moved, [{ email: 'bob@example.com', fullName: 'Bob Example', businessunitId: 77, status: 'Active' }]);

	// Call 3 carried the reports iMocha served for that GET, simplified, in iMocha's order.
	const afterReports = chats[2].messages.at(-1);
	assert.equal(afterReports.role, 'tool');
	assert.equal(afterReports.tool_call_id, 'call_2_0');
	const received = [].concat(JSON.parse(afterReports.content));
	const served = JSON.parse(
		(await request(`${fakeUrl}/v3/reports?PageNo=1&PageSize=3`, { headers: { 'x-api-key': 'test-key' } })).text,
	).reports;
	assert.equal(served.length, 3);
	assert.deepEqual(
		received.map((r) => [r.testInvitationId, r.candidateEmail, r.scorePercentage]),
		served.map((r) => [r.testInvitationId, r.candidateEmail, r.scorePercentage]),
	);

	// The agent's final answer (the model's last text, built from both tool results) is the
	// workflow's output.
	const [output] = run.data.resultData.runData[AGENT].at(-1).data.main[0];
	assert.equal(output.json.output, finalAnswer);
	assert.match(output.json.output, /Bob Example/);
	assert.ok(output.json.output.includes(served[0].candidateEmail));
});

test('example 05 with the sandbox model (as in `npm run dev`): moves Bob, reads the reports, answers with both', async () => {
	fake.reset();
	model.reset();
	const run = await instance.execute(WORKFLOW_ID);
	assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? {}));
	// The sandbox model calls the tools in the order n8n offers them.
	assert.deepEqual(
		fake.requests.map((r) => [r.method, r.path, r.body]).sort(),
		[
			['GET', '/v3/reports', undefined],
			['POST', '/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 77 }],
		],
	);
	const [output] = run.data.resultData.runData[AGENT].at(-1).data.main[0];
	assert.match(output.json.output, /Move_user_to_business_unit returned: .*"fullName":"Bob Example"/);
	assert.match(output.json.output, /Latest_test_reports returned: .*"testInvitationId"/);
});

test("a business unit the model gives as text: iMocha gets nothing for 'Sales', the model reads why, and '77' reaches iMocha as the number 77", async () => {
	fake.reset();
	model.reset();
	model.script([
		toolCalls({ name: toolName(UPDATE_TOOL), args: { email: 'bob@example.com', businessUnitId: 'Sales' } }),
		toolCalls({ name: toolName(UPDATE_TOOL), args: { email: 'bob@example.com', businessUnitId: '77' } }),
		text('Bob is in business unit 77 now.'),
	]);
	const run = await instance.execute(WORKFLOW_ID);
	fs.writeFileSync(path.join(ARTIFACTS, 'agent-model-requests-text-unit.json'), JSON.stringify(model.requests, null, 2));
	assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? {}));

	// n8n 2.41.1 passes the model's arguments on unchecked against the tool's schema: the node's
	// own check is what keeps "Sales" from iMocha and sends "77" as a JSON number.
	assert.deepEqual(
		fake.requests.map((r) => [r.method, r.path, JSON.parse(r.rawBody)]),
		[['POST', '/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 77 }]],
	);
	assert.equal(typeof fake.requests[0].body.businessunitId, 'number');
	const refusal = model.chats[1].messages.at(-1);
	assert.equal(refusal.role, 'tool');
	// The model gets the node's error message (not its description) as the tool's result.
	const [{ error }] = [].concat(JSON.parse(refusal.content));
	assert.match(error, /^Business Unit "Sales" is not a positive whole number/);
	const moved = [].concat(JSON.parse(model.chats[2].messages.at(-1).content));
	assert.equal(moved[0].businessunitId, 77);
	const [output] = run.data.resultData.runData[AGENT].at(-1).data.main[0];
	assert.equal(output.json.output, 'Bob is in business unit 77 now.');
});
