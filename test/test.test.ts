import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runNode } from './harness';
import { byId, fromList, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });

describe('Test → Get Many', () => {
	test('GET /v3/tests: one item per test', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'test', operation: 'getAll', returnAll: true },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path, request.query]).toEqual(['GET', '/v3/tests', {}]);
		expect(output.map((item) => item.json)).toEqual([
			{ testId: 118001, testName: 'Java Developer Assessment' },
			{ testId: 118002, testName: 'Python Data Analyst' },
			{ testId: 118003, testName: 'Customer Support English' },
			{ testId: 118004, testName: 'Java Spring Boot Advanced' },
		]);
	});

	test('Limit cuts the list', async () => {
		const { output } = await runNode({
			parameters: { resource: 'test', operation: 'getAll', returnAll: false, limit: 2 },
			credentials: imocha.credentials(),
		});
		expect(output.map((item) => item.json.testId)).toEqual([118001, 118002]);
	});
});

describe('Test → Get', () => {
	test.each([
		['from the list', fromList('118002', 'Python Data Analyst')],
		['by ID', byId('118002')],
		['by an app URL with the id in the path', byUrl('https://app.imocha.io/tests/118002/settings')],
		['by an app URL with testId= in the query', byUrl('https://app.imocha.io/Test/Details?TestId=118002')],
	])('GET /v3/tests/{testId} with the test picked %s', async (_how, testId) => {
		const { output, error } = await runNode({
			parameters: { resource: 'test', operation: 'get', testId },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v3/tests/118002']]);
		expect(output).toEqual([{ json: expect.objectContaining({ testId: 118002, testName: 'Python Data Analyst' }), pairedItem: { item: 0 } }]);
	});

	test('a URL without a test ID is refused before any request: by n8n when typed, by the node when mapped', async () => {
		const typed = await runNode({
			parameters: { resource: 'test', operation: 'get', testId: byUrl('https://app.imocha.io/PDFReport?id=5') },
			credentials: imocha.credentials(),
		});
		expect(typed.error?.message).toMatch(/Paste an iMocha app URL that contains the test ID/);
		const mapped = await runNode({
			parameters: { resource: 'test', operation: 'get', testId: byUrl('={{ $json.link }}') },
			items: [{ link: 'https://app.imocha.io/PDFReport?id=5' }],
			credentials: imocha.credentials(),
		});
		expect(mapped.error?.message).toBe(
			'Test URL "https://app.imocha.io/PDFReport?id=5" does not contain a numeric test ID [item 0]',
		);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test("an unknown test gives iMocha's 404 text", async () => {
		const { error } = await runNode({
			parameters: { resource: 'test', operation: 'get', testId: byId('999') },
			credentials: imocha.credentials(),
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Test not found for test id: 999 [item 0]');
	});
});

describe('Test → Get Settings', () => {
	test("GET /v3/tests/{testId}/settings returns iMocha's nested object", async () => {
		const { output } = await runNode({
			parameters: { resource: 'test', operation: 'getSettings', testId: byId('118001') },
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v3/tests/118001/settings']]);
		expect(output[0].json).toMatchObject({
			testSettings: { testName: 'Java Developer Assessment', typeOfTest: 0 },
			windowViolationSettings: { copyPaste: 0, displayViolationSettings: { terminateTestAfterViolationCount: 5 } },
		});
	});
});

describe('Test → Update Settings', () => {
	test('two items on the same test take turns: both changes are saved, each output is the settings after its own change', async () => {
		const { output, error } = await runNode({
			parameters: {
				resource: 'test',
				operation: 'updateSettings',
				testId: byId('={{ $json.test }}'),
				// A mapped value that comes out empty leaves that setting as it is.
				updateFields: { randomQuestions: '={{ $json.questions }}', randomAnswers: '={{ $json.answers }}' },
			},
			items: [
				{ test: 118001, questions: true },
				{ test: 118001, answers: true },
			],
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'POST', 'GET']);
		expect(imocha.fake.state.testSettings[118001].questionSettings).toMatchObject({ randomQuestions: 1, randomAnswers: 1 });
		expect(output.map((item) => item.json.questionSettings)).toEqual([
			expect.objectContaining({ randomQuestions: 1, randomAnswers: 0 }),
			expect.objectContaining({ randomQuestions: 1, randomAnswers: 1 }),
		]);
	});

	test('reads the settings, changes only the fields set, and posts the whole object back', async () => {
		const before = JSON.parse(JSON.stringify(imocha.fake.state.testSettings[118001]));
		const { output, error } = await runNode({
			parameters: {
				resource: 'test',
				operation: 'updateSettings',
				testId: byId('118001'),
				updateFields: { randomQuestions: true, showQuestionScore: false, windowViolationCount: 2, testAliasName: 'Backend Test', typeOfTest: 'onePerPage' },
			},
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v3/tests/118001/settings'],
			['POST', '/v3/tests/118001/settings'],
			['GET', '/v3/tests/118001/settings'],
		]);
		const expected = JSON.parse(JSON.stringify(before));
		expected.questionSettings.randomQuestions = 1;
		expected.questionSettings.showQuestionScore = 0;
		expected.windowViolationSettings.displayViolationSettings.terminateTestAfterViolationCount = 2;
		expected.testSettings.testAliasName = 'Backend Test';
		expected.testSettings.typeOfTest = 1;
		// The whole object, flags as 0/1 numbers, every untouched setting as it was.
		expect(imocha.fake.requests[1].body).toStrictEqual(expected);
		expect(imocha.fake.state.testSettings[118001]).toStrictEqual(expected);
		expect(imocha.fake.state.testSettings[118001].displayMessageSettings).toStrictEqual(before.displayMessageSettings);
		expect(output).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
	});

	test("returns the settings as iMocha saved them (read back after the POST), not as posted", async () => {
		// iMocha's settings interact (docs/imocha-api.md §6.5): allowing copy and paste turns off the
		// window violation popup, so what iMocha saves differs from what was posted.
		const { output, error } = await runNode({
			parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118001'), updateFields: { copyPaste: true } },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v3/tests/118001/settings'],
			['POST', '/v3/tests/118001/settings'],
			['GET', '/v3/tests/118001/settings'],
		]);
		const posted = imocha.fake.requests[1].body.windowViolationSettings;
		expect([posted.copyPaste, posted.displayViolationSettings.displayViolationPopUp]).toEqual([1, 1]);
		const saved = imocha.fake.state.testSettings[118001];
		expect(saved.windowViolationSettings.displayViolationSettings.displayViolationPopUp).toBe(0);
		expect(output).toEqual([{ json: saved, pairedItem: { item: 0 } }]);
	});

	test('a user who changes one setting never resets the others, run after run', async () => {
		const run = (updateFields: Record<string, boolean>) =>
			runNode({
				parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118002'), updateFields },
				credentials: imocha.credentials(),
			});
		await run({ copyPaste: true });
		await run({ sendTestReportEmailToCandidate: true });
		const settings = imocha.fake.state.testSettings[118002];
		expect(settings.windowViolationSettings.copyPaste).toBe(1);
		expect(settings.emailSettings.sendTestReportEmailToCandidate).toBe(1);
		expect(settings.questionSettings).toStrictEqual({ randomQuestions: 0, randomAnswers: 0, showQuestionScore: 1 });
	});

	test('settings that all come out empty are refused naming them and the item, not as "Update Fields is empty"', async () => {
		const run = (updateFields: INodeParameters, items?: IDataObject[]) =>
			runNode({
				parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118001'), updateFields },
				items,
				credentials: imocha.credentials(),
				continueOnFail: true,
			});
		const typed = await run({ testName: '' });
		expect(typed.output[0].json).toEqual({ error: 'Test Name is empty [item 0]' });
		expect(typed.output[0].pairedItem).toEqual({ item: 0 });
		const mapped = await run({ testName: '={{ $json.name }}', testAliasName: '={{ $json.alias }}' }, [
			{ name: 'Renamed', alias: '' },
			{ name: '', alias: '   ' },
		]);
		expect(mapped.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(mapped.output[1].json).toEqual({ error: 'Test Alias Name and Test Name are empty [item 1]' });
		expect(imocha.fake.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
		expect(imocha.fake.state.testSettings[118001].testSettings.testName).toBe('Renamed');
	});

	test('a Test Name of only spaces, next to another setting, is left unchanged like an empty one', async () => {
		const before = imocha.fake.state.testSettings[118001].testSettings.testName;
		const { error } = await runNode({
			parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118001'), updateFields: { testName: '  ', copyPaste: true } },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.state.testSettings[118001].testSettings.testName).toBe(before);
		expect(imocha.fake.state.testSettings[118001].windowViolationSettings.copyPaste).toBe(1);
	});

	test('no setting chosen, or a bad value, is refused before any request', async () => {
		const empty = await runNode({
			parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118001'), updateFields: {} },
			credentials: imocha.credentials(),
		});
		expect(empty.error?.message).toBe('Update Fields is empty [item 0]');
		const bad = await runNode({
			parameters: {
				resource: 'test',
				operation: 'updateSettings',
				testId: byId('118001'),
				updateFields: { typeOfTest: '={{ "twoPerPage" }}' },
			},
			credentials: imocha.credentials(),
		});
		expect(bad.error?.message).toBe('Question Layout "twoPerPage" is not one of manyPerPage, onePerPage [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});
});

describe('Test Link → Get Many', () => {
	test('GET /v3/tests/{testId}/testlinks: one item per link', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'testLink', operation: 'getAll', testId: fromList('118001', 'Java Developer Assessment'), returnAll: true },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v3/tests/118001/testlinks']]);
		expect(output.map((item) => [item.json.testLinkId, item.json.testLinkName])).toEqual([
			[460001, 'Default test link'],
			[460002, 'Campus Drive 2025'],
		]);
		expect(output[0].json).toMatchObject({ testId: 118001, testLinkStatus: 'active', proctoringSettings: { proctoringMode: 'disabled' } });
	});

	test('Limit 1 gives the first link', async () => {
		const { output } = await runNode({
			parameters: { resource: 'testLink', operation: 'getAll', testId: byId('118002'), limit: 1 },
			credentials: imocha.credentials(),
		});
		expect(output.map((item) => item.json.testLinkId)).toEqual([460003]);
	});
});

describe('Test Link → Get', () => {
	test('GET /v3/tests/{testId}/testlinks/{testLinkId}: the link as one item', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'testLink', operation: 'get', testId: byId('118001'), testLinkId: fromList('460002', 'Campus Drive 2025') },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual([
			['GET', '/v3/tests/118001/testlinks/460002', 'test-key'],
		]);
		expect(output).toEqual([
			{ json: expect.objectContaining({ testLinkId: 460002, testId: 118001, testLinkName: 'Campus Drive 2025', invitationType: 'open' }), pairedItem: { item: 0 } },
		]);
	});

	test("a link of another test is iMocha's 404; a non-numeric link is refused before any request", async () => {
		const other = await runNode({
			parameters: { resource: 'testLink', operation: 'get', testId: byId('118002'), testLinkId: byId('460002') },
			credentials: imocha.credentials(),
		});
		expect(other.error?.message).toBe('Test link not found [item 0]');
		imocha.fake.requests.length = 0;
		const bad = await runNode({
			parameters: { resource: 'testLink', operation: 'get', testId: byId('118001'), testLinkId: byId('={{ "campus" }}') },
			credentials: imocha.credentials(),
		});
		expect(bad.error?.message).toBe('Test Link "campus" is not a positive whole number [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});
});
