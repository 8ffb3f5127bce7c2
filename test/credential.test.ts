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
			['three trailing slashes (never //v3/…)', (url) => `${url}///`],
			// As many docs show it: the version belongs to each path, so /v3 at the end is removed (never /v3/v3/…).
			['a trailing /v3', (url) => `${url}/v3`],
			['a trailing /v3/', (url) => `${url}/v3/`],
			['a trailing /V3 and slashes', (url) => `${url}/V3///`],
			['a trailing /v3 and a newline', (url) => ` ${url}/v3\n`],
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
			['plain http to a host named v3 (a host, not a /v3 path)', 'http://v3'],
			['no scheme', 'apiv3.imocha.io'],
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

		// An https:// address whose host is not a valid host name is not "missing https://": the
		// message says what is wrong (same rule, same refusal by Test and the node).
		test.each([
			['white space inside the host', 'https://api v3.imocha.io', 'api v3.imocha.io'],
			['a replacement character (a broken Unicode paste)', 'https://apiv3.im\uFFFDocha.io', 'apiv3.im\uFFFDocha.io'],
			['a zero-width joiner', 'https://apiv3.imo\u200Dcha.io', 'apiv3.imo\u200Dcha.io'],
			['invalid punycode', 'https://xn--zz.imocha.io', 'xn--zz.imocha.io'],
			['a port out of range', 'https://apiv3.imocha.io:99999/', 'apiv3.imocha.io:99999'],
		])('an https:// URL whose host is invalid says so: %s', async (_label, baseUrl, host) => {
			const credentials = { ...imocha.credentials(), baseUrl };
			const tested = await testCredentials(credentials);
			const { error } = await runNode({ parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true }, credentials });
			const message = `The Skills Assessment Base URL "${baseUrl.replace(/\/+$/, '')}" in the iMocha API credential is not a valid URL: the host "${host}" is not valid`;
			expect(tested).toEqual({ status: 'Error', message });
			expect(error?.message).toBe(`${message} [item 0]`);
			expect(error?.description).toMatch(/e\.g\. https:\/\/apiv3\.imocha\.io/);
			expect(imocha.fake.requests).toHaveLength(0);
		});

		test('a Skills Intelligence Base URL with a trailing /v3 reaches /taxonomy (its paths have no /v3)', async () => {
			const credentials = { ...imocha.credentials(), skillsIntelligenceBaseUrl: `${imocha.url}/v3/` };
			const tested = await testCredentials(credentials);
			const { error } = await runNode({ parameters: { resource: 'taxonomy', operation: 'getAll', limit: 1 }, credentials });
			expect(tested).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(error).toBeUndefined();
			expect(imocha.fake.requests.map((r) => r.path)).toEqual(['/v3/accounts/business-units', '/taxonomy']);
		});

		test('only a whole /v3 segment at the end is removed', async () => {
			const credentials = { ...imocha.credentials(), baseUrl: `${imocha.url}/apiv3` };
			await testCredentials(credentials);
			expect(imocha.fake.requests.map((r) => r.path)).toEqual(['/apiv3/v3/accounts/business-units']);
		});

		test('an https:// URL with no host says so', async () => {
			const { error } = await runNode({
				parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true },
				credentials: { ...imocha.credentials(), baseUrl: 'https://' },
			});
			expect(error?.message).toBe('The Skills Assessment Base URL "https:" in the iMocha API credential is not a valid URL: it has no host name [item 0]');
			const path = await runNode({
				parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true },
				credentials: { ...imocha.credentials(), baseUrl: 'https://apiv3.imocha.io/v 3' },
			});
			expect(path.error?.message).toBe(
				'The Skills Assessment Base URL "https://apiv3.imocha.io/v 3" in the iMocha API credential is not a valid URL: it contains white space [item 0]',
			);
			expect(imocha.fake.requests).toHaveLength(0);
		});
	});
});
