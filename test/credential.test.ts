import { loadPackage, testCredentials } from './harness';
import { useFakeImocha } from './helpers';
import { Workflow, type INodeTypes } from 'n8n-workflow';

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

	describe('the test request only goes to https:// or loopback http:// hosts', () => {
		const evaluate = async (baseUrl: string) => {
			const { credentialTypes } = await loadPackage();
			const nodeTypes = {
				getByName: () => ({ description: { properties: [] } }),
				getByNameAndVersion: () => ({ description: { properties: [] } }),
				getKnownTypes: () => ({}),
			} as unknown as INodeTypes;
			const workflow = new Workflow({
				id: 'x',
				nodes: [{ id: 'a', name: 'A', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }],
				connections: {},
				active: false,
				nodeTypes,
			});
			return workflow.expression.getSimpleParameterValue(
				workflow.getNode('A')!,
				credentialTypes.imochaApi.test!.request.baseURL as string,
				'internal',
				{ $credentials: { baseUrl } },
				undefined,
				'',
			);
		};

		test.each([
			['https://apiv3.imocha.io', 'https://apiv3.imocha.io'],
			['https://apiv3.imocha.io/', 'https://apiv3.imocha.io'],
			['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
			['http://localhost:8787/', 'http://localhost:8787'],
			['http://apiv3.imocha.io', 'https://base-url-must-start-with-https.invalid'],
			['http://127.0.0.1.evil.example', 'https://base-url-must-start-with-https.invalid'],
			['ftp://apiv3.imocha.io', 'https://base-url-must-start-with-https.invalid'],
			['apiv3.imocha.io', 'https://base-url-must-start-with-https.invalid'],
		])('%s → %s', async (baseUrl, expected) => {
			expect(await evaluate(baseUrl)).toBe(expected);
		});

		test('an insecure base URL fails the test without reaching any server', async () => {
			const result = await testCredentials({ ...imocha.credentials(), baseUrl: imocha.url.replace('127.0.0.1', '127.0.0.1.nip.invalid') });
			expect(result.status).toBe('Error');
			expect(imocha.fake.requests).toHaveLength(0);
		});
	});
});
