#!/usr/bin/env node
// `npm run bench`: speed and memory of the iMocha node in a real n8n (the cached n8n 2.41.1, see
// scripts/n8n-runtime.js), measured side by side in one run against the fake iMocha API:
//   1. 1,000 User → Update items, email and business unit taken from upstream items: the iMocha
//      node; n8n's HTTP Request node doing the same calls three ways (the key typed inline as a
//      header, a Header Auth credential, the iMocha credential); a plain Node http loop with the
//      same concurrency (the floor);
//   2. 300 updates against a fake limited to 50 requests/s (429 + Retry-After);
//   3. Report → Get Many, Return All over 20,000 reports, against n8n's HTTP Request node paging
//      through the same reports with the same credential (and a plain paging loop, the floor);
//   4. the package itself: dist size, runtime dependencies, time to require the node;
//   5. 1,000 User → Update items with the business unit by name against the same by ID, in one
//      run of the bench (by name reads the account's business units once per node run).
// Node times are n8n's own executionTime for the node; each figure is the median of --runs (3).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { ensureN8n, createInstance } = require('./n8n-runtime');
const { createFakeImocha } = require('../test/fake-imocha/server');

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
/** `--only 1,3`: only those sections (a quicker loop while working on one of them). */
const ONLY = process.argv.includes('--only') ? new Set(String(process.argv[process.argv.indexOf('--only') + 1]).split(',')) : undefined;
const runs = (section) => !ONLY || ONLY.has(section);
/** `--profile DIR`: a V8 CPU profile of each n8n process, written into DIR. */
const PROFILE = process.argv.includes('--profile') ? path.resolve(process.argv[process.argv.indexOf('--profile') + 1]) : undefined;
const CREDENTIAL = { id: 'imochaBench00001', name: 'iMocha (bench)' };
const HEADER_CREDENTIAL = { id: 'headerBench00001', name: 'x-api-key header (bench)' };
/** The fake's business units; items move users between them. */
const UNITS = [1, 42, 77];
/** Their names, as items give them for By Name (any case, spaces around). */
const UNIT_NAMES = ['Default', ' engineering', 'SALES '];
const CONCURRENCY = 10; // the node's default Max Concurrent Requests
const execFile = promisify(childProcess.execFile);
const log = (line) => console.error(`[bench] ${line}`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value).toLocaleString('en-US')} ms`;

function workflow(id, nodes) {
	const chain = [
		{ id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...nodes.map((node, i) => ({ id: `${id}-${i}`, typeVersion: 1, position: [220 * (i + 1), 0], ...node })),
	];
	const connections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes: chain, connections, pinData: {} };
}

const generateItems = (count) => ({
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		jsCode: `const units = ${JSON.stringify(UNITS)}; return Array.from({ length: ${count} }, (_, i) => ({ json: { email: 'bench' + i + '@example.com', bu: units[i % 3] } }));`,
	},
});

/** The same items, with the business unit's name instead of its id. */
const generateNamedItems = (count) => ({
	...generateItems(count),
	parameters: {
		jsCode: `const names = ${JSON.stringify(UNIT_NAMES)}; return Array.from({ length: ${count} }, (_, i) => ({ json: { email: 'bench' + i + '@example.com', unit: names[i % 3] } }));`,
	},
});

const imochaNode = (parameters, extra = {}) => ({
	name: 'iMocha',
	type: 'n8n-nodes-imocha.imocha',
	parameters,
	credentials: { imochaApi: CREDENTIAL },
	...extra,
});

const updateUser = {
	resource: 'user',
	operation: 'update',
	email: '={{ $json.email }}',
	businessUnitId: { __rl: true, mode: 'id', value: '={{ $json.bu }}' },
};

const updateUserByName = { ...updateUser, businessUnitId: { __rl: true, mode: 'name', value: '={{ $json.unit }}' } };

/** The HTTP Request node's ways of sending the key: typed inline as a header, a Header Auth credential, the iMocha credential. */
const HTTP_AUTH = {
	inline: {
		parameters: { authentication: 'none', sendHeaders: true, headerParameters: { parameters: [{ name: 'x-api-key', value: 'test-key' }] } },
	},
	headerAuth: {
		parameters: { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' },
		credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
	},
	imocha: {
		parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'imochaApi' },
		credentials: { imochaApi: CREDENTIAL },
	},
};

const httpRequestUpdate = (fakeUrl, auth = 'imocha', extra = {}) => ({
	name: 'HTTP Request',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		method: 'POST',
		url: `${fakeUrl}/v3/accounts/user/update`,
		...HTTP_AUTH[auth].parameters,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ email: $json.email, businessunitId: $json.bu }) }}',
		options: {},
	},
	...(HTTP_AUTH[auth].credentials ? { credentials: HTTP_AUTH[auth].credentials } : {}),
	...extra,
});

/** n8n's own paging: the HTTP Request node walking the same report pages (one item per page). */
const httpRequestReportPages = (fakeUrl) => ({
	name: 'HTTP Request',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		url: `${fakeUrl}/v3/reports`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'imochaApi',
		sendQuery: true,
		queryParameters: {
			parameters: [
				{ name: 'PageSize', value: '50' },
				{ name: 'startDate', value: '2020-01-01T00:00:00Z' },
				{ name: 'endDate', value: '2030-01-01T00:00:00Z' },
			],
		},
		options: {
			pagination: {
				pagination: {
					paginationMode: 'updateAParameterInEachRequest',
					parameters: { parameters: [{ type: 'qs', name: 'PageNo', value: '={{ $pageCount + 1 }}' }] },
					paginationCompleteWhen: 'other',
					completeExpression: '={{ !$response.body.hasNextPage }}',
					requestInterval: 0,
				},
			},
		},
	},
	credentials: { imochaApi: CREDENTIAL },
});

/** Peak resident memory of a process, read from /proc until it exits. */
function watchPeakRss(pid) {
	let peak = 0;
	const timer = setInterval(() => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) peak = Math.max(peak, Number(match[1]) * 1024);
		} catch {
			// gone
		}
	}, 50);
	return () => {
		clearInterval(timer);
		return peak;
	};
}

function postJson(agent, url, body, apiKey) {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = http.request(
			url,
			{ method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'content-length': Buffer.byteLength(payload) } },
			(res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode, text }));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

/** The floor: the same 1,000 POSTs from plain Node, keep-alive, CONCURRENCY at a time. */
async function plainUpdateLoop(fakeUrl, count) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const started = process.hrtime.bigint();
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < count) {
				const i = next++;
				const res = await postJson(agent, `${fakeUrl}/v3/accounts/user/update`, { email: `bench${i}@example.com`, businessunitId: 42 }, 'test-key');
				if (res.status !== 200) throw new Error(`plain loop: ${res.status} ${res.text}`);
			}
		}),
	);
	agent.destroy();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
	const runtime = await ensureN8n({ log });
	log('building the package');
	childProcess.execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

	const users = Array.from({ length: 1000 }, (_, i) => ({ email: `bench${i}@example.com`, fullName: `Bench ${i}`, businessunitId: 1, status: 'Active', role: 'Reviewer' }));
	const fake = createFakeImocha({ apiKey: 'test-key', seed: { users, reportCount: 20000, reportSpacingMinutes: 0.25 } });
	const fakeUrl = await fake.listen();
	const instance = createInstance({ runtime, ...(PROFILE ? { extraEnv: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE}` } } : {}) });
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-bench-'));
	const results = [];
	try {
		fs.writeFileSync(
			path.join(scratch, 'credentials.json'),
			JSON.stringify([
				{ ...CREDENTIAL, type: 'imochaApi', data: { apiKey: 'test-key', baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl } },
				{ ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'x-api-key', value: 'test-key' } },
			]),
		);
		await instance.importCredentials(path.join(scratch, 'credentials.json'));
		const workflows = {
			ours: workflow('benchImocha00001', [generateItems(1000), imochaNode(updateUser)]),
			oursByName: workflow('benchImochaName1', [generateNamedItems(1000), imochaNode(updateUserByName)]),
			httpInline: workflow('benchHttpInline1', [generateItems(1000), httpRequestUpdate(fakeUrl, 'inline')]),
			httpHeaderAuth: workflow('benchHttpHeader1', [generateItems(1000), httpRequestUpdate(fakeUrl, 'headerAuth')]),
			http: workflow('benchHttpReq0001', [generateItems(1000), httpRequestUpdate(fakeUrl)]),
			oursLimited: workflow('benchImochaRate1', [generateItems(300), imochaNode(updateUser)]),
			httpLimited: workflow('benchHttpRate001', [generateItems(300), httpRequestUpdate(fakeUrl, 'imocha', { onError: 'continueRegularOutput' })]),
			reports: workflow('benchReports0001', [
				imochaNode({
					resource: 'report',
					operation: 'getAll',
					returnAll: true,
					options: { startDate: '2020-01-01T00:00:00Z', endDate: '2030-01-01T00:00:00Z' },
				}),
			]),
			httpReports: workflow('benchHttpPages01', [httpRequestReportPages(fakeUrl)]),
			baseline: workflow('benchBaseline001', [generateItems(1)]),
		};
		for (const [key, definition] of Object.entries(workflows)) {
			const file = path.join(scratch, `${key}.json`);
			fs.writeFileSync(file, JSON.stringify(definition));
			await instance.importWorkflow(file);
		}

		/** Runs a workflow once in n8n; returns the node's executionTime, its items and the process's peak RSS. */
		async function execute(definition, nodeName) {
			const run = await instance.execute(definition.id, { onSpawn: (pid) => (execute.stopWatch = watchPeakRss(pid)) });
			const peakRss = execute.stopWatch ? execute.stopWatch() : undefined;
			if (run.status !== 'success') throw new Error(`${definition.id}: ${JSON.stringify(run.data.resultData.error)}`);
			const task = nodeName ? run.data.resultData.runData[nodeName][0] : undefined;
			return { time: task?.executionTime, items: task?.data.main[0] ?? [], peakRss };
		}

		// 1. 1,000 updates
		if (runs('1')) {
			log('1/5: 1,000 User → Update items');
			const updated = (label) => {
				const applied = fake.requests.filter((r) => r.applied);
				if (applied.length !== 1000 || applied.some((r) => !UNITS.includes(r.body.businessunitId))) throw new Error(`${label}: not 1,000 updates`);
			};
			const times = { ours: [], httpInline: [], httpHeaderAuth: [], http: [], plain: [] };
			for (let run = 0; run < RUNS; run++) {
				// Alternated within each run, so a slow spell of the machine touches every variant alike.
				for (const [key, nodeName] of [['ours', 'iMocha'], ['httpInline', 'HTTP Request'], ['httpHeaderAuth', 'HTTP Request'], ['http', 'HTTP Request']]) {
					fake.reset();
					times[key].push((await execute(workflows[key], nodeName)).time);
					updated(key);
				}
				fake.reset();
				times.plain.push(await plainUpdateLoop(fakeUrl, 1000));
			}
			const m = Object.fromEntries(Object.entries(times).map(([key, values]) => [key, median(values)]));
			const perItem = (value) => `${(value / 1000).toFixed(2)} ms/item`;
			results.push(
				[
					'1',
					'1,000 updates: iMocha node',
					ms(m.ours),
					perItem(m.ours),
					`P1: ${(m.ours / m.httpInline).toFixed(2)}× inline header (≤ 2.3×), ${(m.ours / m.httpHeaderAuth).toFixed(2)}× Header Auth (≤ 1.0×), ${(m.ours / m.http).toFixed(2)}× iMocha credential (≤ 0.75×)`,
				],
				['1', '1,000 updates: HTTP Request node, key typed inline as a header', ms(m.httpInline), perItem(m.httpInline), '1.00×'],
				['1', '1,000 updates: HTTP Request node, Header Auth credential', ms(m.httpHeaderAuth), perItem(m.httpHeaderAuth), `${(m.httpHeaderAuth / m.httpInline).toFixed(2)}× inline`],
				['1', '1,000 updates: HTTP Request node, iMocha credential', ms(m.http), perItem(m.http), `${(m.http / m.httpInline).toFixed(2)}× inline`],
				['1', `1,000 updates: plain Node http, ${CONCURRENCY} at a time`, ms(m.plain), perItem(m.plain), `iMocha node is ${(m.ours / m.plain).toFixed(1)}× the floor`],
			);
		}

		// 2. rate limited
		if (runs('2')) {
			log('2/5: 300 updates against 50 requests/s');
			// Each run meets iMocha's one-second window at another point, so every run must get the 300
			// through exactly once; the table gives the median and the slowest.
			const limitedRuns = [];
			for (let run = 0; run < RUNS; run++) {
				fake.reset();
				fake.chaos({ ratePerSecond: 50 });
				const { time } = await execute(workflows.oursLimited, 'iMocha');
				const applied = fake.requests.filter((r) => r.applied);
				const once = new Set(applied.map((r) => r.body.email)).size;
				if (once !== 300 || applied.length !== 300) throw new Error(`rate-limited run ${run + 1}: ${once} of 300 applied, ${applied.length - once} twice`);
				limitedRuns.push({ time, refused: fake.requests.filter((r) => r.status === 429).length });
			}
			const limitedTime = median(limitedRuns.map((run) => run.time));
			const slowest = Math.max(...limitedRuns.map((run) => run.time));
			results.push([
				'2',
				'300 updates at 50 req/s: iMocha node',
				ms(limitedTime),
				`300/300 applied exactly once in each of ${RUNS} runs; ${limitedRuns.map((run) => run.refused).join(', ')} × 429 retried; slowest run ${ms(slowest)}`,
				`P2: ${(limitedTime / 6000).toFixed(2)}× the ideal 6 s, slowest ${(slowest / 6000).toFixed(2)}× (≤ 1.25×)`,
			]);
			fake.reset();
			fake.chaos({ ratePerSecond: 50 });
			const httpLimited = await execute(workflows.httpLimited, 'HTTP Request');
			const failed = httpLimited.items.filter((item) => item.json.error).length;
			results.push([
				'2',
				'300 updates at 50 req/s: HTTP Request node (defaults)',
				ms(httpLimited.time),
				`${fake.requests.filter((r) => r.applied).length}/300 applied, ${failed} failed with 429`,
				'',
			]);
		}

		// 3. paging
		if (runs('3')) {
			log('3/5: Report → Get Many, Return All over 20,000 reports');
			fake.reset();
			const baseline = await execute(workflows.baseline);
			/** Runs a workflow --runs times on a reset fake: the median time, the last run and its report pages. */
			async function repeated(definition, nodeName) {
				const runTimes = [];
				let last;
				for (let run = 0; run < RUNS; run++) {
					fake.reset();
					last = await execute(definition, nodeName);
					runTimes.push(last.time);
				}
				return { time: median(runTimes), last, pages: fake.requests.filter((r) => r.path === '/v3/reports').length };
			}
			const reports = await repeated(workflows.reports, 'iMocha');
			const httpReports = await repeated(workflows.httpReports, 'HTTP Request');
			const httpRecords = httpReports.last.items.reduce((sum, item) => sum + (item.json.reports?.length ?? 0), 0);
			// Async: the fake iMocha answering the loop lives in this process.
			const { stdout: loopOutput } = await execFile(process.execPath, [path.join(__dirname, 'bench-paging-loop.js'), fakeUrl, String(RUNS)], {
				encoding: 'utf8',
			});
			const loop = JSON.parse(loopOutput);
			const reportRun = reports.last;
			results.push(
				[
					'3',
					`20,000 reports (${reports.pages} pages): iMocha node`,
					ms(reports.time),
					`${reportRun.items.length.toLocaleString('en-US')} items; n8n process peak RSS ${(reportRun.peakRss / 2 ** 20).toFixed(0)} MB (idle workflow: ${(baseline.peakRss / 2 ** 20).toFixed(0)} MB)`,
					`P3: ${(reports.time / httpReports.time).toFixed(2)}× HTTP Request paging (≤ 0.5×); ${(reports.time / loop.time).toFixed(2)}× the plain loop`,
				],
				['3', '20,000 reports: plain paging loop', ms(loop.time), `${loop.count.toLocaleString('en-US')} records; peak RSS ${(loop.peakRss / 2 ** 20).toFixed(0)} MB`, ''],
				[
					'3',
					"20,000 reports: HTTP Request node's own pagination, iMocha credential",
					ms(httpReports.time),
					`${httpReports.pages} pages, ${httpRecords.toLocaleString('en-US')} records left in ${httpReports.last.items.length} page items (not split into items)`,
					`${(httpReports.time / loop.time).toFixed(2)}× the plain loop`,
				],
			);
		}

		// 4. package
		if (runs('4')) {
			log('4/5: package');
			const distBytes = Number(childProcess.execFileSync('du', ['-sb', path.join(ROOT, 'dist')], { encoding: 'utf8' }).split('\t')[0]);
			const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
			const requireMs = median(
				Array.from({ length: 5 }, () =>
					Number(
						childProcess.execFileSync(
							process.execPath,
							['-e', "const t=process.hrtime.bigint();require('n8n-workflow');const u=process.hrtime.bigint();require('./dist/nodes/Imocha/Imocha.node.js');console.log(Number(process.hrtime.bigint()-u)/1e6)"],
							{ cwd: ROOT, encoding: 'utf8' },
						),
					),
				),
			);
			results.push(['4', 'Package', `${(distBytes / 1024).toFixed(0)} KiB dist`, `${Object.keys(pkg.dependencies ?? {}).length} runtime dependencies`, `require node module: ${requireMs.toFixed(1)} ms`]);
		}

		// 5. business unit by name
		if (runs('5')) {
			log('5/5: 1,000 updates, business unit by name and by ID');
			const lookups = () => fake.requests.filter((r) => r.path === '/v3/accounts/business-units').length;
			const checked = (label, expectedLookups) => {
				const applied = fake.requests.filter((r) => r.applied);
				if (applied.length !== 1000 || applied.some((r) => !UNITS.includes(r.body.businessunitId))) throw new Error(`${label}: not 1,000 updates`);
				if (lookups() !== expectedLookups) throw new Error(`${label}: ${lookups()} business-units requests, not ${expectedLookups}`);
			};
			const times = { byName: [], byId: [] };
			for (let run = 0; run < RUNS; run++) {
				// Alternated within each run, as in section 1.
				fake.reset();
				times.byName.push((await execute(workflows.oursByName, 'iMocha')).time);
				checked('by name', 1);
				fake.reset();
				times.byId.push((await execute(workflows.ours, 'iMocha')).time);
				checked('by ID', 0);
			}
			const byName = median(times.byName);
			const byId = median(times.byId);
			const perItem = (value) => `${(value / 1000).toFixed(2)} ms/item`;
			results.push(
				['5', '1,000 updates, business unit by name: iMocha node', ms(byName), `${perItem(byName)}; 1 business-units request per run`, `${(byName / byId).toFixed(2)}× by ID`],
				['5', '1,000 updates, business unit by ID: iMocha node', ms(byId), `${perItem(byId)}; no business-units request`, '1.00×'],
			);
		}
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
		await fake.close();
		instance.dispose();
	}

	console.log(`\nn8n-nodes-imocha benchmark (n8n ${require('./n8n-runtime').N8N_VERSION}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, median of ${RUNS})\n`);
	console.log('| # | What | Time | Detail | Ratio |');
	console.log('|---|---|---|---|---|');
	for (const row of results) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error) => {
	console.error(`[bench] ${error.stack || error.message}`);
	process.exit(1);
});
