import { searchList } from './harness';
import { byId, fromList, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

describe('test picker (listSearch searchTests)', () => {
	const search = (filter?: string) =>
		searchList('searchTests', { parameters: { resource: 'test', operation: 'get' }, credentials: imocha.credentials(), filter });

	test('lists the tests by name, sorted, with the ID as value', async () => {
		expect((await search()).results).toEqual([
			{ name: 'Customer Support English', value: '118003' },
			{ name: 'Java Developer Assessment', value: '118001' },
			{ name: 'Java Spring Boot Advanced', value: '118004' },
			{ name: 'Python Data Analyst', value: '118002' },
		]);
		expect(imocha.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual([['GET', '/v3/tests', 'test-key']]);
	});

	test('filters by name, ignoring case, or by exact ID', async () => {
		expect((await search('java')).results.map((r) => r.value)).toEqual(['118001', '118004']);
		expect((await search('118002')).results).toEqual([{ name: 'Python Data Analyst', value: '118002' }]);
	});
});

describe('test link picker (listSearch searchTestLinks)', () => {
	const search = (testId: ReturnType<typeof byId>, filter?: string) =>
		searchList('searchTestLinks', {
			parameters: { resource: 'invitation', operation: 'invite', testId, additionalFields: { testLinkId: fromList('') } },
			credentials: imocha.credentials(),
			filter,
		});

	test("lists the links of the test chosen in 'Test', marking inactive ones", async () => {
		expect((await search(fromList('118001', 'Java Developer Assessment'))).results).toEqual([
			{ name: 'Campus Drive 2025', value: '460002' },
			{ name: 'Default test link', value: '460001' },
		]);
		expect((await search(byId('118003'))).results).toEqual([{ name: 'Default test link (inactive)', value: '460005' }]);
		expect(imocha.fake.requests.map((r) => r.path)).toEqual(['/v3/tests/118001/testlinks', '/v3/tests/118003/testlinks']);
	});

	test('filters by name', async () => {
		expect((await search(byId('118002'), 'hires')).results).toEqual([{ name: 'Experienced Hires', value: '460004' }]);
	});

	test('asks for a test first when none is chosen', async () => {
		await expect(search(fromList(''))).rejects.toThrow('Choose a test first');
		expect(imocha.fake.requests).toHaveLength(0);
	});
});
