'use strict';
// The iMocha Trigger's record of the runs it started, across a restart of a real n8n (see
// scripts/n8n-runtime.js): 10 different callbacks arrive at once, n8n is stopped and started again,
// and iMocha sends the same 10 again (its retries, or Callback → Replay). None may start a run again,
// whether the workflow had no static data yet or already had some (n8n 2.x does not save what a
// run-starting webhook call writes into static data once the workflow has some; docs/triggers.md).
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ensureN8n, createInstance, request, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { createFakeImocha } = require('../fake-imocha/server');

const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;
const TOKEN = 'restart-callback-token-0001';
/** No static data before the burst. */
const FRESH = 'imochaRestart001';
/** Static data saved before the burst (by an earlier callback). */
const SAVED = 'imochaRestart002';

function triggerWorkflow(id, fakeUrl) {
	return {
		id,
		name: `e2e: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-t`,
				name: 'iMocha Trigger',
				type: 'n8n-nodes-imocha.imochaTrigger',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { secretToken: TOKEN },
			},
			{
				id: `${id}-w`,
				name: 'Write to the ATS',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${fakeUrl}/__fake/ats/${id}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ testInvitationId: $json.testInvitationId, event: $json.event }) }}',
					options: {},
				},
			},
		],
		connections: { 'iMocha Trigger': { main: [[{ node: 'Write to the ATS', type: 'main', index: 0 }]] } },
	};
}

let fake;
let instance;
let server;
let cookie;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const writesOf = (id) => fake.state.atsWrites.filter((write) => write.path === `/${id}`);
const callbackUrl = (id) => `${server.url}/webhook/${id}-hook/imocha?token=${TOKEN}`;
const post = (id, testInvitationId, Status = 'Complete') =>
	request(callbackUrl(id), { method: 'POST', body: { TestInvitationId: testInvitationId, Status, CandidateEmailId: `c${testInvitationId}@example.com` } });

/** A POST with this exact body (bytes) and content type (none if null). */
function postRaw(url, body, contentType) {
	return new Promise((resolve, reject) => {
		const headers = { 'content-length': body.length, ...(contentType ? { 'content-type': contentType } : {}) };
		const req = http.request(url, { method: 'POST', headers }, (res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode, text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

async function waitForWrites(id, count) {
	for (let waited = 0; writesOf(id).length < count && waited < 60_000; waited += 200) await sleep(200);
	// A moment more for any extra run, and for n8n to finish the runs (it saves their static data then).
	await sleep(1500);
	return writesOf(id).length;
}

async function savedKeys(id) {
	const res = await request(`${server.url}/rest/workflows/${id}`, { headers: { cookie } });
	assert.equal(res.status, 200, res.text);
	return JSON.parse(res.text).data.staticData?.['node:iMocha Trigger']?.callbacks ?? [];
}

/** n8n registers the webhooks of active workflows shortly after it answers readiness: wait until both answer (a wrong token: 401). */
async function webhooksReady() {
	for (const id of [FRESH, SAVED]) {
		for (let waited = 0; ; waited += 250) {
			const probe = await request(callbackUrl(id).replace(TOKEN, 'not-the-token-at-all-0000'), { method: 'POST', body: {} });
			if (probe.status === 401) break;
			assert.ok(waited < 60_000, `${id}: webhook not registered (${probe.status})`);
			await sleep(250);
		}
	}
}

async function restart() {
	await server.stop();
	server = await instance.start();
	await webhooksReady();
	const login = await request(`${server.url}/rest/login`, { method: 'POST', body: { emailOrLdapLoginId: 'owner@example.com', email: 'owner@example.com', password: 'Passw0rd!Lab123' } });
	assert.equal(login.status, 200, login.text);
	cookie = [].concat(login.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
}

before(async () => {
	const runtime = await ensureN8n({ version: N8N, log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	const fakeUrl = await fake.listen();
	instance = createInstance({ runtime });
	for (const id of [FRESH, SAVED]) {
		const file = path.join(instance.userFolder, `${id}.json`);
		fs.writeFileSync(file, JSON.stringify(triggerWorkflow(id, fakeUrl)));
		await instance.importWorkflow(file);
		await instance.activateWorkflow(id);
	}
	server = await instance.start();
	cookie = await instance.setupOwner(server.url);
	await webhooksReady();
});

after(async () => {
	await server?.stop();
	await fake?.close();
	instance?.dispose();
});

describe(`n8n ${N8N}: the iMocha Trigger after a restart of n8n`, () => {
	const FRESH_IDS = Array.from({ length: 10 }, (_, i) => 4100001 + i);
	const SAVED_IDS = Array.from({ length: 10 }, (_, i) => 4200001 + i);

	test('10 different callbacks at once, then n8n restarts: the same 10 again start no run (no static data before; and with saved static data)', async () => {
		// The second workflow gets static data: one earlier callback (its run's record is saved).
		assert.equal((await post(SAVED, 4200000)).status, 200);
		assert.equal(await waitForWrites(SAVED, 1), 1);
		assert.deepEqual(await savedKeys(SAVED), ['4200000:completed']);

		for (const [id, ids] of [
			[FRESH, FRESH_IDS],
			[SAVED, SAVED_IDS],
		]) {
			const before = writesOf(id).length;
			const answers = await Promise.all(ids.map((testInvitationId) => post(id, testInvitationId)));
			assert.deepEqual(
				answers.map((a) => a.status),
				Array(10).fill(200),
				answers.map((a) => a.text).join('\n'),
			);
			assert.equal(await waitForWrites(id, before + 10), before + 10, `${id}: one run per callback`);
		}
		const recorded = { [FRESH]: await savedKeys(FRESH), [SAVED]: await savedKeys(SAVED) };
		console.log(`[e2e] saved before the restart: ${FRESH} ${recorded[FRESH].length} keys, ${SAVED} ${recorded[SAVED].length} keys`);

		await restart();
		const rerun = {};
		for (const [id, ids] of [
			[FRESH, FRESH_IDS],
			[SAVED, SAVED_IDS],
		]) {
			const before = writesOf(id).length;
			const answers = await Promise.all(ids.map((testInvitationId) => post(id, testInvitationId)));
			assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
			await sleep(3000);
			rerun[id] = writesOf(id).length - before;
		}
		console.log(`[e2e] runs started again after the restart: ${FRESH} ${rerun[FRESH]} of 10, ${SAVED} ${rerun[SAVED]} of 10`);
		assert.deepEqual(rerun, { [FRESH]: 0, [SAVED]: 0 });
		for (const id of FRESH_IDS) assert.ok(recorded[FRESH].includes(`${id}:completed`), `${id} not saved`);
		for (const id of SAVED_IDS) assert.ok(recorded[SAVED].includes(`${id}:completed`), `${id} not saved`);
	});

	// Issue #18 (8). n8n 2.x drops a leading byte-order mark from application/json itself; n8n 1.x
	// answers such a body 422 ("Failed to parse request body") before the trigger runs.
	test('a callback body that starts with a UTF-8 byte-order mark is accepted (as application/json: by n8n 2.x only)', async () => {
		const bom = (testInvitationId) =>
			Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ TestInvitationId: testInvitationId, Status: 'Complete' }))]);
		const before = writesOf(FRESH).length;
		const asText = await postRaw(callbackUrl(FRESH), bom(4300001), 'text/plain');
		const untyped = await postRaw(callbackUrl(FRESH), bom(4300002), null);
		const asJson = await postRaw(callbackUrl(FRESH), bom(4300003), 'application/json');
		assert.equal(asText.status, 200, asText.text);
		assert.equal(untyped.status, 200, untyped.text);
		const jsonRuns = N8N.startsWith('1.') ? 0 : 1;
		assert.equal(asJson.status, jsonRuns ? 200 : 422, asJson.text);
		assert.equal(await waitForWrites(FRESH, before + 2 + jsonRuns), before + 2 + jsonRuns);
		console.log(`[e2e] byte-order mark: text/plain ${asText.status}, no content type ${untyped.status}, application/json ${asJson.status}`);
	});
});
