'use strict';
// Callback notifications (docs/imocha-api.md §7) and Process Callbacks, the replay endpoint (§6.16).
// iMocha POSTs a PascalCase JSON body to the invitation's callbackUrl when the test goes In
// Progress and when it finishes; a failed delivery is retried up to 5 times, then dropped.
// Every delivery is logged in state.callbackDeliveries.
const http = require('node:http');
const https = require('node:https');
const { isInt64, resultErrors, ok, field } = require('./util');
const { findReport } = require('./reports');

const MAX_IDS = 100;
const RETRIES = 5;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const seed = () => ({ callbackDeliveries: [] });

/** "09-Oct-2020 06:51 PM", the display date of AttemptedOn (the fake uses UTC). */
function displayDate(date) {
	const two = (n) => String(n).padStart(2, '0');
	const hours = date.getUTCHours();
	return `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${two(hours % 12 || 12)}:${two(date.getUTCMinutes())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** The body iMocha posts for an invitation in its current state. */
function callbackPayload(state, invitation) {
	const finished = ['Complete', 'Test Left', 'Terminated'].includes(invitation.status);
	const report = finished ? findReport(state, invitation.testInvitationId) : undefined;
	const attemptedOn = new Date(invitation.attemptedOn ?? Date.now());
	return {
		CandidateEmailId: invitation.email,
		AttemptedOn: displayDate(attemptedOn),
		TotalScore: report?.totalTestPoints ?? 0,
		CandidateScore: report?.candidatePoints ?? 0,
		ReportPDFUrl: report?.pdfReportUrl ?? null,
		TestInvitationId: invitation.testInvitationId,
		Status: invitation.status,
		AttemptedOnUtc: attemptedOn.toISOString().slice(0, 19),
		PerformanceCategory: report?.performanceCategory ?? null,
	};
}

function postJson(url, payload) {
	return new Promise((resolve) => {
		const data = JSON.stringify(payload);
		let target;
		try {
			target = new URL(url);
		} catch {
			resolve({ error: 'invalid URL' });
			return;
		}
		const client = target.protocol === 'https:' ? https : http;
		const req = client.request(
			target,
			{ method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: 5000 },
			(res) => {
				res.resume();
				res.on('end', () => resolve({ statusCode: res.statusCode }));
			},
		);
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', (error) => resolve({ error: error.code ?? error.message }));
		req.end(data);
	});
}

/**
 * POSTs the invitation's current callback to its callbackUrl, retrying a failed delivery up to
 * 5 times (6 attempts) with `retryDelayMs` between attempts. Resolves to the delivery record.
 */
async function deliverCallback(state, invitation, { retryDelayMs = 50 } = {}) {
	const payload = callbackPayload(state, invitation);
	const record = { testInvitationId: invitation.testInvitationId, url: invitation.callbackUrl, payload, attempts: [], delivered: false };
	state.callbackDeliveries.push(record);
	for (let attempt = 0; attempt <= RETRIES && !record.delivered; attempt++) {
		if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
		const result = await postJson(invitation.callbackUrl, payload);
		record.attempts.push({ at: new Date().toISOString(), ...result });
		record.delivered = result.statusCode >= 200 && result.statusCode < 300;
	}
	return record;
}

const routes = [
	{
		method: 'POST',
		path: /^\/v3\/callbacks\/process$/,
		handle: ({ state, body }) => {
			const ids = field(body, 'testinvitationIds');
			if (!Array.isArray(ids) || ids.length === 0) return resultErrors(400, 'testinvitationIds is required.');
			if (ids.length > MAX_IDS) return resultErrors(400, `At most ${MAX_IDS} testinvitationIds are allowed per request.`);
			if (!ids.every(isInt64)) return resultErrors(400, 'testinvitationIds must be an array of integers.');
			const known = ids.filter((id) => state.invitations.some((i) => i.testInvitationId === id));
			const unknown = ids.filter((id) => !known.includes(id));
			// Documented as a 401 with the {result: null, errors} body (docs/imocha-api.md §6.16), though the key is fine.
			if (known.length === 0) {
				return resultErrors(401, 'testinvitationIds does not belong to account or not found', ...unknown.map(String));
			}
			// Queued: the callbacks go out shortly after the answer.
			for (const id of known) {
				const invitation = state.invitations.find((i) => i.testInvitationId === id);
				if (invitation.callbackUrl && invitation.status !== 'Pending') {
					setTimeout(() => deliverCallback(state, invitation), 0);
				}
			}
			return ok({ result: { testinvitationIds: { successful: known, failed: unknown } }, errors: null });
		},
	},
];

module.exports = { seed, routes, deliverCallback, callbackPayload };
