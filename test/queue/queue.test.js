'use strict';
// Queue mode end to end (issue #13): the cached real n8n 2.41.1 as main, two workers and one
// webhook processor, sharing a throwaway Postgres 15 and Redis (scripts/queue-services.js), each
// process with the package installed in its own user folder as a community package, all against
// the fake iMocha on 127.0.0.1. Every execution is read back from n8n's database; which worker ran
// an execution comes from the worker's own log ("Worker started execution <id>").
//
//   npm run test:queue      (needs: apt-get install -y postgresql redis-server)
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, createInstance, request, freePort } = require('../../scripts/n8n-runtime');
const { startPostgres, startRedis } = require('../../scripts/queue-services');
const { createFakeImocha } = require('../fake-imocha/server');
const workflows = require('./workflows');

const log = (line) => console.log(`[queue] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => Number((ms / 1000).toFixed(1));
const UPDATE_PATH = '/v3/accounts/user/update';

// The Postgres and Redis servers, the n8n processes and the fake; torn down by teardown().
const stack = { processes: [], instances: [] };
let fake;
let fakeUrl;
let pg;
let main;
let webhook;
let workers = [];
let flatted;
/** What each scenario measured, printed as a table at the end. */
const measured = [];

/** Users the fake knows: 1,000 for the bulk run, 40 × 50 for the fan-out runs. */
const bulkUsers = Array.from({ length: 1000 }, (_, i) => ({ email: `bulk${i}@example.com`, bu: 42 }));
const fanOutUsers = (run) => Array.from({ length: 50 }, (_, i) => ({ email: `fan${run}-${i}@example.com`, bu: 77 }));
const allFanOut = Array.from({ length: 40 }, (_, run) => fanOutUsers(run)).flat();
/** The worker-crash scenarios' batches: 1,000 existing users to move to unit 77, 1,000 new users to create. */
const crashUpdateUsers = Array.from({ length: 1000 }, (_, i) => ({ email: `crash-update${i}@example.com`, bu: 77 }));
const crashCreateUsers = Array.from({ length: 1000 }, (_, i) => ({ email: `crash-create${i}@example.com`, name: `Crash Create ${i}` }));

let tornDown = false;
const ARTIFACTS = path.join(__dirname, 'artifacts');

async function teardown() {
	if (tornDown) return;
	tornDown = true;
	// n8n first (it holds connections to both servers), all at once; then the servers.
	await Promise.allSettled(stack.processes.map((proc) => proc.stop()));
	// Every process's log is kept in test/queue/artifacts/ for the last run.
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	for (const instance of stack.instances) {
		for (const file of fs.readdirSync(instance.userFolder).filter((f) => f.endsWith('.log'))) {
			fs.copyFileSync(path.join(instance.userFolder, file), path.join(ARTIFACTS, `${path.basename(instance.userFolder)}-${file}`));
		}
	}
	for (const server of [stack.pg, stack.redis]) {
		if (server?.logFile && fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(ARTIFACTS, path.basename(server.logFile)));
	}
	await Promise.allSettled([stack.redis?.stop(), stack.pg?.stop(), fake?.close()]);
	for (const instance of stack.instances) instance.dispose();
	if (stack.dir) fs.rmSync(stack.dir, { recursive: true, force: true });
}
// Interrupted before teardown finished (Ctrl-C: the test runner may end this process first): the
// servers are killed by the exit handlers of n8n-runtime and queue-services, the folders go here.
process.on('exit', () => {
	for (const dir of [stack.dir, stack.pg?.dir, stack.redis?.dir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(signal, () => {
		log(`${signal}: stopping every server`);
		teardown().finally(() => process.exit(130));
	});
}

before(async () => {
	const started = Date.now();
	const runtime = await ensureN8n({ log });
	flatted = require(path.join(path.dirname(path.dirname(runtime.n8nBin)), '..', 'flatted'));
	const fakeUsers = [...bulkUsers, ...allFanOut, ...crashUpdateUsers].map(({ email }, i) => ({
		email,
		fullName: `Queue User ${i}`,
		businessunitId: 1,
		status: 'Active',
		role: 'Reviewer',
	}));
	fake = createFakeImocha({ apiKey: 'test-key', seed: { users: fakeUsers } });
	fakeUrl = await fake.listen();

	[stack.pg, stack.redis] = await Promise.all([startPostgres({ log }), startRedis({ log })]);
	pg = stack.pg;
	stack.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-queue-n8n-'));

	const webhookPort = await freePort();
	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: stack.redis.host,
		QUEUE_BULL_REDIS_PORT: String(stack.redis.port),
		// 2.41.1's default in queue mode, set explicitly: binary data lives in Postgres, so a PDF a
		// worker fetched reaches the next node whichever process reads it.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// The production URLs n8n shows point at the webhook processor.
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// n8n's default pool is 2 connections per process; a webhook processor taking ~20 iMocha
		// callbacks a second then answers 500/503 ("timeout exceeded when trying to connect").
		DB_POSTGRESDB_POOL_SIZE: '10',
		// n8n 2.x takes an expression isolate for every call to a webhook node other than its own
		// Webhook node, and holds it until the call is answered; with the default pool of one, calls
		// that overlap each start a new isolate: the iMocha Trigger's answers took 4 s (p50, node
		// version 2; 8-11 s with version 1, which also evaluates an expression per call) against
		// 18 ms with lazy acquisition (docs/running-at-scale.md). IMOCHA_QUEUE_ENV_JSON overrides
		// any of these for a comparison, e.g. '{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"false"}'.
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		...JSON.parse(process.env.IMOCHA_QUEUE_ENV_JSON || '{}'),
	};
	// One user folder per process, each with the package installed (what a custom image or a
	// ~/.n8n/nodes install on every host gives); the encryption key is the same for all.
	const folder = (name) => {
		const dir = path.join(stack.dir, name);
		fs.mkdirSync(dir);
		const instance = createInstance({ runtime, userFolder: dir, extraEnv: queueEnv, log });
		stack.instances.push(instance);
		return instance;
	};
	const mainInstance = folder('main');
	const workerInstances = [folder('worker-1'), folder('worker-2')];
	const webhookInstance = folder('webhook');

	// The completed attempt the Poll Trigger delivers on activation (first poll reaches back an hour).
	const invite = await request(`${fakeUrl}/v3/tests/118002/invite`, {
		method: 'POST',
		headers: { 'x-api-key': 'test-key' },
		body: { email: 'poll.candidate@example.com', name: 'Poll Candidate' },
	});
	assert.equal(invite.status, 201, invite.text);
	stack.pollInvitationId = JSON.parse(invite.text).testInvitationId;
	await fake.completeInvitation(stack.pollInvitationId);

	// Import (this also runs the database migrations) and publish, then start the servers.
	const write = (name, data) => {
		const file = path.join(stack.dir, name);
		fs.writeFileSync(file, JSON.stringify(data));
		return file;
	};
	await mainInstance.importCredentials(write('credentials.json', workflows.credentialsFile(fakeUrl)));
	const all = [workflows.updateUsers(), workflows.createUsers(), workflows.callbacks(), workflows.reportPdf(fakeUrl), workflows.poll()];
	await mainInstance.importWorkflow(write('workflows.json', all));

	main = await mainInstance.start();
	stack.processes.push(main);
	stack.cookie = await mainInstance.setupOwner(main.url);
	// Published through main's REST API, as the editor does: main registers the webhooks (which the
	// webhook processor reads from Postgres) and runs the Poll Trigger's first poll.
	for (const { id } of all) {
		const [{ versionId }] = pg.rows(`SELECT "versionId" FROM workflow_entity WHERE id = '${id}'`);
		const res = await request(`${main.url}/rest/workflows/${id}/activate`, {
			method: 'POST',
			headers: { cookie: stack.cookie },
			body: { versionId },
			timeoutMs: 60_000,
		});
		assert.equal(res.status, 200, `activating ${id}: ${res.text}`);
	}
	// Workers and the webhook processor start together: they only need the database and Redis.
	const started2 = await Promise.all([
		...workerInstances.map((instance) => instance.startWorker({ concurrency: 10 })),
		webhookInstance.startWebhook({ port: webhookPort }),
	]);
	workers = started2.slice(0, 2).map((proc, i) => ({ ...proc, name: `worker-${i + 1}` }));
	webhook = started2[2];
	stack.processes.push(...started2);
	stack.webhookInstance = webhookInstance;
	stack.workerInstances = workerInstances;
	log(`stack up in ${seconds(Date.now() - started)} s: main ${main.url}, workers ${workers.map((w) => w.url).join(' ')}, webhook ${webhook.url}`);
});

after(async () => {
	if (measured.length) {
		console.log('\n[queue] scenario | counts | seconds');
		for (const row of measured) console.log(`[queue] ${row.scenario} | ${row.counts} | ${row.seconds}`);
	}
	await teardown();
});

// ---- Reading n8n's records back ----

/** The workflow's executions with an id above `afterId`, from Postgres. */
function executions(workflowId, afterId = 0) {
	return pg.rows(
		`SELECT id, status, mode, finished, "startedAt", "stoppedAt", "createdAt" FROM execution_entity
		 WHERE "workflowId" = '${workflowId}' AND id > ${Number(afterId)} ORDER BY id`,
	);
}

const lastExecutionId = () => Number(pg.query('SELECT coalesce(max(id), 0) FROM execution_entity').trim());

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/** Waits until `count` executions exist and all have ended; then waits `settleMs` for any extra. */
async function waitForExecutions(workflowId, afterId, count, { timeoutMs = 300_000, settleMs = 3000 } = {}) {
	const started = Date.now();
	for (;;) {
		const rows = executions(workflowId, afterId);
		if (rows.length >= count && rows.every((row) => FINAL.has(row.status))) {
			await sleep(settleMs);
			return executions(workflowId, afterId);
		}
		if (Date.now() - started > timeoutMs) {
			const byStatus = rows.reduce((acc, row) => ({ ...acc, [row.status]: (acc[row.status] ?? 0) + 1 }), {});
			assert.fail(`after ${timeoutMs} ms: ${rows.length} of ${count} executions of ${workflowId}, by status ${JSON.stringify(byStatus)}`);
		}
		await sleep(500);
	}
}

/**
 * Waits until `count` executions exist and all have ended, or until nothing has changed for
 * `quietMs` with every execution ended (then fewer may exist: the caller asserts on them).
 */
async function waitForQuiet(workflowId, afterId, count, { timeoutMs = 300_000, quietMs = 20_000 } = {}) {
	const started = Date.now();
	let last = '';
	let since = Date.now();
	for (;;) {
		const rows = executions(workflowId, afterId);
		const ended = rows.every((row) => FINAL.has(row.status));
		if (rows.length >= count && ended) return waitForExecutions(workflowId, afterId, count);
		const seen = rows.map((row) => `${row.id}:${row.status}`).join();
		if (seen !== last) {
			last = seen;
			since = Date.now();
		} else if (ended && Date.now() - since > quietMs) {
			return rows;
		}
		if (Date.now() - started > timeoutMs) return rows;
		await sleep(500);
	}
}

/** The run data of an execution (n8n stores it with `flatted`). */
function runData(executionId) {
	const [row] = pg.rows(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	assert.ok(row, `no data for execution ${executionId}`);
	return flatted.parse(row.data).resultData;
}

function outputItems(executionId, nodeName) {
	const data = runData(executionId);
	const task = data.runData[nodeName];
	assert.ok(task, `execution ${executionId}: node "${nodeName}" did not run (${JSON.stringify(data.error ?? {})})`);
	return task[0].data.main[0];
}

/** execution id → the worker that logged "Worker started execution <id>" (main and webhook never run them). */
function whoRan() {
	const ran = new Map();
	for (const proc of [...workers, main, webhook]) {
		const text = fs.readFileSync(proc.logFile, 'utf8');
		for (const [, id] of text.matchAll(/Worker started execution (\d+)/g)) {
			const name = proc.name ?? (proc === main ? 'main' : 'webhook');
			ran.set(id, ran.has(id) ? `${ran.get(id)}+${name}` : name);
		}
	}
	return ran;
}

/** Requests the fake received from index `from` on, to `path`. */
const received = (from, path = UPDATE_PATH) => fake.requests.slice(from).filter((r) => r.path === path);

/** Each email's requests: every email of `users` answered 200 exactly once. */
function assertAppliedOnce(requests, users) {
	const accepted = new Map();
	for (const r of requests.filter((r) => r.status === 200)) accepted.set(r.body.email, (accepted.get(r.body.email) ?? 0) + 1);
	const missing = users.filter((u) => !accepted.has(u.email)).map((u) => u.email);
	const repeated = [...accepted].filter(([, n]) => n > 1);
	assert.deepEqual(
		{ missing: missing.length, repeated: repeated.length, accepted: accepted.size },
		{ missing: 0, repeated: 0, accepted: users.length },
		`missing e.g. ${missing.slice(0, 3)}; repeated e.g. ${JSON.stringify(repeated.slice(0, 3))}`,
	);
	for (const r of requests.filter((r) => r.status === 200)) {
		const user = users.find((u) => u.email === r.body.email);
		assert.equal(r.body.businessunitId, user.bu);
	}
}

const postWebhook = (path, body) => request(`${webhook.url}/webhook/${path}`, { method: 'POST', body, timeoutMs: 120_000 });
const elapsed = (rows) => Math.max(...rows.map((r) => Date.parse(r.stoppedAt))) - Math.min(...rows.map((r) => Date.parse(r.startedAt)));

// ---- Scenarios ----

describe('iMocha User → Update on workers', () => {
	test('bulk: 1,000 items in one execution on a worker, each request exactly once', { timeout: 600_000 }, async () => {
		const from = fake.requests.length;
		const afterId = lastExecutionId();
		const posted = Date.now();
		const res = await postWebhook('queue-update', { users: bulkUsers });
		assert.equal(res.status, 200, res.text);
		const rows = await waitForExecutions('queueUpdate00001', afterId, 1);
		assert.equal(rows.length, 1);
		const [run] = rows;
		assert.deepEqual([run.status, run.mode], ['success', 'webhook']);
		const requests = received(from);
		assert.equal(requests.length, 1000);
		assertAppliedOnce(requests, bulkUsers);
		const items = outputItems(run.id, 'Update user');
		assert.equal(items.length, 1000);
		assert.deepEqual(
			new Set(items.map((item) => item.json.email)),
			new Set(bulkUsers.map((u) => u.email)),
		);
		assert.ok(items.every((item) => item.json.businessunitId === 42));
		const ran = whoRan().get(String(run.id));
		assert.match(ran ?? 'nobody', /^worker-[12]$/, `execution ${run.id} was run by ${ran}`);
		measured.push({
			scenario: 'bulk 1×1,000 Update User',
			counts: `requests ${requests.length}, output items ${items.length}, ran on ${ran}`,
			seconds: `execution ${seconds(elapsed(rows))}, post→recorded ${seconds(Date.parse(run.stoppedAt) - posted)}`,
		});
	});

	test('fan-out: 40 executions × 50 items started together, spread over both workers', { timeout: 600_000 }, async () => {
		const from = fake.requests.length;
		const afterId = lastExecutionId();
		const posted = Date.now();
		const answers = await Promise.all(Array.from({ length: 40 }, (_, run) => postWebhook('queue-update', { users: fanOutUsers(run) })));
		assert.deepEqual(answers.map((a) => a.status), Array(40).fill(200));
		const rows = await waitForExecutions('queueUpdate00001', afterId, 40);
		assert.equal(rows.length, 40);
		assert.deepEqual(rows.filter((r) => r.status !== 'success').map((r) => [r.id, r.status]), []);
		for (const row of rows) assert.equal(outputItems(row.id, 'Update user').length, 50);
		const requests = received(from);
		assert.equal(requests.length, 2000);
		assertAppliedOnce(requests, allFanOut);
		const ran = whoRan();
		const perWorker = { 'worker-1': 0, 'worker-2': 0 };
		for (const row of rows) {
			const by = ran.get(String(row.id));
			assert.ok(by in perWorker, `execution ${row.id} was run by ${by}`);
			perWorker[by]++;
		}
		assert.ok(perWorker['worker-1'] > 0 && perWorker['worker-2'] > 0, JSON.stringify(perWorker));
		measured.push({
			scenario: 'fan-out 40×50 Update User',
			counts: `executions ${rows.length} success, requests ${requests.length}, per worker ${JSON.stringify(perWorker)}`,
			seconds: `first start→last stop ${seconds(elapsed(rows))}, post→last recorded ${seconds(Math.max(...rows.map((r) => Date.parse(r.stoppedAt))) - posted)}`,
		});
	});

	test(
		'rate limit 50 req/s across workers: every item applied once, no execution fails',
		{ timeout: 900_000 },
		async () => {
			const from = fake.requests.length;
			const afterId = lastExecutionId();
			const users = allFanOut.map((u) => ({ ...u, bu: 42 }));
			fake.chaos({ ratePerSecond: 50, paths: [UPDATE_PATH] });
			let rows;
			const posted = Date.now();
			try {
				const answers = await Promise.all(
					Array.from({ length: 40 }, (_, run) => postWebhook('queue-update', { users: users.slice(run * 50, run * 50 + 50) })),
				);
				assert.deepEqual(answers.map((a) => a.status), Array(40).fill(200));
				rows = await waitForExecutions('queueUpdate00001', afterId, 40, { timeoutMs: 600_000 });
			} finally {
				fake.chaos({});
			}
			const wall = Math.max(...rows.map((r) => Date.parse(r.stoppedAt))) - posted;
			const requests = received(from);
			const limited = requests.filter((r) => r.status === 429).length;
			const ran = whoRan();
			const perWorker = rows.reduce((acc, r) => ({ ...acc, [ran.get(String(r.id))]: (acc[ran.get(String(r.id))] ?? 0) + 1 }), {});
			const failed = rows.filter((r) => r.status !== 'success');
			measured.push({
				scenario: 'rate-limited 40×50 (fake: 50 req/s)',
				counts: `executions ${rows.length - failed.length} success / ${failed.length} not, requests ${requests.length}, 429s ${limited}, accepted ${requests.filter((r) => r.status === 200).length}, per worker ${JSON.stringify(perWorker)}`,
				seconds: `post→last recorded ${seconds(wall)} (2,000 at 50/s is at least 40)`,
			});
			log(`rate limit: ${JSON.stringify(measured.at(-1))}`);
			// Where the time went: per second from the post, requests accepted and answered 429.
			const perSecond = (status) =>
				requests.filter((r) => r.status === status).reduce((acc, r) => ((acc[Math.floor((r.at - posted) / 1000)] = (acc[Math.floor((r.at - posted) / 1000)] ?? 0) + 1), acc), []);
			log(`rate limit timeline (per second): accepted ${JSON.stringify(Array.from(perSecond(200), (n) => n ?? 0))}, 429s ${JSON.stringify(Array.from(perSecond(429), (n) => n ?? 0))}`);
			assert.ok(limited > 0, 'the fake never answered 429: the limit was not reached');
			assert.deepEqual(failed.map((r) => [r.id, r.status, runData(r.id).error?.message]), []);
			assertAppliedOnce(requests, users);
			for (const row of rows) assert.equal(outputItems(row.id, 'Update user').length, 50);
		},
	);
});

describe('iMocha Trigger through the webhook processor', () => {
	const callbackUrl = (token = workflows.CALLBACK_TOKEN) => `${webhook.url}/webhook/queue-callback-0001/imocha?token=${token}`;
	const callback = (i) => ({
		TestInvitationId: 7_000_000 + i,
		Status: 'Complete',
		CandidateEmailId: `candidate${i}@example.com`,
		CandidateScore: 40 + (i % 10),
		TotalScore: 50,
		PerformanceCategory: 'Passed',
	});
	/**
	 * Posts the 200 callbacks at about 20 per second (one every 50 ms, not waiting for answers),
	 * and like iMocha, which retries a callback up to 5 times, posts a callback again (after 5, 10,
	 * 15, 20, 25 s) when it was not answered 2xx within 30 s. Resolves to each callback's answers (the last one first):
	 * [{ status, text, ms }] with `attempts` on the array.
	 */
	async function postAll(url = callbackUrl(), body = callback) {
		const deliver = async (i) => {
			const answers = [];
			for (let attempt = 0; attempt <= 5; attempt++) {
				if (attempt > 0) await sleep(5000 * attempt);
				const sent = Date.now();
				const answer = await request(url, { method: 'POST', body: body(i), timeoutMs: 30_000 }).then(
					(res) => ({ status: res.status, text: res.text }),
					(error) => ({ status: 0, text: error.message }),
				);
				answers.unshift({ ...answer, ms: Date.now() - sent });
				if (answer.status >= 200 && answer.status < 300) break;
			}
			return answers;
		};
		const deliveries = [];
		for (let i = 0; i < 200; i++) {
			deliveries.push(deliver(i));
			await sleep(50);
		}
		const all = await Promise.all(deliveries);
		return all.map((answers) => Object.assign(answers[0], { attempts: answers.length, first: answers.at(-1) }));
	}
	/** Whether the trigger answered "repeated callback, started nothing" (n8n answers a started run otherwise). */
	const refusedAsRepeat = (answer) => {
		try {
			return JSON.parse(answer.text).started === false;
		} catch {
			return false;
		}
	};
	const tally = (answers, pick = (a) => a.status) =>
		answers.reduce((acc, a) => ({ ...acc, [pick(a)]: (acc[pick(a)] ?? 0) + 1 }), {});
	const latency = (answers) => {
		const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
		return `answers p50 ${ms[Math.floor(ms.length / 2)]} ms, p95 ${ms[Math.floor(ms.length * 0.95)]} ms, max ${ms.at(-1)} ms`;
	};
	let afterFirst;
	/** What the first 200 callbacks started: { ids, firstTry, attempts }. */
	let callbackRuns;

	test('200 distinct callbacks at ~20/s: 200 executions on the workers, each exactly once; repeats and a wrong token start none', { timeout: 600_000 }, async () => {
		const afterId = lastExecutionId();
		const posted = Date.now();
		const answers = await postAll();
		const postSeconds = seconds(Date.now() - posted);
		const firstTry = tally(answers, (a) => a.first.status);
		const attempts = tally(answers, (a) => a.attempts);
		log(`200 callbacks delivered in ${postSeconds} s: first answers ${JSON.stringify(firstTry)}, attempts ${JSON.stringify(attempts)}, ${latency(answers.map((a) => a.first))} (first tries)`);
		assert.deepEqual(tally(answers), { 200: 200 }, 'a callback was still refused after 5 retries');
		const rows = await waitForQuiet('queueCallback001', afterId, 200);
		assert.deepEqual(rows.filter((r) => r.status !== 'success').map((r) => [r.id, r.status]), []);
		const ids = rows.map((r) => outputItems(r.id, 'Callback received')[0].json.testInvitationId);
		// None started twice here; none lost is the next test's.
		assert.equal(new Set(ids).size, rows.length, 'a callback started two runs');
		assert.ok(ids.every((id) => id >= 7_000_000 && id < 7_000_200));
		callbackRuns = { ids: new Set(ids), firstTry, attempts };
		const ran = whoRan();
		const perWorker = {};
		for (const row of rows) {
			const by = ran.get(String(row.id));
			assert.match(by ?? 'nobody', /^worker-[12]$/, `execution ${row.id} was run by ${by}`);
			perWorker[by] = (perWorker[by] ?? 0) + 1;
		}
		afterFirst = lastExecutionId();

		// iMocha's retries (or a Replay): each of the 200 again, to the same webhook processor.
		const repeats = await postAll();
		assert.deepEqual([...new Set(repeats.map((a) => a.status))], [200]);
		for (const answer of repeats) assert.ok(refusedAsRepeat(answer), answer.text);
		await sleep(3000);
		assert.equal(executions('queueCallback001', afterFirst).length, 0, 'a repeated callback started a run');

		const wrong = await request(callbackUrl('not-the-secret-token-at-all'), { method: 'POST', body: callback(999) });
		assert.equal(wrong.status, 401);
		await sleep(2000);
		assert.equal(executions('queueCallback001', afterFirst).length, 0, 'a refused callback started a run');
		measured.push({
			scenario: 'iMocha Trigger 200 callbacks ~20/s',
			counts: `executions ${rows.length} (distinct ids ${new Set(ids).size}, lost ${200 - new Set(ids).size}), per worker ${JSON.stringify(perWorker)}; first answers ${JSON.stringify(firstTry)}, attempts per callback ${JSON.stringify(attempts)}; 200 repeats → 0 new; wrong token → 401, 0`,
			seconds: `delivering ${postSeconds} (${latency(answers.map((a) => a.first))}, first tries; repeats: ${latency(repeats.map((a) => a.first))}), first start→last stop ${seconds(elapsed(rows))}`,
		});
	});

	test(
		'every callback answered 2xx in the end started a run: none lost when n8n fails after the trigger accepted it',
		() => {
			assert.ok(callbackRuns, 'the callback scenario did not run');
			const lost = Array.from({ length: 200 }, (_, i) => 7_000_000 + i).filter((id) => !callbackRuns.ids.has(id));
			assert.deepEqual(
				{ lost: lost.length, example: lost.slice(0, 5) },
				{ lost: 0, example: [] },
				`first answers ${JSON.stringify(callbackRuns.firstTry)}, attempts ${JSON.stringify(callbackRuns.attempts)}`,
			);
		},
	);

	test("reference: n8n's own Webhook node at the same rate, through the same webhook processor", { timeout: 600_000 }, async () => {
		const afterId = lastExecutionId();
		const from = fake.requests.length;
		const posted = Date.now();
		const answers = await postAll(`${webhook.url}/webhook/queue-update`, () => ({ users: [] }));
		const postSeconds = seconds(Date.now() - posted);
		const firstTry = tally(answers, (a) => a.first.status);
		assert.deepEqual(tally(answers), { 200: 200 });
		// Nothing deduplicates these: a retry after a timeout may start a second run.
		const rows = await waitForExecutions('queueUpdate00001', afterId, 200);
		assert.ok(rows.length >= 200, `${rows.length} executions`);
		assert.deepEqual(rows.filter((r) => r.status !== 'success').map((r) => [r.id, r.status]), []);
		assert.equal(received(from).length, 0);
		measured.push({
			scenario: "reference: n8n Webhook node, 200 posts ~20/s",
			counts: `executions ${rows.length}; first answers ${JSON.stringify(firstTry)}, attempts ${JSON.stringify(tally(answers, (a) => a.attempts))}`,
			seconds: `delivering ${postSeconds} (${latency(answers.map((a) => a.first))}, first tries)`,
		});
	});

	// What a second webhook processor (or this one after a restart) knows about the 200 callbacks is
	// what the workflow's static data in Postgres holds; the in-memory claim is per process. n8n 2.x
	// does not save the static data of a call that starts a run; the repeats above (calls that start
	// none) write the record of the 200 runs.
	test(
		'the repeat record is shared: static data in Postgres holds all 200, and a restarted webhook processor starts 0 runs for repeats',
		{ timeout: 300_000 },
		async () => {
			assert.ok(afterFirst, 'the callback scenario did not run');
			const [{ staticData }] = pg.rows(`SELECT "staticData" FROM workflow_entity WHERE id = 'queueCallback001'`);
			const remembered = Object.values(staticData ?? {})
				.flatMap((nodeData) => (Array.isArray(nodeData?.callbacks) ? nodeData.callbacks : []));
			const rememberedIds = new Set(remembered.map((key) => Number(String(key).split(':')[0])));
			const missing = Array.from({ length: 200 }, (_, i) => 7_000_000 + i).filter((id) => !rememberedIds.has(id));

			// Restart the webhook processor: its in-memory claims are gone, only Postgres remembers.
			await webhook.stop();
			const restarted = await stack.webhookInstance.startWebhook({ port: Number(new URL(webhook.url).port) });
			stack.processes.push(restarted);
			webhook = restarted;
			const before = lastExecutionId();
			const repeats = await postAll();
			assert.deepEqual([...new Set(repeats.map((a) => a.status))], [200]);
			const started = repeats.filter((a) => !refusedAsRepeat(a)).length;
			await sleep(5000);
			const extra = await waitForExecutions('queueCallback001', before, 0, { settleMs: 3000 });
			measured.push({
				scenario: 'iMocha Trigger repeats after a webhook-process restart',
				counts: `static data remembers ${rememberedIds.size}/200 (missing ${missing.length}); 200 repeats → ${started} answered as started, ${extra.length} new executions`,
				seconds: '-',
			});
			log(`repeat record: ${JSON.stringify(measured.at(-1))}`);
			assert.deepEqual(missing, [], `static data lost ${missing.length} of the 200 callbacks`);
			assert.equal(extra.length, 0, `${extra.length} repeated callbacks started runs after the restart`);
		},
	);

	test('Include Report and Report → Get PDF: the PDF fetched on a worker reaches the next nodes (binary data in Postgres)', { timeout: 300_000 }, async () => {
		const afterId = lastExecutionId();
		const reportUrl = `${webhook.url}/webhook/queue-report-0001/imocha?token=${workflows.CALLBACK_TOKEN}`;
		const invite = await request(`${fakeUrl}/v3/tests/118002/invite`, {
			method: 'POST',
			headers: { 'x-api-key': 'test-key' },
			body: { email: 'pdf.candidate@example.com', name: 'Pdf Candidate', callbackUrl: reportUrl },
		});
		assert.equal(invite.status, 201, invite.text);
		const { testInvitationId } = JSON.parse(invite.text);
		stack.pdfInvitationId = testInvitationId;
		const writes = fake.state.atsWrites.length;
		// The fake takes the test and POSTs "In Progress" (not an event here) and "Complete" to the URL.
		const { deliveries } = await fake.completeInvitation(testInvitationId, { notify: true });
		stack.pdfCompletedAt = Date.now();
		assert.deepEqual(deliveries.map((d) => [d.payload.Status, d.delivered]), [['In Progress', true], ['Complete', true]]);
		const rows = await waitForExecutions('queueReportPdf01', afterId, 1);
		assert.equal(rows.length, 1);
		assert.equal(rows[0].status, 'success', JSON.stringify(runData(rows[0].id).error ?? {}));
		const ran = whoRan().get(String(rows[0].id));
		assert.match(ran ?? 'nobody', /^worker-[12]$/);

		const [triggered] = outputItems(rows[0].id, 'iMocha Trigger');
		assert.equal(triggered.json.testInvitationId, testInvitationId);
		assert.equal(triggered.json.report?.testInvitationId, testInvitationId, 'Include Report added no report');
		const [pdfItem] = outputItems(rows[0].id, 'Get the PDF report');
		assert.equal(pdfItem.binary.data.mimeType, 'application/pdf');
		assert.match(pdfItem.binary.data.id ?? '', /^database:/, `binary stored as ${pdfItem.binary.data.id}`);

		const expected = await fetch(`${fakeUrl}/v3/reports/${testInvitationId}/pdf`, { headers: { 'x-api-key': 'test-key' } });
		assert.equal(expected.status, 200);
		const expectedBytes = Buffer.from(await expected.arrayBuffer());
		const newWrites = fake.state.atsWrites.slice(writes);
		assert.equal(newWrites.length, 1);
		const [write] = newWrites;
		assert.equal(write.body.testInvitationId, testInvitationId);
		assert.equal(write.body.mimeType, 'application/pdf');
		assert.equal(write.body.reportScore, triggered.json.report.score);
		const bytes = Buffer.from(write.body.pdfBase64, 'base64');
		assert.ok(bytes.equals(expectedBytes), `the ATS node got ${bytes.length} bytes, not the ${expectedBytes.length} of iMocha's PDF`);
		assert.match(bytes.toString('latin1'), /^%PDF-1\.4[\s\S]*%%EOF\n$/);
		assert.ok(bytes.toString('latin1').includes(`Test invitation ID: ${testInvitationId}`));
		measured.push({
			scenario: 'Include Report + Get PDF',
			counts: `1 execution on ${ran}, PDF ${bytes.length} bytes reached the ATS node, binary id ${pdfItem.binary.data.id.split(':')[0]}:…`,
			seconds: seconds(elapsed(rows)),
		});
	});
});

describe('iMocha Poll Trigger on main', () => {
	test('activated, it delivers each completed attempt once, and workers run the executions', { timeout: 300_000 }, async () => {
		const rows = await waitForExecutions('queuePoll0000001', 0, 1);
		assert.deepEqual([rows[0].status, rows[0].mode], ['success', 'trigger']);
		// The first poll, at activation, reaches back an hour: the attempt completed before n8n started.
		const firstItems = outputItems(rows[0].id, 'Attempt delivered');
		assert.deepEqual(firstItems.map((item) => item.json.testInvitationId), [stack.pollInvitationId]);
		// Main polls every minute. Attempts completed since (the PDF scenario's) are new and delivered
		// by a later poll; wait for a poll after the last completion, then each must have run once.
		const expected = [stack.pollInvitationId, ...(stack.pdfInvitationId ? [stack.pdfInvitationId] : [])];
		const lastCompleted = Math.max(Date.parse(rows[0].startedAt), stack.pdfCompletedAt ?? 0);
		const polls = () => fake.requests.filter((r) => r.path === '/v3/candidates/testattempts' && r.at > lastCompleted + 1000).length;
		for (let waited = 0; polls() === 0; waited += 1000) {
			assert.ok(waited < 130_000, 'main did not poll again within 130 s');
			await sleep(1000);
		}
		const all = await waitForExecutions('queuePoll0000001', 0, expected.length, { timeoutMs: 60_000, settleMs: 5000 });
		const delivered = all.flatMap((row) => outputItems(row.id, 'Attempt delivered').map((item) => item.json.testInvitationId));
		assert.deepEqual([...delivered].sort(), [...expected].sort(), 'an attempt was delivered twice, or not at all');
		const ran = whoRan();
		for (const row of all) {
			assert.deepEqual([row.status, row.mode], ['success', 'trigger']);
			assert.match(ran.get(String(row.id)) ?? 'nobody', /^worker-[12]$/);
		}
		const [{ staticData }] = pg.rows(`SELECT "staticData" FROM workflow_entity WHERE id = 'queuePoll0000001'`);
		assert.ok(Object.values(staticData ?? {}).some((nodeData) => nodeData?.windowEnd), 'the poll window is not in static data');
		measured.push({
			scenario: 'Poll Trigger on main',
			counts: `${all.length} execution(s) (mode trigger) on ${all.map((row) => ran.get(String(row.id))).join(', ')} for ${expected.length} completed attempt(s), each once; ${fake.requests.filter((r) => r.path === '/v3/candidates/testattempts').length} polls`,
			seconds: seconds(elapsed(rows)),
		});
	});
});

// Issue #25: a worker killed (SIGKILL, as an out-of-memory kill or a node replacement does) while it
// runs a bulk execution. What n8n makes of the execution, what was applied, what n8n's own Retry
// (POST /rest/executions/:id/retry, as the editor sends it) does, and the safe way to finish, for an
// idempotent operation (User → Update) and a non-idempotent one (User → Create with If the User
// Already Exists = Continue). Each run is bounded: the execution is given 180 s after the kill to end.
describe('When a worker dies', () => {
	const CREATE_PATH = '/v3/accounts/user/create';
	const END_WITHIN_MS = 180_000;

	async function until(check, { timeoutMs, everyMs = 250, what }) {
		const started = Date.now();
		for (;;) {
			const value = check();
			if (value) return value;
			if (Date.now() - started > timeoutMs) assert.fail(typeof what === 'function' ? what() : what);
			await sleep(everyMs);
		}
	}

	/** The process ids under `pid` (n8n 2.x starts its task runner as a child of each worker), from /proc. */
	function descendants(pid) {
		const children = new Map();
		for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
			try {
				// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its ')'.
				const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
				const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
			} catch {
				// the process ended meanwhile
			}
		}
		const all = [];
		const walk = (id) => {
			for (const child of children.get(id) ?? []) {
				all.push(child);
				walk(child);
			}
		};
		walk(pid);
		return all;
	}

	/** Requests to `apiPath` that changed the fake's state, counted per email. */
	const appliedPerEmail = (requests, apiPath) => {
		const counts = new Map();
		for (const r of requests) if (r.path === apiPath && r.applied) counts.set(r.body.email, (counts.get(r.body.email) ?? 0) + 1);
		return counts;
	};

	/**
	 * Posts the batch to the workflow's webhook with the fake answering in 40 ms, kills the worker
	 * running the execution once `killAfter` items were applied, waits (at most 180 s) for n8n to end
	 * the execution, starts that worker again, asks n8n to retry the execution, and finishes the batch
	 * by posting it again when the retry did not send every item.
	 */
	async function crashRun({ hook, workflowId, nodeName, apiPath, users, killAfter = 150 }) {
		const figures = {};
		const from = fake.requests.length;
		const afterId = lastExecutionId();
		fake.chaos({ delayMs: 40, paths: [apiPath] });
		let worker;
		let run;
		try {
			const res = await postWebhook(hook, { users });
			assert.equal(res.status, 200, res.text);
			run = await until(() => executions(workflowId, afterId)[0], { timeoutMs: 60_000, what: 'the execution was not created' });
			figures.ranBy = await until(() => whoRan().get(String(run.id)), { timeoutMs: 60_000, what: `no worker logged execution ${run.id}` });
			worker = workers.find((w) => w.name === figures.ranBy);
			const applied = () => fake.requests.slice(from).filter((r) => r.path === apiPath && r.applied).length;
			await until(() => applied() >= killAfter, { timeoutMs: 120_000, everyMs: 10, what: () => `only ${applied()} applied in 120 s` });
			// The whole worker at once, its task runner too, as an out-of-memory kill of the container does.
			const runners = descendants(worker.pid);
			for (const pid of [worker.pid, ...runners]) process.kill(pid, 'SIGKILL');
			figures.killedAt = Date.now();
			figures.appliedAtKill = applied();
		} finally {
			fake.chaos({});
		}
		log(`killed ${figures.ranBy} (pid ${worker.pid}) running execution ${run.id} after ${figures.appliedAtKill} applied`);

		// What n8n makes of it: the row's status, checked every second for at most 180 s.
		let row;
		for (;;) {
			row = executions(workflowId, afterId).find((r) => r.id === run.id);
			if (FINAL.has(row.status) || Date.now() - figures.killedAt > END_WITHIN_MS) break;
			await sleep(1000);
		}
		figures.status = row.status;
		figures.ended = FINAL.has(row.status);
		figures.endSeconds = figures.ended ? seconds(Date.parse(row.stoppedAt) - figures.killedAt) : `> ${END_WITHIN_MS / 1000}`;
		figures.error = figures.ended ? (runData(run.id).error?.message ?? '(none)') : '-';
		const crashCounts = appliedPerEmail(fake.requests.slice(from), apiPath);
		figures.crash = {
			applied: crashCounts.size,
			twice: [...crashCounts.values()].filter((n) => n > 1).length,
			never: users.filter((u) => !crashCounts.has(u.email)).length,
		};
		log(`execution ${run.id}: ${row.status} ${figures.endSeconds} s after the kill (${figures.error}); applied ${JSON.stringify(figures.crash)}`);

		// A replacement worker, as an orchestrator would start: later scenarios have two again.
		const index = workers.indexOf(worker);
		const restarted = await stack.workerInstances[index].startWorker({ concurrency: 10 });
		stack.processes.push(restarted);
		workers[index] = { ...restarted, name: worker.name };

		// n8n's Retry, as the editor's "Retry with original workflow" sends it.
		const retryFrom = fake.requests.length;
		const retryAfterId = lastExecutionId();
		figures.retry = { http: '-', status: 'not tried', sent: 0, seconds: '-' };
		if (figures.ended) {
			const asked = Date.now();
			const answer = await request(`${main.url}/rest/executions/${run.id}/retry`, {
				method: 'POST',
				headers: { cookie: stack.cookie },
				body: { loadWorkflow: false },
				timeoutMs: 300_000,
			}).catch((error) => ({ status: 0, text: error.message }));
			let body;
			try {
				body = JSON.parse(answer.text);
			} catch {
				body = undefined;
			}
			const retried = body?.data ?? body;
			const retryRows = await waitForQuiet(workflowId, retryAfterId, 1, { timeoutMs: 300_000, quietMs: 10_000 });
			figures.retry = {
				http: answer.status,
				message: answer.status === 200 ? undefined : String(body?.message ?? answer.text).slice(0, 200),
				execution: retried?.id ?? retryRows[0]?.id,
				mode: retryRows[0]?.mode,
				status: retryRows[0]?.status ?? retried?.status ?? 'none',
				sent: fake.requests.slice(retryFrom).filter((r) => r.path === apiPath).length,
				seconds: seconds(Date.now() - asked),
			};
			log(`n8n retry of ${run.id}: ${JSON.stringify(figures.retry)}`);
		}

		// The safe finish: when the retry did not send every item, the same batch again (a new execution).
		const retriedAll = figures.retry.status === 'success' && figures.retry.sent >= users.length;
		figures.finishedBy = retriedAll ? 'n8n retry' : 'the batch posted again';
		let finishRow;
		figures.finishFrom = retriedAll ? retryFrom : fake.requests.length;
		if (retriedAll) {
			[finishRow] = executions(workflowId, retryAfterId);
		} else {
			const finishAfterId = lastExecutionId();
			const posted = Date.now();
			const res = await postWebhook(hook, { users });
			assert.equal(res.status, 200, res.text);
			[finishRow] = await waitForExecutions(workflowId, finishAfterId, 1, { timeoutMs: 300_000 });
			figures.finishSeconds = seconds(Date.parse(finishRow.stoppedAt) - posted);
		}
		figures.finishRow = finishRow;
		figures.finishRequests = fake.requests.slice(retryFrom).filter((r) => r.path === apiPath);
		figures.finishItems = finishRow.status === 'success' ? outputItems(finishRow.id, nodeName) : [];
		figures.runId = run.id;
		return figures;
	}

	const describeCrash = (label, f) => ({
		counts:
			`killed ${f.ranBy} after ${f.appliedAtKill} applied; execution ${f.runId} ended ${f.status} (${f.error}); ` +
			`${f.crash.applied} applied once, ${f.crash.twice} twice, ${f.crash.never} never; ` +
			`n8n retry: HTTP ${f.retry.http}${f.retry.message ? ` "${f.retry.message}"` : ''}, ${f.retry.status}, sent ${f.retry.sent} of 1,000; ` +
			`finished by ${f.finishedBy}: ${f.finishRequests.length} requests, ${label}`,
		seconds: `kill→end ${f.endSeconds}; retry ${f.retry.seconds}; finish ${f.finishSeconds ?? f.retry.seconds}`,
	});

	test('worker killed (SIGKILL) part-way through 1,000 User → Update: what n8n records, and running the batch again ends with every user updated', { timeout: 900_000 }, async () => {
		const f = await crashRun({ hook: 'queue-update', workflowId: 'queueUpdate00001', nodeName: 'Update user', apiPath: UPDATE_PATH, users: crashUpdateUsers });
		const inUnit = crashUpdateUsers.filter((u) => fake.state.users.find((s) => s.email === u.email)?.businessunitId === 77).length;
		measured.push({ scenario: 'worker SIGKILL mid-run, 1×1,000 User → Update', ...describeCrash(`${inUnit} of 1,000 users in unit 77`, f) });
		log(`crash (update): ${JSON.stringify(measured.at(-1))}`);
		assert.ok(f.appliedAtKill >= 150 && f.crash.never > 0, `the kill came too late: ${JSON.stringify(f.crash)}`);
		assert.equal(f.crash.twice, 0, 'the crashed execution applied an item twice');
		assert.equal(f.finishRow.status, 'success', JSON.stringify(runData(f.finishRow.id).error ?? {}));
		assert.equal(f.finishItems.length, 1000);
		assert.equal(inUnit, 1000);
	});

	test('worker killed (SIGKILL) part-way through 1,000 User → Create: running the batch again with If the User Already Exists = Continue creates each user once, no error', { timeout: 900_000 }, async () => {
		const f = await crashRun({ hook: 'queue-create', workflowId: 'queueCreate00001', nodeName: 'Create user', apiPath: CREATE_PATH, users: crashCreateUsers });
		// The users that existed when the finishing execution started: exactly the ones it must mark.
		const createdBefore = appliedPerEmail(fake.requests.slice(0, f.finishFrom), CREATE_PATH);
		const copies = crashCreateUsers.map((u) => fake.state.users.filter((s) => s.email.toLowerCase() === u.email.toLowerCase()).length);
		const marked = f.finishItems.filter((item) => item.json.alreadyExisted === true).length;
		measured.push({
			scenario: 'worker SIGKILL mid-run, 1×1,000 User → Create (Continue)',
			...describeCrash(`${copies.filter((n) => n === 1).length} of 1,000 users exist once, ${marked} output alreadyExisted: true`, f),
		});
		log(`crash (create): ${JSON.stringify(measured.at(-1))}`);
		assert.ok(f.appliedAtKill >= 150 && f.crash.never > 0, `the kill came too late: ${JSON.stringify(f.crash)}`);
		assert.equal(f.crash.twice, 0, 'the crashed execution created a user twice');
		assert.equal(f.finishRow.status, 'success', JSON.stringify(runData(f.finishRow.id).error ?? {}));
		assert.deepEqual([...new Set(copies)], [1], 'a user is missing or exists twice');
		assert.equal(f.finishItems.length, 1000);
		assert.equal(marked, createdBefore.size, 'the users created before the finish are not the ones marked alreadyExisted');
	});
});
