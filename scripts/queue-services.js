'use strict';
// Throwaway Postgres 15 and Redis servers for the queue-mode suite (test/queue/): each in its own
// temp folder, on 127.0.0.1 and a free port, never the system services. Postgres refuses to run
// as root, so initdb and postgres run as the Debian package's `postgres` user (spawn's uid/gid:
// no runuser in between, so the pid we hold is the server's own).
//
//   apt-get install -y postgresql redis-server      (.ci/run does this when they are missing)

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./n8n-runtime');

const PG_BIN = process.env.IMOCHA_PG_BIN || '/usr/lib/postgresql/15/bin';
const REDIS_SERVER = process.env.IMOCHA_REDIS_SERVER || 'redis-server';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Servers still running when the calling process exits (a crashed or interrupted run) die with it.
const live = new Set();
process.on('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

/** uid and gid of a local account, from /etc/passwd. */
function account(name) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`no "${name}" user: install Postgres (apt-get install -y postgresql)`);
	const [, , uid, gid, , home] = line.split(':');
	return { uid: Number(uid), gid: Number(gid), home };
}

function missing(what, hint) {
	return new Error(`${what} not found: ${hint}`);
}

/** Spawns a server, logging to a file; returns { child, stop, exited() }. */
function spawnLogged(command, args, { logFile, ...options }) {
	const out = fs.openSync(logFile, 'a');
	const child = childProcess.spawn(command, args, { ...options, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	live.add(child);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			live.delete(child);
			exited = { code, signal };
			resolve(exited);
		});
		child.on('error', (error) => {
			live.delete(child);
			exited = { error: error.message };
			resolve(exited);
		});
	});
	return {
		child,
		exited: () => exited,
		async stop(signal = 'SIGTERM', graceMs = 10_000) {
			if (exited) return exited;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exitPromise;
			clearTimeout(timer);
			return exited;
		},
	};
}

function tail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * A Postgres cluster in a new temp folder owned by `postgres`: trust authentication, listening on
 * 127.0.0.1 only with its unix socket in that folder, durability off (throwaway data). Resolves
 * once `database` exists. `query(sql)` runs psql and returns its unaligned output.
 */
async function startPostgres({ database = 'n8n', log = () => {} } = {}) {
	const started = Date.now();
	for (const bin of ['initdb', 'postgres', 'psql', 'pg_isready']) {
		if (!fs.existsSync(path.join(PG_BIN, bin))) throw missing(`${PG_BIN}/${bin}`, 'apt-get install -y postgresql (version 15)');
	}
	const user = account('postgres');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-queue-pg-'));
	fs.chownSync(dir, user.uid, user.gid);
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	fs.chownSync(logFile, user.uid, user.gid);
	const asPostgres = { uid: user.uid, gid: user.gid, cwd: dir, env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } };
	childProcess.execFileSync(
		path.join(PG_BIN, 'initdb'),
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ ...asPostgres, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	const port = await freePort();
	const server = spawnLogged(
		path.join(PG_BIN, 'postgres'),
		[
			'-D', data,
			'-p', String(port),
			'-h', '127.0.0.1',
			'-k', dir,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ ...asPostgres, logFile },
	);
	const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];
	for (;;) {
		if (server.exited()) throw new Error(`postgres exited early (${JSON.stringify(server.exited())}):\n${tail(logFile)}`);
		if (Date.now() - started > 60_000) {
			await server.stop();
			throw new Error(`postgres not ready after 60 s:\n${tail(logFile)}`);
		}
		const ready = childProcess.spawnSync(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
		if (ready.status === 0) break;
		await sleep(200);
	}
	const psql = (db, sql) =>
		childProcess.execFileSync(path.join(PG_BIN, 'psql'), [...psqlArgs, '-d', db, '-At', '-c', sql], {
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
		});
	psql('postgres', `CREATE DATABASE ${database}`);
	log(`[queue] postgres ready on 127.0.0.1:${port} (${dir}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return {
		host: '127.0.0.1',
		port,
		database,
		user: 'postgres',
		dir,
		logFile,
		pid: server.child.pid,
		/** Runs SQL in the database; returns psql's unaligned, tuples-only output. */
		query: (sql) => psql(database, sql),
		/** Runs a query and parses its rows as JSON objects (json_agg of the query). */
		rows(sql) {
			const text = psql(database, `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`).trim();
			return JSON.parse(text);
		},
		async stop() {
			// SIGINT is Postgres' fast shutdown: backends are ended, no waiting for clients.
			const result = await server.stop('SIGINT', 15_000);
			fs.rmSync(dir, { recursive: true, force: true });
			return result;
		},
	};
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** A Redis server in a new temp folder, 127.0.0.1 and a free port, with no persistence. */
async function startRedis({ log = () => {} } = {}) {
	const started = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-queue-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const server = spawnLogged(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ cwd: dir, logFile },
	);
	for (;;) {
		const exited = server.exited();
		if (exited) {
			if (exited.error) throw missing('redis-server', `${exited.error}: apt-get install -y redis-server`);
			throw new Error(`redis-server exited early (${JSON.stringify(exited)}):\n${tail(logFile)}`);
		}
		if (Date.now() - started > 30_000) {
			await server.stop();
			throw new Error(`redis-server not ready after 30 s:\n${tail(logFile)}`);
		}
		if (await redisPing(port)) break;
		await sleep(100);
	}
	log(`[queue] redis ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return {
		host: '127.0.0.1',
		port,
		dir,
		logFile,
		pid: server.child.pid,
		async stop() {
			const result = await server.stop('SIGTERM', 10_000);
			fs.rmSync(dir, { recursive: true, force: true });
			return result;
		},
	};
}

module.exports = { startPostgres, startRedis, PG_BIN };
