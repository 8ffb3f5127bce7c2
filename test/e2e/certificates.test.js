'use strict';
// End to end: example 06 in a real n8n (one instance). A learning platform posts a course
// completion to the Webhook; Employee → Add Certificates sends the course to the fake iMocha's
// Skills Intelligence API. The n8n version is $IMOCHA_N8N_VERSION (default: the newest tested).
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n, createInstance, request, freePort, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { writeExamples, sandboxCredentials, LMS_WEBHOOK_TOKEN } = require('../../scripts/examples');
const { createFakeImocha } = require('../fake-imocha/server');

const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;
const WORKFLOW_ID = 'imochaExample006';

/** A course completion as the learning platform sends it (the example's sample event, other values). */
const completion = (user, course, expiry) => ({
	id: '20250701080000000000007',
	resource: 'enrollment',
	action: 'completed',
	tenant_id: '4107',
	created_at: '2025-07-01T08:00:00.000Z',
	payload: {
		id: 6034,
		course: { id: 412, name: course },
		completed_at: '2025-07-01T07:59:12.000Z',
		expiry_date: expiry,
		user,
	},
});

let fake;
let instance;
let server;
let hookUrl;

before(async () => {
	const runtime = await ensureN8n({ version: N8N, log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	const fakeUrl = await fake.listen();
	const port = await freePort();
	instance = createInstance({ runtime, port });
	const credentials = path.join(instance.userFolder, 'credentials.json');
	fs.writeFileSync(credentials, JSON.stringify(sandboxCredentials({ imochaUrl: fakeUrl })));
	await instance.importCredentials(credentials);
	const example = writeExamples(instance.userFolder, { imochaUrl: fakeUrl, n8nUrl: `http://127.0.0.1:${port}` }).find(
		({ workflow }) => workflow.id === WORKFLOW_ID,
	);
	assert.ok(example, 'example 06 is missing');
	await instance.importWorkflow(example.file);
	await instance.activateWorkflow(WORKFLOW_ID);
	server = await instance.start();
	hookUrl = `${server.url}/webhook/lms-course-completed`;
	// n8n registers an active workflow's webhooks shortly after it answers readiness: until then, 404.
	for (let waited = 0; ; waited += 250) {
		const probe = await request(hookUrl, { method: 'POST', body: {} });
		if (probe.status !== 404) break;
		assert.ok(waited < 60_000, `the Webhook was never registered: ${probe.text}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	assert.deepEqual(fake.requests, [], 'the probe without the token reached iMocha');
});

after(async () => {
	await server?.stop();
	await fake?.close();
	instance?.dispose();
});

describe(`n8n ${N8N}: example 06, a learning platform's course completion → Employee → Add Certificates`, () => {
	test('the completion posted to the Webhook reaches iMocha as exactly one certificate for the employee', async () => {
		fake.reset();
		const user = { id: 9107, email: 'employee0107@example.com', first_name: 'Employee', last_name: '0107', external_id: 'EMP-0107' };
		const answer = await request(hookUrl, {
			method: 'POST',
			headers: { 'x-lms-token': LMS_WEBHOOK_TOKEN },
			body: completion(user, 'Cloud Security Essentials', '2027-07-01T00:00:00.000Z'),
			timeoutMs: 60_000,
		});
		assert.equal(answer.status, 200, answer.text);
		const certificate = {
			title: 'Cloud Security Essentials',
			isStandardCertificate: false,
			issuer: 'Example Academy',
			validTill: '2027-07-01T00:00:00Z',
		};
		assert.deepEqual(
			fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key'], r.status]),
			[['POST', '/employees/EMP-0107/certificates', 'test-key', 201]],
		);
		assert.match(fake.requests[0].headers['content-type'], /^application\/json/);
		assert.deepEqual(JSON.parse(fake.requests[0].rawBody), [certificate]);
		assert.deepEqual(fake.state.employeeCertificates, [{ externalEmployeeId: 'EMP-0107', certificates: [certificate] }]);
		// The Webhook answers with the iMocha node's output once the run ends.
		assert.deepEqual(JSON.parse(answer.text), { externalEmployeeId: 'EMP-0107', certificatesSent: 1, certificates: [certificate] });
	});

	test('without the expiry date, Valid Till is left out', async () => {
		fake.reset();
		const user = { id: 9108, email: 'employee0108@example.com', first_name: 'Employee', last_name: '0108', external_id: 'EMP-0108' };
		const answer = await request(hookUrl, {
			method: 'POST',
			headers: { 'x-lms-token': LMS_WEBHOOK_TOKEN },
			body: completion(user, 'Negotiation Basics', null),
			timeoutMs: 60_000,
		});
		assert.equal(answer.status, 200, answer.text);
		assert.deepEqual(fake.requests.map((r) => [r.path, r.body]), [
			['/employees/EMP-0108/certificates', [{ title: 'Negotiation Basics', isStandardCertificate: false, issuer: 'Example Academy' }]],
		]);
	});

	test('an event without the token is refused by the Webhook and sends nothing to iMocha', async () => {
		fake.reset();
		const user = { id: 9109, email: 'employee0109@example.com', external_id: 'EMP-0109' };
		const answer = await request(hookUrl, { method: 'POST', body: completion(user, 'Forged Course', null) });
		assert.equal(answer.status, 403, answer.text);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		assert.deepEqual(fake.requests, []);
	});

	test("an employee iMocha does not know: the learning platform gets an error answer (it may send the event again)", async () => {
		fake.reset();
		const user = { id: 9110, email: 'contractor@example.com', external_id: 'CONTRACTOR-1' };
		const answer = await request(hookUrl, {
			method: 'POST',
			headers: { 'x-lms-token': LMS_WEBHOOK_TOKEN },
			body: completion(user, 'Data Engineering Foundations', null),
			timeoutMs: 60_000,
		});
		assert.ok(answer.status >= 500, `n8n ${N8N} answered ${answer.status}: ${answer.text}`);
		assert.deepEqual(fake.requests.map((r) => [r.path, r.status]), [['/employees/CONTRACTOR-1/certificates', 404]]);
	});
});
