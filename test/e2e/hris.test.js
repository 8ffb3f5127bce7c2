'use strict';
// End to end: the HRIS recipes (examples 08–11, docs/hris.md) in a real n8n, against the fake
// iMocha and the fake HRIS (test/fake-hris: BambooHR and HiBob) on 127.0.0.1. One n8n instance:
// the webhook recipes receive each vendor's own signed event; the schedule recipes run every few
// seconds (their copies here; every hour in examples/), and n8n is stopped and started again
// between two of their runs. The n8n version is $IMOCHA_N8N_VERSION (default: the newest tested).
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n, createInstance, freePort, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { writeExamples, sandboxCredentials } = require('../../scripts/examples');
const { createFakeImocha } = require('../fake-imocha/server');
const { createFakeHris, bambooHrEvent, bambooHrHeaders, sendBambooHrEvent, sendHiBobEvent, hiBobEvent, hiBobHeaders } = require('../fake-hris/server');

const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;
// Long enough that a run (the first one on a cold n8n 1.x takes several seconds) ends before the next starts.
const SCHEDULE_SECONDS = 6;
const PEOPLE = {
	dana: '3332883884017713001',
	hank: '3332883884017713002',
	erin: '3332883884017713003',
	ivy: '3332883884017713004',
	frank: '3332883884017713005',
};

let fake;
let hris;
let instance;
let server;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs = 60_000) {
	const started = Date.now();
	for (;;) {
		if (check()) return;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

/** What the fake iMocha received for these emails, as [method, path, body], in order. */
function imochaReceived(emails, paths = ['/v3/accounts/user/update', '/v3/accounts/user/create', '/v3/accounts/user/status', '/employees/upsert']) {
	return fake.requests
		.filter((r) => paths.includes(r.path) && emails.includes(r.body?.email))
		.map((r) => [r.method, r.path, r.body]);
}

const directoryReads = () => hris.requests.filter((r) => r.path.endsWith('/v1/employees/directory')).length;
const reportReads = () => hris.requests.filter((r) => r.path.endsWith('/v1/reports/custom')).length;

/** Waits until both schedule recipes have started `runs` more runs, and the last of them had time to finish. */
async function moreScheduledRuns(runs) {
	const [directory, report] = [directoryReads(), reportReads()];
	await waitFor(`${runs} more scheduled runs`, () => directoryReads() >= directory + runs && reportReads() >= report + runs, 60_000);
	await sleep(1500);
}

before(async () => {
	const runtime = await ensureN8n({ version: N8N, log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	const fakeUrl = await fake.listen();
	hris = createFakeHris();
	const hrisUrl = await hris.listen();
	const port = await freePort();
	instance = createInstance({ runtime, port });
	const credentials = path.join(instance.userFolder, 'credentials.json');
	fs.writeFileSync(credentials, JSON.stringify(sandboxCredentials({ imochaUrl: fakeUrl })));
	await instance.importCredentials(credentials);
	const examples = writeExamples(instance.userFolder, { imochaUrl: fakeUrl, n8nUrl: `http://127.0.0.1:${port}`, hrisUrl });
	for (const { file, workflow } of examples) {
		if (!['imochaExample008', 'imochaExample009', 'imochaExample010', 'imochaExample011'].includes(workflow.id)) continue;
		if (workflow.id === 'imochaExample010' || workflow.id === 'imochaExample011') {
			// Every few seconds rather than every hour, so the suite sees several runs.
			workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger').parameters.rule = {
				interval: [{ field: 'seconds', secondsInterval: SCHEDULE_SECONDS }],
			};
			fs.writeFileSync(file, JSON.stringify(workflow));
		}
		await instance.importWorkflow(file);
		await instance.activateWorkflow(workflow.id);
	}
	server = await instance.start();
	// n8n registers the active workflows' webhooks some seconds after it is ready (2.x publishes them
	// from an outbox): an unsigned event is answered 401 once the recipe listens, and reaches nothing.
	for (const hook of ['bamboohr-employee-changed', 'hibob-employee-events']) {
		const started = Date.now();
		for (;;) {
			const answer = await sendBambooHrEvent(`${server.url}/webhook/${hook}`, {}, { headers: {} });
			if (answer.status === 401) break;
			if (Date.now() - started > 90_000) throw new Error(`the ${hook} webhook is not registered: ${answer.status} ${answer.text}`);
			await sleep(500);
		}
	}
});

after(async () => {
	await server?.stop();
	await fake?.close();
	await hris?.close();
	instance?.dispose();
});

describe(`n8n ${N8N}: BambooHR webhook (signed) → User → Update by name (example 08)`, () => {
	const url = () => `${server.url}/webhook/bamboohr-employee-changed`;
	const jo = { id: '104', workEmail: 'jo@example.com', firstName: 'Jo', lastName: 'Example', department: 'Sales' };

	test("BambooHR's signed event moves the user to the business unit named like the department", async () => {
		const answer = await sendBambooHrEvent(url(), bambooHrEvent(jo));
		assert.equal(answer.status, 200, answer.text);
		assert.deepEqual(JSON.parse(answer.text), { accepted: true });
		await waitFor('the update', () => imochaReceived(['jo@example.com']).length >= 1);
		await sleep(1000);
		assert.deepEqual(imochaReceived(['jo@example.com']), [['POST', '/v3/accounts/user/update', { email: 'jo@example.com', businessunitId: 77 }]]);
		assert.equal(fake.state.users.find((u) => u.email === 'jo@example.com').businessunitId, 77);
	});

	test('an event whose fields changed but not the department sends nothing', async () => {
		const before = fake.requests.length;
		const answer = await sendBambooHrEvent(url(), bambooHrEvent({ ...jo, department: 'Engineering' }, ['Job Title']));
		assert.equal(answer.status, 200, answer.text);
		await sleep(1500);
		assert.deepEqual(imochaReceived(['jo@example.com']).length, 1);
		assert.equal(fake.requests.slice(before).filter((r) => r.body?.email === 'jo@example.com').length, 0);
	});

	test('a forged event (wrong key, or the body changed after signing) is refused with 401 and reaches no iMocha node', async () => {
		const event = bambooHrEvent({ ...jo, department: 'Engineering' });
		const forgedKey = await sendBambooHrEvent(url(), event, { privateKey: 'not-the-private-key' });
		assert.equal(forgedKey.status, 401, forgedKey.text);
		const signed = bambooHrHeaders(JSON.stringify(event));
		const tampered = await sendBambooHrEvent(url(), bambooHrEvent({ ...jo, department: 'Default' }), { headers: signed });
		assert.equal(tampered.status, 401, tampered.text);
		const unsigned = await sendBambooHrEvent(url(), event, { headers: {} });
		assert.equal(unsigned.status, 401, unsigned.text);
		assert.match(unsigned.text, /signature or timestamp is not valid/);
		await sleep(1500);
		assert.equal(imochaReceived(['jo@example.com']).length, 1, 'a refused event reached iMocha');
	});

	test('a stale event (correctly signed, timestamp 10 minutes old) is refused with 401 and reaches no iMocha node', async () => {
		const stale = await sendBambooHrEvent(url(), bambooHrEvent({ ...jo, department: 'Engineering' }), {
			timestamp: Math.floor(Date.now() / 1000) - 600,
		});
		assert.equal(stale.status, 401, stale.text);
		await sleep(1500);
		assert.equal(imochaReceived(['jo@example.com']).length, 1, 'a stale event reached iMocha');
		assert.equal(fake.state.users.find((u) => u.email === 'jo@example.com').businessunitId, 77);
	});
});

describe(`n8n ${N8N}: HiBob joiner / mover / leaver (example 09)`, () => {
	const url = () => `${server.url}/webhook/hibob-employee-events`;
	const deliver = async (type, employeeId, emails) => {
		const answer = await sendHiBobEvent(url(), hiBobEvent(type, employeeId));
		assert.equal(answer.status, 200, answer.text);
		await waitFor(`iMocha calls for ${emails}`, () => imochaReceived(emails).length >= 1);
		await sleep(1500);
		return imochaReceived(emails);
	};

	test('joiner (employee.joined) → User → Create with the business unit by name', async () => {
		assert.deepEqual(await deliver('employee.joined', PEOPLE.dana, ['dana@example.com']), [
			['POST', '/v3/accounts/user/create', { email: 'dana@example.com', fullName: 'Dana Joiner', businessunitId: 42 }],
		]);
		const bob = hris.requests.filter((r) => r.path === `/v1/people/${PEOPLE.dana}`);
		assert.equal(bob.length, 1);
		assert.deepEqual(bob[0].body, { fields: ['root.id', 'root.email', 'root.fullName', 'work.department'], humanReadable: 'REPLACE' });
	});

	test('mover (employee.updated) → User → Update by name', async () => {
		assert.deepEqual(await deliver('employee.updated', PEOPLE.hank, ['hank@example.com']), [
			['POST', '/v3/accounts/user/update', { email: 'hank@example.com', businessunitId: 77 }],
		]);
	});

	test('leaver (employee.left) → User → Activate or Deactivate: Inactive', async () => {
		assert.deepEqual(await deliver('employee.left', PEOPLE.ivy, ['ivy@example.com']), [
			['POST', '/v3/accounts/user/status', { email: 'ivy@example.com', status: 'Inactive' }],
		]);
		assert.equal(fake.state.users.find((u) => u.email === 'ivy@example.com').status, 'Inactive');
	});

	// What iMocha answers User → Update for an email it does not know is not documented: the route
	// to Create must hold whatever the answer is, so the test tries several.
	const unknownAnswers = [
		['the fake\'s 400 {"errors": [...]}', null],
		['a 404 with no body', { status: 404, body: '' }],
		['a 400 with another wording', { status: 400, body: { errors: ['Invalid user'] } }],
		['a 422 with a message', { status: 422, body: { statusCode: 422, message: 'Email is not registered' } }],
	];
	for (const [label, fault] of unknownAnswers) {
		test(`a mover who is not an iMocha user yet reaches Create through the error output (${label})`, async () => {
			fake.state.users = fake.state.users.filter((u) => u.email !== 'erin@example.com');
			const before = imochaReceived(['erin@example.com']).length;
			if (fault) fake.fail({ method: 'POST', path: '/v3/accounts/user/update', ...fault });
			const answer = await sendHiBobEvent(url(), hiBobEvent('employee.updated', PEOPLE.erin));
			assert.equal(answer.status, 200, answer.text);
			await waitFor('the create', () => imochaReceived(['erin@example.com']).length >= before + 2);
			await sleep(1500);
			assert.deepEqual(imochaReceived(['erin@example.com']).slice(before), [
				['POST', '/v3/accounts/user/update', { email: 'erin@example.com', businessunitId: 77 }],
				['POST', '/v3/accounts/user/create', { email: 'erin@example.com', fullName: 'Erin Newcomer', businessunitId: 77 }],
			]);
		});
	}

	test('a mover whose department is no business unit does not reach Create (the error is about the business unit)', async () => {
		const answer = await sendHiBobEvent(url(), hiBobEvent('employee.updated', PEOPLE.frank));
		assert.equal(answer.status, 200, answer.text);
		await waitFor('Bob read', () => hris.requests.some((r) => r.path === `/v1/people/${PEOPLE.frank}`));
		await sleep(2500);
		assert.deepEqual(imochaReceived(['frank@example.com']), []);
		assert.equal(fake.state.users.some((u) => u.email === 'frank@example.com'), false);
	});

	test('an event with a wrong Bob-Signature is refused with 401 and reaches neither Bob nor iMocha', async () => {
		const bobReads = () => hris.requests.filter((r) => r.path.startsWith('/v1/people/')).length;
		const reads = bobReads();
		const event = hiBobEvent('employee.joined', PEOPLE.dana);
		const forged = await sendHiBobEvent(url(), event, { secret: 'not-the-secret' });
		assert.equal(forged.status, 401, forged.text);
		const tampered = await sendHiBobEvent(url(), hiBobEvent('employee.left', PEOPLE.hank), { headers: hiBobHeaders(JSON.stringify(event)) });
		assert.equal(tampered.status, 401, tampered.text);
		await sleep(1500);
		assert.equal(bobReads(), reads);
		assert.equal(imochaReceived(['dana@example.com']).length, 1);
		assert.equal(imochaReceived(['hank@example.com']).length, 1);
	});
});

describe(`n8n ${N8N}: an HRIS without webhooks, on a schedule (examples 10 and 11)`, () => {
	const everyone = ['alice@example.com', 'bob@example.com', 'carol@example.com'];
	const moves = () => imochaReceived(everyone, ['/v3/accounts/user/update']);
	const upserts = () => imochaReceived(everyone, ['/employees/upsert']);
	const upsertOf = (id, email, firstName, department) => [
		'POST',
		'/employees/upsert',
		{ externalEmployeeId: id, email, firstName, lastName: 'Example', status: 'Active', department },
	];

	test('the first run sends every employee once', async () => {
		await waitFor('the first runs', () => directoryReads() >= 1 && reportReads() >= 1);
		await moreScheduledRuns(1);
		assert.deepEqual(
			moves().sort((a, b) => a[2].email.localeCompare(b[2].email)),
			[
				['POST', '/v3/accounts/user/update', { email: 'alice@example.com', businessunitId: 77 }],
				['POST', '/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 42 }],
				['POST', '/v3/accounts/user/update', { email: 'carol@example.com', businessunitId: 77 }],
			],
		);
		assert.deepEqual(
			upserts().sort((a, b) => a[2].email.localeCompare(b[2].email)),
			[
				upsertOf('101', 'alice@example.com', 'Alice', 'Sales'),
				upsertOf('102', 'bob@example.com', 'Bob', 'Engineering'),
				upsertOf('103', 'carol@example.com', 'Carol', 'Sales'),
			],
		);
	});

	test('later runs with no change send nothing', async () => {
		await moreScheduledRuns(2);
		assert.equal(moves().length, 3);
		assert.equal(upserts().length, 3);
	});

	test("only the employee whose department changed is sent, once", async () => {
		hris.setDepartment('102', 'Sales');
		await moreScheduledRuns(2);
		assert.deepEqual(moves().slice(3), [['POST', '/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 77 }]]);
		assert.deepEqual(upserts().slice(3), [upsertOf('102', 'bob@example.com', 'Bob', 'Sales')]);
	});

	test('a restart of n8n between two runs loses nothing: a change made while n8n was down is sent once, nothing else', async () => {
		await server.stop();
		hris.setDepartment('103', 'Engineering');
		server = await instance.start();
		await waitFor('a run after the restart', () => true);
		await moreScheduledRuns(2);
		assert.deepEqual(moves().slice(4), [['POST', '/v3/accounts/user/update', { email: 'carol@example.com', businessunitId: 42 }]]);
		assert.deepEqual(upserts().slice(4), [upsertOf('103', 'carol@example.com', 'Carol', 'Engineering')]);
	});
});
