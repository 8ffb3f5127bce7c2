import { runNode } from './harness';
import { useFakeImocha } from './helpers';

const assessment = useFakeImocha();
const intelligence = useFakeImocha();
const credentials = () => ({ ...assessment.credentials(), skillsIntelligenceBaseUrl: intelligence.url });
const getAll = (overrides: Record<string, unknown> = {}) => ({ resource: 'taxonomy', operation: 'getAll', ...overrides });
const pagesAsked = () => intelligence.fake.requests.map((r) => [r.query.PageNumber, r.query.PageSize]);
const ids = (count: number, first = 1) => Array.from({ length: count }, (_, i) => first + i);

afterEach(() => expect(assessment.fake.requests).toEqual([]));

describe('Taxonomy → Get Many', () => {
	test('Return All walks GET /taxonomy with PageNumber/PageSize over 3 pages: every skill once, in order', async () => {
		const { output, error } = await runNode({ parameters: getAll({ returnAll: true, simplify: false }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(intelligence.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual(
			Array(3).fill(['GET', '/taxonomy', 'test-key']),
		);
		expect(pagesAsked()).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		expect(output.map((item) => item.json.taxonomySkillId)).toEqual(ids(250));
		expect(output[0].json).toMatchObject({
			externalId: 'TX-1',
			domain: { id: 2, name: 'Business' },
			skill: { id: 1, name: 'JavaScript 1' },
			skillClassification: { classificationName: 'Tool' },
		});
	});

	test.each([
		['mid-page', 120, [['1', '100'], ['2', '100']]],
		['on a page boundary', 200, [['1', '100'], ['2', '100']]],
		['below one page', 30, [['1', '30']]],
	])('Limit %s: exactly Limit skills, no gap or repeat, pages never over 100', async (_label, limit, pages) => {
		const { output } = await runNode({ parameters: getAll({ limit }), credentials: credentials() });
		expect(pagesAsked()).toEqual(pages);
		expect(output.map((item) => item.json.taxonomySkillId)).toEqual(ids(limit));
	});

	test('Simplify (on by default) gives each skill in at most 10 flat fields: names, not nested objects', async () => {
		const { output, error } = await runNode({ parameters: getAll({ limit: 2 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output[0]).toEqual({
			json: {
				taxonomySkillId: 1,
				externalId: 'TX-1',
				displayName: 'JavaScript 1',
				description: 'Taxonomy skill 1',
				domain: 'Business',
				subdomain: 'Subdomain 11',
				skillCluster: 'Cluster 101',
				classification: 'Tool',
				isCritical: false,
			},
			pairedItem: { item: 0 },
		});
		for (const { json } of output) {
			expect(Object.keys(json).length).toBeLessThanOrEqual(10);
			for (const value of Object.values(json)) expect(typeof value === 'object' && value !== null).toBe(false);
		}
		// Simplify off: iMocha's record as it is.
		const raw = await runNode({ parameters: getAll({ limit: 1, simplify: false }), credentials: credentials() });
		expect(raw.output[0].json).toMatchObject({ domain: { id: 2, name: 'Business' }, skill: { id: 1, name: 'JavaScript 1' }, skillRubrics: null });
	});

	test('the default Limit is 50', async () => {
		const { output } = await runNode({ parameters: getAll(), credentials: credentials() });
		expect(pagesAsked()).toEqual([['1', '50']]);
		expect(output).toHaveLength(50);
	});

	test('Modified Since goes as LastModifiedOn in UTC, Search as SearchText', async () => {
		const { output } = await runNode({
			parameters: getAll({ returnAll: true, filters: { modifiedSince: '2025-05-30T00:00:00Z', search: 'python' } }),
			credentials: credentials(),
		});
		expect(intelligence.fake.requests[0].query).toEqual({
			LastModifiedOn: '2025-05-30T00:00:00Z',
			SearchText: 'python',
			PageNumber: '1',
			PageSize: '100',
		});
		// Skill i changed i hours before 2025-06-01T00:00Z (1..48 qualify); every 8th one is a Python skill.
		expect(output.map((item) => item.json.displayName)).toEqual(['Python 3', 'Python 11', 'Python 19', 'Python 27', 'Python 35', 'Python 43']);
	});

	test('a date picked without an offset is read in the workflow time zone', async () => {
		await runNode({
			parameters: getAll({ filters: { modifiedSince: '={{ "2025-05-30" }}' } }),
			credentials: credentials(),
		});
		expect(intelligence.fake.requests[0].query.LastModifiedOn).toMatch(/^2025-05-(29|30)T\d{2}:00:00Z$/);
	});

	test('an answer without "items" is a clear error', async () => {
		intelligence.fake.fail({ path: '/taxonomy', status: 200, body: { skills: [] } });
		const { error } = await runNode({ parameters: getAll(), credentials: credentials() });
		expect(error?.message).toBe('iMocha\'s answer has no "items" list [item 0]');
	});

	test('the fake refuses a page size over 100, as iMocha does', async () => {
		const response = await fetch(`${intelligence.url}/taxonomy?PageSize=101`, { headers: { 'x-api-key': 'test-key' } });
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ errors: ['PageSize must be between 1 and 100'] });
		intelligence.fake.reset();
	});
});
