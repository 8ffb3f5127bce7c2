'use strict';
// A fake iMocha API on 127.0.0.1 that follows docs/imocha-api.md strictly: it checks the
// x-api-key, validates bodies and types the way iMocha documents them, keeps its records in
// memory, and records every request so tests assert on what really arrived. Tests, the benchmark
// and the demo all use this one server. Control endpoints live under /__fake/ (no key needed).
const http = require('node:http');
const https = require('node:https');
const modules = require('./routes');
const { ok } = require('./routes/util');

const INVALID_KEY = {
	statusCode: 401,
	message:
		'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
};
const routes = modules.flatMap((module) => module.routes);
/** Fake-side control routes a module adds under /__fake/ (no key), e.g. completing an invitation. */
const controlRoutes = modules.flatMap((module) => module.controls ?? []);

/** The starting state of a fresh account, merged from every route module, then the caller's overrides. */
function seedState(overrides = {}) {
	const state = Object.assign({}, ...modules.map((module) => module.seed()));
	return JSON.parse(JSON.stringify({ ...state, ...overrides }));
}

/**
 * Standing faults, drawn per request from a seeded generator so a failing run can be replayed:
 * - ratePerSecond: iMocha's gateway limit, in fixed one-second windows; over it a request gets
 *   429 with Retry-After (whole seconds to the next window) and the gateway's message;
 * - errorRate / errorStatus: that share of requests gets a gateway outage (default 503, HTML body);
 * - resetRate: that share of connections is cut before an answer;
 * - delayMs: every answer is that slow;
 * - garbleRate: that share of applied changes is answered with a cut-off JSON body.
 * Faults other than garbleRate strike before the request is applied.
 */
function createChaos() {
	let settings = {};
	let random = Math.random;
	let windowStart = 0;
	let windowCount = 0;

	function rateLimited(now) {
		if (!settings.ratePerSecond) return undefined;
		if (now - windowStart >= 1000) {
			windowStart = now - ((now - windowStart) % 1000);
			if (now - windowStart >= 1000) windowStart = now;
			windowCount = 0;
		}
		if (++windowCount <= settings.ratePerSecond) return undefined;
		const seconds = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
		return {
			status: 429,
			headers: { 'retry-after': String(seconds) },
			body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
		};
	}

	return {
		set(next = {}) {
			settings = { errorStatus: 503, ...next };
			random = seededRandom(settings.seed ?? 1);
			windowStart = Date.now();
			windowCount = 0;
		},
		draw(path) {
			if (settings.paths && !settings.paths.some((p) => path.startsWith(p))) return undefined;
			const limited = rateLimited(Date.now());
			if (limited) return limited;
			const delayMs = settings.delayMs;
			if (settings.resetRate && random() < settings.resetRate) return { reset: true, delayMs };
			if (settings.errorRate && random() < settings.errorRate) {
				return { status: settings.errorStatus, body: '<html><body><h1>503 Service Unavailable</h1></body></html>', delayMs };
			}
			return delayMs ? { delayMs } : undefined;
		},
		garbleAfterApply() {
			return Boolean(settings.garbleRate && random() < settings.garbleRate);
		},
	};
}

/** mulberry32: a tiny deterministic generator, so a fault run can be repeated exactly. */
function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res, { status, body, headers = {} }) {
	const payload = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	const type = typeof body === 'object' && !Buffer.isBuffer(body) ? 'application/json; charset=utf-8' : 'text/plain';
	res.writeHead(status, { 'content-type': type, ...headers });
	res.end(payload);
}

/** The longest a streamed fault answer goes on: every stream stops by itself. */
const STREAM_LIMIT_MS = 60_000;

/**
 * A 200 whose body is written as the fault says: `bytes` (with a content-length: a huge answer),
 * `endless` (chunked, never ends), or `dripMs` (headers, then one byte every dripMs). Writes only
 * as fast as the client reads, stops when the client closes (or after STREAM_LIMIT_MS), and records
 * in `entry.bytesSent` how much was written.
 */
function streamAnswer(req, res, entry, { bytes, endless, dripMs, contentType = 'application/json' }, headers = {}) {
	entry.bytesSent = 0;
	const started = Date.now();
	res.writeHead(200, { 'content-type': contentType, ...(bytes ? { 'content-length': String(bytes) } : {}), ...headers });
	let closed = false;
	res.on('close', () => (closed = true));
	const chunk = Buffer.alloc(64 * 1024, 0x20);
	chunk.write(contentType === 'application/pdf' ? '%PDF-1.4 ' : '{"result": "', 0);
	const step = () => {
		if (closed) return;
		if (Date.now() - started > STREAM_LIMIT_MS) return req.socket.destroy();
		if (dripMs) {
			res.write(entry.bytesSent === 0 ? '{' : ' ');
			entry.bytesSent += 1;
			return setTimeout(step, dripMs);
		}
		const size = endless ? chunk.length : Math.min(chunk.length, bytes - entry.bytesSent);
		if (size <= 0) return res.end();
		entry.bytesSent += size;
		if (res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) setImmediate(step);
		else res.once('drain', step);
	};
	step();
}

/**
 * @param {{ apiKey?: string, seed?: object, tls?: { key: string | Buffer, cert: string | Buffer } }} [options]
 */
function createFakeImocha({ apiKey = 'test-key', seed, tls } = {}) {
	let state = seedState(seed);
	/** @type {Array<{method:string,path:string,query:Record<string,string>,headers:object,body:any,rawBody:string,at:number}>} */
	const requests = [];
	/**
	 * Queued one-off answers: {status, body, headers, delayMs, reset, hang, cutBody, path (RegExp|string),
	 * method, times}. `hang` never answers (until reset or close); `cutBody` applies the request, then
	 * sends the status line and part of the body and cuts the connection.
	 */
	let faults = [];
	/** Requests held open by a `hang` fault. */
	const hanging = new Set();
	const chaos = createChaos();
	/** How many API requests are being answered right now, and the most at once since the last reset. */
	const inFlight = { now: 0, max: 0 };

	function takeFault(method, path, rawBody) {
		const index = faults.findIndex(
			(f) =>
				(!f.method || f.method === method) &&
				(!f.path || (f.path instanceof RegExp ? f.path.test(path) : f.path === path)) &&
				(!f.bodyIncludes || rawBody.includes(f.bodyIncludes)),
		);
		if (index === -1) return undefined;
		const fault = faults[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) faults.splice(index, 1);
		return fault;
	}

	async function control(req, res, path, rawBody) {
		if (path === '/__fake/requests') return send(res, ok(requests.filter((r) => !r.path.startsWith('/__fake/'))));
		if (path === '/__fake/state') return send(res, ok(state));
		if (path === '/__fake/reset' && req.method === 'POST') {
			reset();
			return send(res, ok({ reset: true }));
		}
		if (path === '/__fake/chaos' && req.method === 'POST') {
			chaos.set(JSON.parse(rawBody || '{}'));
			return send(res, ok({ chaos: true }));
		}
		if (path === '/__fake/fail' && req.method === 'POST') {
			const fault = JSON.parse(rawBody || '{}');
			fail(fault);
			return send(res, ok({ queued: true }));
		}
		const controlRoute = controlRoutes.find((r) => r.method === req.method && r.path.test(path));
		if (controlRoute) {
			const params = controlRoute.path.exec(path).slice(1);
			let body;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				return send(res, { status: 400, body: { statusCode: 400, message: 'The control body is not valid JSON' } });
			}
			return send(res, await controlRoute.handle({ state, body, params, fake }));
		}
		return send(res, { status: 404, body: { statusCode: 404, message: 'Unknown control path' } });
	}

	const handler = async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const path = url.pathname;
		const rawBody = await readBody(req);
		let body;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			body = Symbol.for('invalid-json');
		}
		if (path.startsWith('/__fake/')) return control(req, res, path, rawBody);
		const entry = {
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: typeof body === 'symbol' ? undefined : body,
			rawBody,
			at: Date.now(),
			/** The status answered (undefined when the connection was cut), and whether the state changed. */
			status: undefined,
			applied: false,
		};
		requests.push(entry);
		inFlight.now++;
		inFlight.max = Math.max(inFlight.max, inFlight.now);
		res.on('finish', () => (entry.status = res.statusCode));
		res.on('close', () => inFlight.now--);

		if (req.headers['x-api-key'] !== apiKey) return send(res, { status: 401, body: INVALID_KEY });
		const fault = takeFault(req.method, path, rawBody) ?? chaos.draw(path);
		if (fault) {
			if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
			if (fault.reset) return req.socket.destroy();
			if (fault.hang) {
				hanging.add(req.socket);
				return undefined;
			}
			if (fault.stream) return streamAnswer(req, res, entry, fault.stream, fault.headers);
			if (fault.status) return send(res, fault);
		}
		const route = routes.find((r) => r.method === req.method && r.path.test(path));
		if (!route) {
			const known = routes.some((r) => r.path.test(path));
			return send(res, {
				status: known ? 405 : 404,
				body: { statusCode: known ? 405 : 404, message: known ? 'Method not allowed' : 'Resource not found' },
			});
		}
		if (req.method !== 'GET' && rawBody && !String(req.headers['content-type']).includes('application/json')) {
			return send(res, { status: 415, body: { errors: ['Content-Type must be application/json'] } });
		}
		if (typeof body === 'symbol') return send(res, { status: 400, body: { errors: ['The request body is not valid JSON'] } });
		const match = route.path.exec(path);
		const answer = await route.handle({ state, body, query: Object.fromEntries(url.searchParams), params: match.slice(1), fake });
		entry.applied = req.method !== 'GET' && answer.status < 300;
		if (fault?.cutBody) {
			const payload = JSON.stringify(answer.body ?? {});
			res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length + 100) });
			res.write(payload.slice(0, Math.max(1, Math.floor(payload.length / 2))));
			entry.cut = true;
			return setTimeout(() => req.socket.destroy(), 20);
		}
		if (entry.applied && chaos.garbleAfterApply()) {
			return send(res, { status: 200, body: '{"email": "trunc', headers: { 'content-type': 'application/json' } });
		}
		return send(res, answer);
	};
	// With `tls` ({key, cert}), the fake answers over https, e.g. with a self-signed certificate.
	const server = tls ? https.createServer(tls, handler) : http.createServer(handler);

	function reset() {
		for (const socket of hanging) socket.destroy();
		hanging.clear();
		state = seedState(seed);
		requests.length = 0;
		faults = [];
		chaos.set({});
		inFlight.max = inFlight.now;
	}

	function fail(fault) {
		faults.push({ ...fault, path: typeof fault.path === 'string' && fault.path.startsWith('^') ? new RegExp(fault.path) : fault.path });
	}

	const fake = {
		apiKey,
		requests,
		/**
		 * Standing faults for load and fault tests (cleared by reset): { ratePerSecond, errorRate,
		 * errorStatus, resetRate, delayMs, garbleRate, seed }. See createChaos.
		 */
		chaos: (settings) => chaos.set(settings),
		/** The most API requests that were in flight at once since the last reset. */
		get maxInFlight() {
			return inFlight.max;
		},
		get state() {
			return state;
		},
		reset,
		/** Queue a one-off answer, e.g. fail({ path: '/v3/accounts/user/update', status: 500, body: {...} }). */
		fail,
		/** Starts listening on 127.0.0.1 (a random free port unless one is given); resolves to the base URL. */
		listen(port = 0) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, '127.0.0.1', () => resolve(`${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`));
			});
		},
		close() {
			for (const socket of hanging) socket.destroy();
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
	// JS controls a module adds to the fake object (see server.d.ts), e.g. fake.completeInvitation(id).
	for (const module of modules) Object.assign(fake, module.methods?.(fake));
	return fake;
}

module.exports = { createFakeImocha, INVALID_KEY, readBody };
