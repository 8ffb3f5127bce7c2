'use strict';
// Invitations (docs/imocha-api.md §6.6, 6.7, 6.9, 6.10, 6.15): invite (default link or a chosen link),
// reattempt, cancel and Retrieve Invites, with iMocha's state rules. A candidate taking the test
// happens fake-side: fake.startInvitation / fake.completeInvitation (or POST
// /__fake/invitations/{id}/start|complete), which create the report and, with { notify: true },
// send iMocha's callbacks to the invitation's callbackUrl.
const { EMAIL, isInt64, errors, resultErrors, statusMessage, ok, field } = require('./util');
const { defaultLinkOf, testIdFrom } = require('./tests');
const { findReport } = require('./reports');
const { deliverCallback } = require('./callbacks');

const FINISHED = ['Complete', 'Test Left', 'Terminated'];
const STATE_GROUPS = {
	completed: FINISHED,
	cancelled: ['Cancelled'],
	expired: ['Expired'],
};
const PROCTORING_MODES = ['disabled', 'image', 'video'];
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const HOUR = 3600000;

const testUrlOf = (testInvitationId) => `https://tests.imocha.io/invite/${testInvitationId.toString(36)}`;

function invitation(testInvitationId, testId, testLinkId, name, email, status, hoursAgo) {
	const at = new Date(Date.now() - hoursAgo * HOUR).toISOString();
	return {
		testInvitationId,
		testId,
		testLinkId,
		name,
		email,
		status,
		testUrl: testUrlOf(testInvitationId),
		invitationType: 'api',
		callbackUrl: null,
		redirectUrl: null,
		sendEmail: 'no',
		hideInstruction: 0,
		stakeholderEmails: null,
		startDateTime: null,
		endDateTime: null,
		timeZoneId: null,
		proctoringMode: null,
		reattemptOf: null,
		invitedOn: at,
		attemptedOn: FINISHED.includes(status) || status === 'In Progress' ? at : null,
		stateChangedOn: at,
	};
}

const SEEDED = [
	[2932950, 118001, 460001, 'Asha Candidate', 'asha@example.com', 'Pending', 30],
	[2932951, 118001, 460001, 'Ben Candidate', 'ben@example.com', 'Complete', 26],
	[2932952, 118002, 460003, 'Chen Candidate', 'chen@example.com', 'In Progress', 2],
	[2932953, 118002, 460003, 'Dana Candidate', 'dana@example.com', 'Cancelled', 20],
	[2932954, 118003, 460005, 'Eli Candidate', 'eli@example.com', 'Expired', 40],
	[2932955, 118003, 460005, 'Fay Candidate', 'fay@example.com', 'Test Left', 10],
	[2932956, 118001, 460002, 'Gus Candidate', 'gus@example.com', 'Complete', 5],
];

const seed = () => ({ invitations: SEEDED.map((row) => invitation(...row)), nextInvitationId: 2933000 });

const findInvitation = (state, id) => state.invitations.find((i) => i.testInvitationId === id);

/** Checks the optional access fields shared by invite and reattempt; returns the values or a 400. */
function accessFields(body) {
	const values = {
		callbackUrl: field(body, 'callbackUrl'),
		redirectUrl: field(body, 'redirectUrl'),
		hideInstruction: field(body, 'hideInstruction'),
		sendEmail: field(body, 'sendEmail'),
		startDateTime: field(body, 'startDateTime'),
		endDateTime: field(body, 'endDateTime'),
		timeZoneId: field(body, 'timeZoneId'),
	};
	const problems = [];
	for (const key of ['callbackUrl', 'redirectUrl']) {
		const value = values[key];
		if (value !== undefined && (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value))) problems.push(`'${key}' must be an absolute URL.`);
	}
	if (values.hideInstruction !== undefined && values.hideInstruction !== 0 && values.hideInstruction !== 1) {
		problems.push("'hideInstruction' must be 0 or 1.");
	}
	if (values.sendEmail !== undefined && values.sendEmail !== 'yes' && values.sendEmail !== 'no') {
		problems.push("'sendEmail' must be \"yes\" or \"no\".");
	}
	for (const key of ['startDateTime', 'endDateTime']) {
		const value = values[key];
		if (value !== undefined && (typeof value !== 'string' || !UTC_ISO.test(value))) {
			problems.push(`'${key}' must be a UTC date and time in ISO 8601, e.g. 2020-06-11T16:00:00Z.`);
		}
	}
	if (!problems.length && values.startDateTime && values.endDateTime && Date.parse(values.startDateTime) >= Date.parse(values.endDateTime)) {
		problems.push("'startDateTime' must be before 'endDateTime'.");
	}
	if (values.timeZoneId !== undefined && !isInt64(values.timeZoneId)) problems.push("'timeZoneId' must be an integer.");
	return problems.length ? { answer: errors(400, ...problems) } : { values };
}

/** Applies access time and time zone to an invitation that goes (back) to Pending. */
function applyAccess(invitation, values) {
	for (const key of ['startDateTime', 'endDateTime', 'timeZoneId']) {
		if (values[key] !== undefined) invitation[key] = values[key];
	}
}

function invite(state, test, testLink, body) {
	const email = field(body, 'email');
	const name = field(body, 'name');
	const problems = [];
	if (typeof email !== 'string' || !email.trim()) problems.push("'Email' must not be empty.");
	else if (!EMAIL.test(email)) problems.push("'Email' is not a valid email address.");
	if (typeof name !== 'string' || !name.trim()) problems.push("'Name' must not be empty.");
	const stakeholderEmails = field(body, 'stakeholderEmails');
	if (stakeholderEmails !== undefined && typeof stakeholderEmails !== 'string') problems.push("'stakeholderEmails' must be a string.");
	const proctoringMode = field(body, 'ProctoringMode');
	if (proctoringMode !== undefined && !PROCTORING_MODES.includes(proctoringMode)) {
		problems.push("'ProctoringMode' must be disabled, image or video.");
	}
	if (problems.length) return errors(400, ...problems);
	const { values, answer } = accessFields(body);
	if (answer) return answer;

	// Idempotent per email (and per link): the same invitation comes back (§6.6).
	const existing = state.invitations.find(
		(i) => i.testLinkId === testLink.testLinkId && !i.reattemptOf && i.email.toLowerCase() === email.toLowerCase(),
	);
	if (existing) {
		if (['Pending', 'Cancelled', 'Expired'].includes(existing.status)) {
			applyAccess(existing, values);
			existing.status = 'Pending';
			existing.stateChangedOn = new Date().toISOString();
		}
		if (stakeholderEmails !== undefined) existing.stakeholderEmails = stakeholderEmails;
		return ok({ testInvitationId: existing.testInvitationId, testUrl: existing.testUrl, status: existing.status }, 201);
	}
	const created = invitation(state.nextInvitationId++, test.testId, testLink.testLinkId, name, email, 'Pending', 0);
	Object.assign(created, {
		callbackUrl: values.callbackUrl ?? null,
		redirectUrl: values.redirectUrl ?? null,
		sendEmail: values.sendEmail ?? 'no',
		hideInstruction: values.hideInstruction ?? 0,
		stakeholderEmails: stakeholderEmails ?? null,
		proctoringMode: proctoringMode ?? null,
	});
	applyAccess(created, values);
	state.invitations.push(created);
	return ok({ testInvitationId: created.testInvitationId, testUrl: created.testUrl, status: created.status }, 201);
}

function invitationFrom(state, params) {
	const id = /^\d+$/.test(params[0]) ? Number(params[0]) : NaN;
	if (!Number.isSafeInteger(id)) return { answer: errors(400, `The value '${params[0]}' is not valid for testInvitationId.`) };
	const found = findInvitation(state, id);
	return found ? { invitation: found } : { answer: statusMessage(404, `Test invitation id: ${id} not found.`) };
}

const reattemptAnswer = (inv) => ({
	testInvitationId: inv.testInvitationId,
	testUrl: inv.testUrl,
	callbackUrlRegistered: Boolean(inv.callbackUrl),
	redirectUrlRegistered: Boolean(inv.redirectUrl),
});

const routes = [
	{
		method: 'POST',
		path: /^\/v3\/tests\/([^/]+)\/invite$/,
		handle: ({ state, params, body }) => {
			const { test, answer } = testIdFrom(state, params);
			return answer ?? invite(state, test, defaultLinkOf(state, test.testId), body);
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/tests\/([^/]+)\/testlinks\/([^/]+)\/invite$/,
		handle: ({ state, params, body }) => {
			const { test, answer } = testIdFrom(state, params);
			if (answer) return answer;
			const linkId = /^\d+$/.test(params[1]) ? Number(params[1]) : NaN;
			const testLink = state.testLinks.find((l) => l.testLinkId === linkId && l.testId === test.testId);
			if (!testLink) return errors(400, `Test link id: ${params[1]} does not belong to test id: ${test.testId}.`);
			if (testLink.testLinkStatus !== 'active') return errors(400, `Test link id: ${linkId} is inactive.`);
			return invite(state, test, testLink, body);
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/invitations\/([^/]+)\/reattempt$/,
		handle: ({ state, params, body }) => {
			const { invitation: original, answer } = invitationFrom(state, params);
			if (answer) return answer;
			const checked = accessFields(body);
			if (checked.answer) return checked.answer;
			const { values } = checked;
			if (original.status === 'In Progress') {
				return errors(400, `Reattempt is not allowed on Test invitation id: ${original.testInvitationId} which is in inprogress state.`);
			}
			if (!FINISHED.includes(original.status)) {
				applyAccess(original, values);
				original.status = 'Pending';
				original.stateChangedOn = new Date().toISOString();
				return ok(reattemptAnswer(original));
			}
			const active = state.invitations.find((i) => i.reattemptOf === original.testInvitationId && !FINISHED.includes(i.status));
			if (active) return ok(reattemptAnswer(active));
			const created = {
				...original,
				...invitation(state.nextInvitationId++, original.testId, original.testLinkId, original.name, original.email, 'Pending', 0),
				callbackUrl: values.callbackUrl ?? original.callbackUrl,
				redirectUrl: values.redirectUrl ?? original.redirectUrl,
				hideInstruction: values.hideInstruction ?? original.hideInstruction,
				sendEmail: values.sendEmail ?? 'no',
				proctoringMode: original.proctoringMode,
				stakeholderEmails: original.stakeholderEmails,
				reattemptOf: original.testInvitationId,
			};
			applyAccess(created, values);
			state.invitations.push(created);
			return ok(reattemptAnswer(created));
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/invitations\/([^/]+)\/cancel$/,
		handle: ({ state, params }) => {
			const { invitation: found, answer } = invitationFrom(state, params);
			if (answer) return answer;
			if (found.status !== 'Pending') {
				return statusMessage(400, 'Testinvitation state in inprogress, complete, and expired can not be cancelled.');
			}
			found.status = 'Cancelled';
			found.stateChangedOn = new Date().toISOString();
			return ok({ testInvitationId: found.testInvitationId, status: 'cancelled' });
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/candidates\/testattempts$/,
		handle: ({ state, body, query }) => {
			const group = STATE_GROUPS[String(query.state ?? '').toLowerCase()];
			if (!group) return resultErrors(400, 'state must be one of completed, cancelled, expired.');
			const from = Date.parse(field(body, 'StartDateTime'));
			const to = Date.parse(field(body, 'EndDateTime'));
			// Documented as a 401 with the { result, errors } shape.
			if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
				return resultErrors(401, 'Date & time is not valid. Send StartDateTime and EndDateTime in UTC (yyyy-MM-ddTHH:mm:ssZ).');
			}
			const testAttempts = state.invitations
				.filter((i) => group.includes(i.status))
				.filter((i) => Date.parse(i.stateChangedOn) >= from && Date.parse(i.stateChangedOn) <= to)
				.map((i) => ({
					testInvitationId: i.testInvitationId,
					testId: i.testId,
					name: i.name,
					email: i.email,
					invitationtype: i.invitationType,
					testStatus: i.status,
				}));
			return ok({ result: { testAttempts }, errors: null });
		},
	},
];

/** Fake-side: the candidate opens the test (Pending → In Progress). */
async function startInvitation(fake, id, { notify = false, retryDelayMs } = {}) {
	const state = fake.state;
	const found = findInvitation(state, Number(id));
	if (!found) throw new Error(`No invitation ${id}`);
	if (found.status !== 'Pending') throw new Error(`Invitation ${id} is ${found.status}, not Pending`);
	found.status = 'In Progress';
	found.attemptedOn = found.stateChangedOn = new Date().toISOString();
	const deliveries = notify && found.callbackUrl ? [await deliverCallback(state, found, { retryDelayMs })] : [];
	return { invitation: found, deliveries };
}

/** Fake-side: the candidate finishes (→ Complete, Test Left or Terminated); the report is created. */
async function completeInvitation(fake, id, { notify = false, status = 'Complete', retryDelayMs } = {}) {
	const state = fake.state;
	if (!FINISHED.includes(status)) throw new Error(`status must be one of ${FINISHED.join(', ')}`);
	const found = findInvitation(state, Number(id));
	if (!found) throw new Error(`No invitation ${id}`);
	const deliveries = [];
	if (found.status === 'Pending') deliveries.push(...(await startInvitation(fake, id, { notify, retryDelayMs })).deliveries);
	if (found.status !== 'In Progress') throw new Error(`Invitation ${id} is ${found.status}, it cannot finish`);
	found.status = status;
	found.stateChangedOn = new Date().toISOString();
	const report = findReport(state, found.testInvitationId);
	if (notify && found.callbackUrl) deliveries.push(await deliverCallback(state, found, { retryDelayMs }));
	return { invitation: found, report, deliveries };
}

/** Control endpoints (no key): POST /__fake/invitations/{id}/start|complete, body { notify, status, retryDelayMs }. */
const controls = [
	{
		method: 'POST',
		path: /^\/__fake\/invitations\/(\d+)\/(start|complete)$/,
		handle: async ({ fake, params, body }) => {
			try {
				const run = params[1] === 'start' ? startInvitation : completeInvitation;
				return ok(await run(fake, params[0], body ?? {}));
			} catch (error) {
				return statusMessage(400, error.message);
			}
		},
	},
];

const methods = (fake) => ({
	startInvitation: (id, options) => startInvitation(fake, id, options),
	completeInvitation: (id, options) => completeInvitation(fake, id, options),
});

module.exports = { seed, routes, controls, methods };
