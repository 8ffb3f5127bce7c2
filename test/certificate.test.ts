import { runNode } from './harness';
import { useFakeImocha } from './helpers';

const assessment = useFakeImocha();
const intelligence = useFakeImocha();
const credentials = () => ({ ...assessment.credentials(), skillsIntelligenceBaseUrl: intelligence.url });
const requests = () => intelligence.fake.requests;
const getAll = (overrides: Record<string, unknown> = {}) => ({ resource: 'certificate', operation: 'getAll', ...overrides });
const create = (overrides: Record<string, unknown> = {}) => ({
	resource: 'certificate',
	operation: 'create',
	certificateTitle: 'Data Engineering Foundations',
	certificateIssuer: 'Example Academy',
	taxonomySkillIds: '12, 48',
	...overrides,
});
const ids = (count: number, first = 5001) => Array.from({ length: count }, (_, i) => first + i);

afterEach(() => expect(assessment.fake.requests).toEqual([]));

describe('Certificate → Get Many', () => {
	test('Return All walks GET /certificates with PageNumber/PageSize, IncludeSkills and activeOnly sent explicitly', async () => {
		const { output, error } = await runNode({ parameters: getAll({ returnAll: true, simplify: false }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.headers['x-api-key'], r.query])).toEqual([
			['GET', '/certificates', 'test-key', { IncludeSkills: 'true', activeOnly: 'false', PageNumber: '1', PageSize: '100' }],
			['GET', '/certificates', 'test-key', { IncludeSkills: 'true', activeOnly: 'false', PageNumber: '2', PageSize: '100' }],
		]);
		expect(output.map((item) => item.json.certificateId)).toEqual(ids(130));
		expect(output[0].json).toEqual({
			certificateId: 5001,
			title: 'Certificate 1',
			issuer: 'Cloud Vendor',
			certificateStatus: 1,
			skills: [
				{ taxonomySkillId: 2, skillName: 'SQL 2', description: 'Taxonomy skill 2', explanation: null, proficiency: 3 },
				{ taxonomySkillId: 9, skillName: 'JavaScript 9', description: 'Taxonomy skill 9', explanation: null, proficiency: 3 },
			],
		});
	});

	test.each([
		['mid-page', 120, [['1', '100'], ['2', '100']]],
		['below one page', 30, [['1', '30']]],
	])('Limit %s: exactly Limit certificates, no gap or repeat', async (_label, limit, pages) => {
		const { output } = await runNode({ parameters: getAll({ limit }), credentials: credentials() });
		expect(requests().map((r) => [r.query.PageNumber, r.query.PageSize])).toEqual(pages);
		expect(output.map((item) => item.json.certificateId)).toEqual(ids(limit));
	});

	test('Simplify (on by default) keeps the certificate and each skill id and name; Active Only and Include Skills off go as false/true', async () => {
		const simplified = await runNode({ parameters: getAll({ limit: 2 }), credentials: credentials() });
		expect(simplified.output[1].json).toEqual({
			certificateId: 5002,
			title: 'Certificate 2',
			issuer: 'Data Institute',
			certificateStatus: 1,
			skills: [
				{ taxonomySkillId: 3, skillName: 'Python 3' },
				{ taxonomySkillId: 10, skillName: 'SQL 10' },
				{ taxonomySkillId: 17, skillName: 'JavaScript 17' },
			],
		});
		intelligence.fake.reset();
		const active = await runNode({ parameters: getAll({ returnAll: true, activeOnly: true, includeSkills: false }), credentials: credentials() });
		expect(requests()[0].query).toMatchObject({ IncludeSkills: 'false', activeOnly: 'true' });
		// Every 4th generated certificate is inactive.
		expect(active.output).toHaveLength(130 - 32);
		expect(active.output.every((item) => item.json.certificateStatus === 1 && item.json.skills === undefined)).toBe(true);
	});

	test('an answer without "items" is a clear error', async () => {
		intelligence.fake.fail({ path: '/certificates', status: 200, body: { certificates: [] } });
		const { error } = await runNode({ parameters: getAll(), credentials: credentials() });
		expect(error?.message).toBe('iMocha\'s answer has no "items" list [item 0]');
	});
});

describe('Certificate → Create', () => {
	test('sends title, certificateIssuer and skills as [{taxonomySkillId}] to POST /certificates/create; the answer is the output', async () => {
		const { output, error } = await runNode({ parameters: create({ taxonomySkillIds: ' 12, 48;48\n201 ' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.headers['x-api-key'], r.status])).toEqual([['POST', '/certificates/create', 'test-key', 200]]);
		const body = {
			title: 'Data Engineering Foundations',
			certificateIssuer: 'Example Academy',
			skills: [{ taxonomySkillId: 12 }, { taxonomySkillId: 48 }, { taxonomySkillId: 201 }],
		};
		expect(JSON.parse(requests()[0].rawBody)).toStrictEqual(body);
		expect(output).toEqual([{ json: body, pairedItem: { item: 0 } }]);
		expect(intelligence.fake.state.certificates.map((c: { title: string }) => c.title)).toEqual(['Data Engineering Foundations']);
	});

	test('skill ids mapped as a list of numbers', async () => {
		const { error } = await runNode({ parameters: create({ taxonomySkillIds: '={{ $json.skills }}' }), items: [{ skills: [7, 8] }], credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests()[0].body.skills).toEqual([{ taxonomySkillId: 7 }, { taxonomySkillId: 8 }]);
	});

	test.each([
		['an empty title', create({ certificateTitle: ' ' }), 'Title is empty [item 0]', "Enter a value for 'Title'."],
		['an empty issuer', create({ certificateIssuer: '={{ "" }}' }), 'Issuer is empty [item 0]', "Enter a value for 'Issuer'."],
		['no skill', create({ taxonomySkillIds: '={{ [] }}' }), 'Skill IDs is empty [item 0]', "Enter one or more numeric IDs in 'Skill IDs'"],
		['a skill name instead of an id', create({ taxonomySkillIds: '12, Python' }), 'Skill IDs "Python" is not a positive whole number [item 0]', "'Skill IDs' takes iMocha's numeric ID"],
	])('refuses %s before any request', async (_label, parameters, message, toDo) => {
		const { error } = await runNode({ parameters, credentials: credentials() });
		expect(error?.message).toBe(message);
		// What to do, in which field.
		expect(error?.description).toMatch(toDo);
		expect(requests()).toHaveLength(0);
	});

	test("an unknown skill is iMocha's 400, in its words; not sent again after an outage", async () => {
		const refused = await runNode({ parameters: create({ taxonomySkillIds: '9999' }), credentials: credentials() });
		expect(refused.error?.httpCode).toBe('400');
		expect(refused.error?.message).toBe('Taxonomy skill 9999 not found [item 0]');
		intelligence.fake.reset();
		intelligence.fake.fail({ path: '/certificates/create', status: 503, body: '<html>Service Unavailable</html>' });
		const outage = await runNode({ parameters: create(), credentials: credentials() });
		expect(outage.error?.message).toMatch(/^iMocha answered HTTP 503/);
		expect(requests()).toHaveLength(1);
	});
});
