'use strict';
// A fake HRIS on 127.0.0.1 for the HRIS recipes (docs/hris.md, examples 08–11): one server that
// plays two vendors on their own API paths, and sends their webhook events signed the way each
// vendor's public documentation says.
//
// BambooHR (https://documentation.bamboohr.com/docs/webhooks):
//   GET /api/gateway.php/{companyDomain}/v1/employees/directory   Basic auth: API key as the user, "x"
//   POST /api/gateway.php/{companyDomain}/v1/reports/custom?format=JSON {title, fields}   (a custom report)
//   a field-based webhook event: {"employees": [{id, action, changedFields, fields, timestamp}]},
//   signed with X-BambooHR-Timestamp (Unix seconds) and X-BambooHR-Signature = hex HMAC-SHA256
//   of the raw body followed by the timestamp, keyed with the webhook's private key.
// HiBob (https://apidocs.hibob.com/docs/working-with-webhooks):
//   POST /v1/people/{employeeId} {fields, humanReadable}             Basic auth: service user ID and token
//   a v2 event: {companyId, type, triggeredBy, triggeredAt, version: "v2", data: {employeeId, …}},
//   signed with Bob-Signature = base64 HMAC-SHA512 of the raw body, keyed with the webhook secret.
//
// Every value here is made up for the sandbox. Control routes for `npm run dev` (the sandbox):
//   GET  /__fake/requests                         what the fake received
//   POST /__fake/bamboohr/department {id, department[, send: false]}
//        changes an employee's department in the directory and (unless send is false) delivers
//        BambooHR's signed event to the recipe's webhook (example 08)
//   POST /__fake/hibob/event {type, employeeId}   delivers Bob's signed event to example 09
//   POST /__fake/reset
const crypto = require('node:crypto');
const http = require('node:http');

const BAMBOOHR = { companyDomain: 'sandbox', apiKey: 'sandbox-bamboohr-api-key', privateKey: 'sandbox-bamboohr-private-key' };
const HIBOB = { serviceUserId: 'SERVICE-SANDBOX-01', token: 'sandbox-hibob-token', secret: 'sandbox-hibob-webhook-secret', companyId: 640512 };

const seed = () => ({
	/** BambooHR's employee directory: the iMocha sandbox's users, with departments named like its business units. */
	directory: [
		{ id: '101', displayName: 'Alice Example', firstName: 'Alice', lastName: 'Example', jobTitle: 'Recruiter', workEmail: 'alice@example.com', department: 'Sales' },
		{ id: '102', displayName: 'Bob Example', firstName: 'Bob', lastName: 'Example', jobTitle: 'Developer', workEmail: 'bob@example.com', department: 'Engineering' },
		{ id: '103', displayName: 'Carol Example', firstName: 'Carol', lastName: 'Example', jobTitle: 'Account Manager', workEmail: 'carol@example.com', department: 'Sales' },
	],
	/** Bob's people, by backend ID. */
	people: {
		'3332883884017713001': { email: 'dana@example.com', fullName: 'Dana Joiner', department: 'Engineering' },
		'3332883884017713002': { email: 'hank@example.com', fullName: 'Hank Example', department: 'Sales' },
		'3332883884017713003': { email: 'erin@example.com', fullName: 'Erin Newcomer', department: 'Sales' },
		'3332883884017713004': { email: 'ivy@example.com', fullName: 'Ivy Example', department: 'Sales' },
		'3332883884017713005': { email: 'frank@example.com', fullName: 'Frank Typo', department: 'Marketing' },
	},
});

/** BambooHR's signature headers for a raw body (hex HMAC-SHA256 of body + timestamp). */
function bambooHrHeaders(rawBody, { privateKey = BAMBOOHR.privateKey, timestamp = Math.floor(Date.now() / 1000) } = {}) {
	const signature = crypto.createHmac('sha256', privateKey).update(rawBody + String(timestamp)).digest('hex');
	return { 'x-bamboohr-timestamp': String(timestamp), 'x-bamboohr-signature': signature };
}

/** Bob's signature header for a raw body (base64 HMAC-SHA512 of the body). */
function hiBobHeaders(rawBody, { secret = HIBOB.secret } = {}) {
	return { 'bob-signature': crypto.createHmac('sha512', secret).update(rawBody).digest('base64') };
}

/** A field-based BambooHR event: one employee whose monitored fields changed. */
function bambooHrEvent(employee, changedFields = ['Department']) {
	return {
		employees: [
			{
				id: employee.id,
				action: 'Updated',
				changedFields,
				fields: { 'Work Email': employee.workEmail, 'First Name': employee.firstName, 'Last Name': employee.lastName, Department: employee.department },
				timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
			},
		],
	};
}

/** A Bob webhooks v2 event. */
function hiBobEvent(type, employeeId) {
	return {
		companyId: HIBOB.companyId,
		type,
		triggeredBy: type === 'employee.updated' ? '3332883884017719999' : 'system',
		triggeredAt: new Date().toISOString(),
		version: 'v2',
		data: type === 'employee.updated' ? { employeeId, fieldIds: ['/work/department'] } : { employeeId },
	};
}

/** POSTs a raw body with headers; resolves {status, text}. */
function post(url, rawBody, headers) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(rawBody), ...headers } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode, text }));
		});
		req.on('error', reject);
		req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url}`)));
		req.end(rawBody);
	});
}

/** Sends BambooHR's event to a webhook URL, signed (or with the headers given instead). */
function sendBambooHrEvent(url, event, { privateKey, timestamp, headers } = {}) {
	const rawBody = JSON.stringify(event);
	return post(url, rawBody, headers ?? bambooHrHeaders(rawBody, { privateKey, timestamp }));
}

/** Sends Bob's event to a webhook URL, signed (or with the headers given instead). */
function sendHiBobEvent(url, event, { secret, headers } = {}) {
	const rawBody = JSON.stringify(event);
	return post(url, rawBody, headers ?? hiBobHeaders(rawBody, { secret }));
}

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * @param {{ bambooHrWebhookUrl?: string, hiBobWebhookUrl?: string }} [options] where the control
 *   routes deliver events (the sandbox's n8n)
 */
function createFakeHris({ bambooHrWebhookUrl, hiBobWebhookUrl } = {}) {
	let state = seed();
	const requests = [];
	const json = (res, status, body) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};

	const server = http.createServer((req, res) => {
		let rawBody = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (rawBody += chunk));
		req.on('end', async () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const path = url.pathname;
			let body;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				return json(res, 400, { message: 'not JSON' });
			}
			if (path.startsWith('/__fake/')) {
				try {
					return await control(req, res, path, body ?? {});
				} catch (error) {
					return json(res, 502, { message: error.message });
				}
			}
			requests.push({ method: req.method, path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at: Date.now() });
			const directory = /^\/api\/gateway\.php\/([^/]+)\/v1\/employees\/directory$/.exec(path);
			if (directory && req.method === 'GET') {
				if (req.headers.authorization !== basic(BAMBOOHR.apiKey, 'x')) return json(res, 401, { message: 'Unauthorized' });
				if (directory[1] !== BAMBOOHR.companyDomain) return json(res, 404, { message: 'Company not found' });
				return json(res, 200, {
					fields: ['displayName', 'firstName', 'lastName', 'jobTitle', 'workEmail', 'department'].map((id) => ({ id, type: 'text', name: id })),
					employees: state.directory.map((employee) => ({ ...employee })),
				});
			}
			const report = /^\/api\/gateway\.php\/([^/]+)\/v1\/reports\/custom$/.exec(path);
			if (report && req.method === 'POST') {
				if (req.headers.authorization !== basic(BAMBOOHR.apiKey, 'x')) return json(res, 401, { message: 'Unauthorized' });
				if (report[1] !== BAMBOOHR.companyDomain) return json(res, 404, { message: 'Company not found' });
				const fields = Array.isArray(body?.fields) ? body.fields.map(String) : [];
				return json(res, 200, {
					title: body?.title ?? 'Report',
					fields: fields.map((id) => ({ id, type: 'text', name: id })),
					employees: state.directory.map((employee) => Object.fromEntries(['id', ...fields].map((field) => [field, employee[field] ?? null]))),
				});
			}
			const person = /^\/v1\/people\/([^/]+)$/.exec(path);
			if (person && req.method === 'POST') {
				if (req.headers.authorization !== basic(HIBOB.serviceUserId, HIBOB.token)) return json(res, 401, { message: 'Unauthorized' });
				const found = state.people[decodeURIComponent(person[1])];
				if (!found) return json(res, 404, { message: 'Employee not found' });
				// humanReadable "REPLACE": list fields (the department) come as their names, not their ids.
				return json(res, 200, { id: person[1], email: found.email, fullName: found.fullName, work: { department: found.department } });
			}
			return json(res, 404, { message: `no route ${req.method} ${path}` });
		});
	});

	async function control(req, res, path, body) {
		if (path === '/__fake/requests') return json(res, 200, requests);
		if (path === '/__fake/reset' && req.method === 'POST') {
			reset();
			return json(res, 200, { reset: true });
		}
		if (path === '/__fake/bamboohr/department' && req.method === 'POST') {
			const employee = setDepartment(String(body.id), body.department);
			if (body.send === false || !bambooHrWebhookUrl) return json(res, 200, { employee, delivered: false });
			const answer = await sendBambooHrEvent(bambooHrWebhookUrl, bambooHrEvent(employee));
			return json(res, 200, { employee, delivered: answer });
		}
		if (path === '/__fake/hibob/event' && req.method === 'POST') {
			if (!hiBobWebhookUrl) return json(res, 400, { message: 'no HiBob webhook URL configured' });
			const answer = await sendHiBobEvent(hiBobWebhookUrl, hiBobEvent(body.type, String(body.employeeId)));
			return json(res, 200, { delivered: answer });
		}
		return json(res, 404, { message: `no control route ${req.method} ${path}` });
	}

	function setDepartment(id, department) {
		const employee = state.directory.find((e) => e.id === id);
		if (!employee) throw new Error(`no BambooHR employee ${id}`);
		employee.department = department;
		return { ...employee };
	}

	function reset() {
		state = seed();
		requests.length = 0;
	}

	return {
		requests,
		get state() {
			return state;
		},
		reset,
		setDepartment,
		listen(port = 0) {
			return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
}

module.exports = {
	createFakeHris,
	bambooHrHeaders,
	hiBobHeaders,
	bambooHrEvent,
	hiBobEvent,
	sendBambooHrEvent,
	sendHiBobEvent,
	BAMBOOHR,
	HIBOB,
};
