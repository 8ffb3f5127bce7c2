'use strict';
// A fake iMocha API on 127.0.0.1 that follows ../shared/imocha-api.md strictly: it checks the
// x-api-key, validates bodies and types the way iMocha documents them, keeps its records in
// memory, and records every request so tests assert on what really arrived. Tests, the benchmark
// and the demo all use this one server. Control endpoints live under /__fake/ (no key needed).
const http = require('node:http');
const modules = require('./routes');
const { ok } = require('./routes/util');

const INVALID_KEY = {
	statusCode: 401,
	message:
		'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
};
const routes = modules.flatMap((module) => module.routes);

/** The starting state of a fresh account, merged from every route module, then the caller's overrides. */
function seedState(overrides = {}) {
	const state = Object.assign({}, ...modules.map((module) => module.seed()));
	return JSON.parse(JSON.stringify({ ...state, ...overrides }));
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

/**
 * @param {{ apiKey?: string, seed?: object }} [options]
 */
function createFakeImocha({ apiKey = 'test-key', seed } = {}) {
	let state = seedState(seed);
	/** @type {Array<{method:string,path:string,query:Record<string,string>,headers:object,body:any,rawBody:string,at:number}>} */
	const requests = [];
	/** Queued one-off answers: {status, body, headers, delayMs, path (RegExp|string), method, times}. */
	let faults = [];

	function takeFault(method, path) {
		const index = faults.findIndex(
			(f) => (!f.method || f.method === method) && (!f.path || (f.path instanceof RegExp ? f.path.test(path) : f.path === path)),
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
		if (path === '/__fake/fail' && req.method === 'POST') {
			const fault = JSON.parse(rawBody || '{}');
			fail(fault);
			return send(res, ok({ queued: true }));
		}
		return send(res, { status: 404, body: { statusCode: 404, message: 'Unknown control path' } });
	}

	const server = http.createServer(async (req, res) => {
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
		requests.push({
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: typeof body === 'symbol' ? undefined : body,
			rawBody,
			at: Date.now(),
		});

		if (req.headers['x-api-key'] !== apiKey) return send(res, { status: 401, body: INVALID_KEY });
		const fault = takeFault(req.method, path);
		if (fault) {
			if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
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
		return send(res, answer);
	});

	function reset() {
		state = seedState(seed);
		requests.length = 0;
		faults = [];
	}

	function fail(fault) {
		faults.push({ ...fault, path: typeof fault.path === 'string' && fault.path.startsWith('^') ? new RegExp(fault.path) : fault.path });
	}

	const fake = {
		apiKey,
		requests,
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
				server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
			});
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
	return fake;
}

module.exports = { createFakeImocha, INVALID_KEY };
