import { searchList } from './harness';
import { useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const search = (filter?: string, credentials = imocha.credentials()) =>
	searchList('searchBusinessUnits', { parameters: { resource: 'user', operation: 'update' }, credentials, filter });

describe('business unit picker (listSearch)', () => {
	test('lists every business unit by name, sorted, with its ID as value', async () => {
		expect(await search()).toEqual({
			results: [
				{ name: 'Default', value: '1' },
				{ name: 'Engineering', value: '42' },
				{ name: 'Sales', value: '77' },
			],
		});
		expect(imocha.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual([
			['GET', '/v3/accounts/business-units', 'test-key'],
		]);
	});

	test('filters by name, case-insensitively, or by exact ID', async () => {
		expect((await search('ENG')).results).toEqual([{ name: 'Engineering', value: '42' }]);
		expect((await search('77')).results).toEqual([{ name: 'Sales', value: '77' }]);
		expect((await search('nothing like it')).results).toEqual([]);
	});

	test("a wrong key gives iMocha's message", async () => {
		await expect(search(undefined, { ...imocha.credentials(), apiKey: 'wrong' })).rejects.toThrow(
			/The iMocha API key is invalid or expired: Access denied due to invalid subscription key/,
		);
	});
});
