'use strict';
// Tests, their settings and their test links (docs/imocha-api.md §6.2–6.5, §6.11).
const { isInt64, errors, statusMessage, ok } = require('./util');

const TESTS = [
	[118001, 'Java Developer Assessment', 60],
	[118002, 'Python Data Analyst', 45],
	[118003, 'Customer Support English', 30],
	[118004, 'Java Spring Boot Advanced', 90],
];

const link = (testLinkId, testId, testLinkName, extra = {}) => ({
	testLinkId,
	testId,
	testLinkName,
	testLink: `tl${testLinkId.toString(36)}`,
	testLinkStatus: 'active',
	invitationType: 'email',
	isApiLink: false,
	proctoringSettings: { proctoringMode: 'disabled' },
	stakeholderEmails: '',
	invitationSchedule: {
		scheduleType: 'validityindays',
		scheduleDetails: { startDateTime: null, endDateTime: null, timeZoneId: 1720, invitationValidityInDays: 7 },
	},
	...extra,
});

/** The nested settings object iMocha's Retrieve/Update Test Settings use (§6.4–6.5). */
const defaultSettings = (testName) => ({
	testSettings: { testName, testAliasName: testName, typeOfTest: 0, practiceTest: 0 },
	questionSettings: { randomQuestions: 0, randomAnswers: 0, showQuestionScore: 1 },
	displayMessageSettings: { sectionEndPopup: 1, sectionTimeLeftAlert: 1, candidateFeedback: 0 },
	emailSettings: { sendTestReportEmailToCandidate: 0 },
	imageProctoringSettings: { terminateTestOnImageViolation: 0, terminateTestAfterViolationCount: 3 },
	windowViolationSettings: {
		copyPaste: 0,
		displayViolationSettings: {
			displayViolationPopUp: 1,
			terminateTestOnWindowViolation: 0,
			terminateTestAfterViolationCount: 5,
		},
	},
});

const seed = () => ({
	tests: TESTS.map(([testId, testName, duration]) => ({
		testId,
		testName,
		duration,
		createdOn: '2024-11-04T09:30:00.000',
	})),
	testLinks: [
		link(460001, 118001, 'Default test link', { isApiLink: true }),
		link(460002, 118001, 'Campus Drive 2025', { invitationType: 'open' }),
		link(460003, 118002, 'Default test link', { isApiLink: true }),
		link(460004, 118002, 'Experienced Hires', { proctoringSettings: { proctoringMode: 'image' } }),
		link(460005, 118003, 'Default test link', { isApiLink: true, testLinkStatus: 'inactive' }),
	],
	nextTestLinkId: 460100,
	testSettings: Object.fromEntries(TESTS.map(([testId, testName]) => [testId, defaultSettings(testName)])),
});

const findTest = (state, testId) => state.tests.find((t) => t.testId === testId);

/** Invite creates the test's "Default test link" if it is missing (§6.6). */
function defaultLinkOf(state, testId) {
	let found = state.testLinks.find((l) => l.testId === testId && l.isApiLink);
	if (!found) {
		found = link(state.nextTestLinkId++, testId, 'Default test link', { isApiLink: true });
		state.testLinks.push(found);
	}
	return found;
}

const testNotFound = (testId) => statusMessage(404, `Test not found for test id: ${testId}`);

/** Every field and sub-object Update Test Settings requires, and the type each must have. */
const SETTINGS_SHAPE = defaultSettings('shape');

function checkSettings(shape, value, path, problems) {
	for (const [key, expected] of Object.entries(shape)) {
		const at = path ? `${path}.${key}` : key;
		const actual = value?.[key];
		if (actual === undefined || actual === null) {
			problems.push(`'${at}' is required.`);
		} else if (typeof expected === 'object') {
			if (typeof actual !== 'object' || Array.isArray(actual)) problems.push(`'${at}' must be an object.`);
			else checkSettings(expected, actual, at, problems);
		} else if (typeof expected === 'number' && !isInt64(actual)) {
			problems.push(`'${at}' must be an integer.`);
		} else if (typeof expected === 'string' && (typeof actual !== 'string' || !actual.trim())) {
			problems.push(`'${at}' must be a non-empty string.`);
		}
	}
	return problems;
}

const FLAGS_0_1 = [
	['testSettings', 'typeOfTest'],
	['testSettings', 'practiceTest'],
	['questionSettings', 'randomQuestions'],
	['questionSettings', 'randomAnswers'],
	['questionSettings', 'showQuestionScore'],
	['emailSettings', 'sendTestReportEmailToCandidate'],
	['windowViolationSettings', 'copyPaste'],
];

/** The test id from the path: iMocha binds it as Int64, so anything else is a 400. */
function testIdFrom(state, params) {
	const testId = Number(params[0]);
	if (!Number.isSafeInteger(testId)) return { answer: errors(400, `The value '${params[0]}' is not valid for TestId.`) };
	const test = findTest(state, testId);
	return test ? { test } : { answer: testNotFound(testId) };
}

const routes = [
	{
		method: 'GET',
		path: /^\/v3\/tests$/,
		handle: ({ state }) => ok({ tests: state.tests.map(({ testId, testName }) => ({ testId, testName })) }),
	},
	{
		// [inferred] Retrieve a test: the path follows its siblings; the fields are the fake's guess.
		method: 'GET',
		path: /^\/v3\/tests\/([^/]+)$/,
		handle: ({ state, params }) => {
			const { test, answer } = testIdFrom(state, params);
			return answer ?? ok({ ...test });
		},
	},
	{
		method: 'GET',
		path: /^\/v3\/tests\/([^/]+)\/settings$/,
		handle: ({ state, params }) => {
			const { test, answer } = testIdFrom(state, params);
			return answer ?? ok(JSON.parse(JSON.stringify(state.testSettings[test.testId])));
		},
	},
	{
		// No partial update: every field is required (§6.5); success is 201.
		method: 'POST',
		path: /^\/v3\/tests\/([^/]+)\/settings$/,
		handle: ({ state, params, body }) => {
			const { test, answer } = testIdFrom(state, params);
			if (answer) return answer;
			if (!body || typeof body !== 'object') return errors(400, 'A request body is required.');
			const problems = checkSettings(SETTINGS_SHAPE, body, '', []);
			for (const [group, key] of FLAGS_0_1) {
				const value = body[group]?.[key];
				if (isInt64(value) && value !== 0 && value !== 1) problems.push(`'${group}.${key}' must be 0 or 1.`);
			}
			if (problems.length) return errors(400, ...problems);
			const saved = JSON.parse(JSON.stringify(body));
			// Settings interact (§6.5): allowing copy and paste turns off the window violation popup.
			if (saved.windowViolationSettings.copyPaste === 1) {
				saved.windowViolationSettings.displayViolationSettings.displayViolationPopUp = 0;
			}
			state.testSettings[test.testId] = saved;
			test.testName = saved.testSettings.testName;
			return ok({ testId: test.testId, message: 'Test settings updated successfully.' }, 201);
		},
	},
	{
		method: 'GET',
		path: /^\/v3\/tests\/([^/]+)\/testlinks$/,
		handle: ({ state, params }) => {
			const { test, answer } = testIdFrom(state, params);
			if (answer) return answer;
			return ok({ testLinks: state.testLinks.filter((l) => l.testId === test.testId).map((l) => JSON.parse(JSON.stringify(l))) });
		},
	},
	{
		// One link (iMocha's older v3 docs: "Retrieve test link"), the object the list holds.
		method: 'GET',
		path: /^\/v3\/tests\/([^/]+)\/testlinks\/([^/]+)$/,
		handle: ({ state, params }) => {
			const { test, answer } = testIdFrom(state, params);
			if (answer) return answer;
			if (!/^\d+$/.test(params[1]) || !isInt64(Number(params[1]))) return errors(400, `The value '${params[1]}' is not valid for testLinkId.`);
			const found = state.testLinks.find((l) => l.testId === test.testId && l.testLinkId === Number(params[1]));
			return found ? ok(JSON.parse(JSON.stringify(found))) : { status: 404, body: { statusCode: 404, message: 'Test link not found' } };
		},
	},
];

module.exports = { seed, routes, findTest, defaultLinkOf, testIdFrom };
