import { runNode, testCredentials } from './harness';
import { useFakeImocha } from './helpers';

const imocha = useFakeImocha();

describe('iMocha API credential', () => {
	test('the credential test calls GET /v3/accounts/business-units with the key', async () => {
		const result = await testCredentials(imocha.credentials());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(imocha.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual([
			['GET', '/v3/accounts/business-units', 'test-key'],
		]);
	});

	test("a wrong key shows iMocha's message", async () => {
		const result = await testCredentials({ ...imocha.credentials(), apiKey: 'wrong' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
		);
	});

	test('a trailing slash on the base URL is tolerated', async () => {
		const result = await testCredentials({ ...imocha.credentials(), baseUrl: `${imocha.url}/` });
		expect(result.status).toBe('OK');
		expect(imocha.fake.requests[0].path).toBe('/v3/accounts/business-units');
	});

	// Test and the node read a base URL through the same rule (transport/hosts.ts): they accept and
	// refuse the same values. Before, pasted white space passed the node and failed Test.
	describe('Test and the node agree on every base URL', () => {
		const variants: Array<[string, (url: string) => string]> = [
			['as is', (url) => url],
			['a trailing slash', (url) => `${url}/`],
			['two trailing slashes', (url) => `${url}//`],
			['leading and trailing spaces', (url) => `  ${url}  `],
			['a trailing newline', (url) => `${url}\n`],
			['a trailing tab and newline', (url) => `${url}\t\r\n`],
		];
		test.each(variants)('accepted with %s', async (_label, variant) => {
			const credentials = { ...imocha.credentials(), baseUrl: variant(imocha.url) };
			const tested = await testCredentials(credentials);
			const { error } = await runNode({ parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true }, credentials });
			expect(tested).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(error).toBeUndefined();
			expect(imocha.fake.requests.map((r) => r.path)).toEqual(['/v3/accounts/business-units', '/v3/accounts/business-units']);
		});

		test.each([
			['plain http to another host', 'http://apiv3.imocha.io'],
			['http to a name that only starts like loopback', 'http://127.0.0.1.evil.example'],
			['another scheme', 'ftp://apiv3.imocha.io'],
			['no scheme', 'apiv3.imocha.io'],
			['white space inside', 'https://api v3.imocha.io'],
			['empty', ''],
		])('refused by both, before any request: %s', async (_label, baseUrl) => {
			const credentials = { ...imocha.credentials(), baseUrl };
			const tested = await testCredentials(credentials);
			const { error } = await runNode({ parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true }, credentials });
			const message = `The Skills Assessment Base URL "${baseUrl.trim()}" in the iMocha API credential must start with https://`;
			expect(tested).toEqual({ status: 'Error', message });
			expect(error?.message).toBe(`${message} [item 0]`);
			expect(imocha.fake.requests).toHaveLength(0);
		});
	});
});
