import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHttpRequestOptions, INodeParameters } from 'n8n-workflow';
import { loadPackage, runNode } from './harness';
import { useFakeImocha } from './helpers';

// One fake per host: each test shows which host got the request (and that the other got none).
const assessment = useFakeImocha();
const intelligence = useFakeImocha();
const credentials = () => ({ ...assessment.credentials(), skillsIntelligenceBaseUrl: intelligence.url });
const call = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'customApiCall',
	operation: 'send',
	api: 'assessment',
	method: 'GET',
	path: '/v3/accounts/business-units',
	...overrides,
});
const requestsTo = (fake: typeof assessment) => fake.fake.requests.map((r) => [r.method, r.path, r.headers['x-api-key']]);

describe('API Request → Send', () => {
	test('GET on the Skills Assessment host, with the key; an object answer is one item', async () => {
		const { output, error } = await runNode({ parameters: call(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requestsTo(assessment)).toEqual([['GET', '/v3/accounts/business-units', 'test-key']]);
		expect(intelligence.fake.requests).toEqual([]);
		expect(assessment.fake.requests[0].rawBody).toBe('');
		expect(output).toEqual([
			{ json: expect.objectContaining({ count: 3, businessUnits: expect.any(Array) }), pairedItem: { item: 0 } },
		]);
	});

	test('GET on the Skills Intelligence host with query parameters', async () => {
		const { output, error } = await runNode({
			parameters: call({
				api: 'intelligence',
				path: '/taxonomy',
				queryParameters: { parameters: [{ name: 'PageNumber', value: '2' }, { name: ' PageSize ', value: '={{ 3 }}' }] },
			}),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(assessment.fake.requests).toEqual([]);
		expect(requestsTo(intelligence)).toEqual([['GET', '/taxonomy', 'test-key']]);
		expect(intelligence.fake.requests[0].query).toEqual({ PageNumber: '2', PageSize: '3' });
		expect(output[0].json).toMatchObject({ pageNumber: 2, hasNextPage: true, totalCount: 250 });
		expect((output[0].json.items as Array<{ taxonomySkillId: number }>).map((t) => t.taxonomySkillId)).toEqual([4, 5, 6]);
	});

	test('POST sends the JSON body as JSON', async () => {
		const { output, error } = await runNode({
			parameters: call({
				api: 'intelligence',
				method: 'POST',
				path: '/employees/upsert',
				body: '{"externalEmployeeId": "HR-9", "email": "nine@example.com", "department": "Sales"}',
			}),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		const [request] = intelligence.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/employees/upsert']);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ externalEmployeeId: 'HR-9', email: 'nine@example.com', department: 'Sales' });
		expect(output[0].json).toMatchObject({ externalEmployeeId: 'HR-9', department: 'Sales', isNew: true });
	});

	test('a body mapped as an object from an expression is sent too; GET and DELETE send none', async () => {
		await runNode({
			parameters: call({ method: 'PUT', path: '/v3/accounts/user/update', body: '={{ { email: $json.email, businessunitId: 42 } }}' }),
			items: [{ email: 'alice@example.com' }],
			credentials: credentials(),
		});
		await runNode({ parameters: call({ method: 'DELETE', path: '/v3/tests/1', body: '{"ignored": true}' }), credentials: credentials() });
		const [put, del] = assessment.fake.requests;
		expect([put.method, put.body]).toEqual(['PUT', { email: 'alice@example.com', businessunitId: 42 }]);
		expect([del.method, del.rawBody]).toEqual(['DELETE', '']);
	});

	test.each([
		['POST', '{}'],
		['PUT', ' { } '],
		['PATCH', ''],
		['POST', '={{ {} }}'],
		['POST', undefined],
	])('%s with Body (JSON) %j sends no body at all, as the field says', async (method, body) => {
		const { error } = await runNode({
			parameters: call({ method, path: '/v3/callbacks/process', ...(body === undefined ? {} : { body }) }),
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const [request] = assessment.fake.requests;
		expect([request.method, request.rawBody, request.headers['content-length'] ?? '0']).toEqual([method, '', '0']);
		expect(request.headers['content-type']).toBeUndefined();
	});

	test('an array answer gives one item per element; text is parsed when it is JSON', async () => {
		assessment.fake.fail({ path: '/v3/timezones', status: 200, body: [{ timeZoneId: 1720 }, { timeZoneId: 1721 }] });
		const list = await runNode({ parameters: call({ path: '/v3/timezones' }), credentials: credentials() });
		expect(list.output.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ timeZoneId: 1720 }, { item: 0 }],
			[{ timeZoneId: 1721 }, { item: 0 }],
		]);

		const profile = await runNode({ parameters: call({ api: 'intelligence', path: '/employees/1001/skills-profile' }), credentials: credentials() });
		expect(profile.output[0].json).toMatchObject({ employeeId: 1001, externalEmployeeId: 'EMP-0001' });
	});

	test('an empty answer gives one item with the status code', async () => {
		assessment.fake.fail({ path: '/v3/invitations/5/cancel', status: 204 });
		const { output } = await runNode({ parameters: call({ method: 'POST', path: '/v3/invitations/5/cancel' }), credentials: credentials() });
		expect(output.map((item) => item.json)).toEqual([{ statusCode: 204 }]);
	});

	test('a repeated query parameter is sent once per value (name=a&name=b)', async () => {
		const seen: string[] = [];
		const server = createServer((req: IncomingMessage, res) => {
			seen.push(req.url ?? '');
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			await runNode({
				parameters: call({
					path: '/v3/reports',
					queryParameters: { parameters: [{ name: 'testId', value: '1' }, { name: 'testId', value: '2' }, { name: 'q', value: 'a b&c' }] },
				}),
				credentials: { ...credentials(), baseUrl: url },
			});
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
		expect(seen).toEqual(['/v3/reports?testId=1&testId=2&q=a%20b%26c']);
	});

	test("iMocha's error shapes read as for every other operation", async () => {
		const { error } = await runNode({ parameters: call({ path: '/v3/nothing-here' }), credentials: credentials() });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Resource not found [item 0]');
		expect(error?.description).toMatch(/Check that the ID exists/);
	});

	test('a request that may not be safe to repeat is not sent again after an outage', async () => {
		assessment.fake.fail({ path: '/v3/tests/1/invite', status: 503, body: '<html>Service Unavailable</html>' });
		const { error } = await runNode({
			parameters: call({ method: 'POST', path: '/v3/tests/1/invite', body: '{"email": "a@example.com", "name": "A"}' }),
			credentials: credentials(),
		});
		expect(error?.httpCode).toBe('503');
		expect(requestsTo(assessment)).toEqual([['POST', '/v3/tests/1/invite', 'test-key']]);
	});

	test('a redirect is not followed, so the key never goes to another host', async () => {
		assessment.fake.fail({ path: '/v3/moved', status: 302, headers: { location: `${intelligence.url}/v3/accounts/business-units` } });
		const { error } = await runNode({ parameters: call({ path: '/v3/moved' }), credentials: credentials() });
		expect(requestsTo(assessment)).toEqual([['GET', '/v3/moved', 'test-key']]);
		expect(intelligence.fake.requests).toEqual([]);
		expect(error?.message).toBe(
			"iMocha redirected the request (HTTP 302); redirects are not followed, so the API key is sent only to the credential's host [item 0]",
		);
	});

	describe('refuses paths that could send the key elsewhere, before any request', () => {
		test.each([
			['//evil.example', 'must start with a single /, not //'],
			['//evil.example/v3/tests', 'must start with a single /, not //'],
			['https://evil.example/x', 'must start with /'],
			['evil.example/x', 'must start with /'],
			['../v3/tests', 'must start with /'],
			['/../v3/tests', 'must not contain a .. segment'],
			['/v3/tests/../../x', 'must not contain a .. segment'],
			['/%2e%2e/x', 'must not contain a .. segment'],
			['/%2E%2E/x', 'must not contain a .. segment'],
			['/.%2e/x', 'must not contain a .. segment'],
			['/%252e%252e/x', 'must not contain a .. segment'],
			['/%2F%2Fevil.example', 'must start with a single /, not //'],
			['/\\evil.example', 'must not contain a backslash'],
			['/%5Cevil.example', 'must not contain a backslash'],
			['/v3/tests?x=1', 'must not contain ? or #; add query parameters under Query Parameters'],
			['/v3/te sts', 'must not contain spaces or control characters'],
			['/%zz', 'has a malformed %-escape'],
		])('%s', async (path, reason) => {
			for (const api of ['assessment', 'intelligence']) {
				const parameters = call({ api, path: `={{ ${JSON.stringify(path)} }}` });
				const { error } = await runNode({ parameters, credentials: credentials() });
				expect(error?.message).toBe(`Path "${path}" ${reason} [item 0]`);
				expect(error?.description).toMatch(/API key never goes anywhere else/);

				const continued = await runNode({ parameters, credentials: credentials(), continueOnFail: true });
				expect(continued.output.map((item) => item.json)).toEqual([{ error: `Path "${path}" ${reason} [item 0]` }]);
			}
			expect(assessment.fake.requests).toEqual([]);
			expect(intelligence.fake.requests).toEqual([]);
		});

		test('an empty path, a nameless query parameter and invalid JSON', async () => {
			const cases: Array<[INodeParameters, string]> = [
				[call({ path: '={{ "" }}' }), 'Path is empty [item 0]'],
				[call({ queryParameters: { parameters: [{ name: ' ', value: '1' }] } }), 'Query Parameters has a parameter without a name [item 0]'],
				[call({ method: 'POST', body: '{"a": }' }), 'Body (JSON) is not valid JSON'],
			];
			for (const [parameters, message] of cases) {
				const { error } = await runNode({ parameters, credentials: credentials() });
				expect(error?.message).toContain(message);
			}
			expect(assessment.fake.requests).toEqual([]);
		});

		test('the Skills Intelligence base URL must be https too', async () => {
			const { error } = await runNode({
				parameters: call({ api: 'intelligence', path: '/taxonomy' }),
				credentials: { ...credentials(), skillsIntelligenceBaseUrl: 'http://api.skillsintelligence.imocha.io' },
			});
			expect(error?.message).toBe(
				'The Skills Intelligence Base URL "http://api.skillsintelligence.imocha.io" in the iMocha API credential must start with https:// [item 0]',
			);
		});
	});

	test('a base URL with a path prefix keeps the call under it; a trailing /v3 is not one (the paths carry it)', async () => {
		await runNode({
			parameters: call({ path: '/v3/accounts/business-units' }),
			credentials: { ...credentials(), baseUrl: `${assessment.url}/gateway` },
			continueOnFail: true,
		});
		const { error } = await runNode({
			parameters: call({ path: '/v3/accounts/business-units' }),
			credentials: { ...credentials(), baseUrl: `${assessment.url}/v3` },
		});
		expect(error).toBeUndefined();
		expect(requestsTo(assessment)).toEqual([
			['GET', '/gateway/v3/accounts/business-units', 'test-key'],
			['GET', '/v3/accounts/business-units', 'test-key'],
		]);
	});
});

// n8n-nodes-base is not a dependency, so n8n's HTTP Request node is not run here (the end-to-end
// suite runs it in a real n8n). What it relies on is checked: its "Predefined Credential Type" lists
// every credential type with `authenticate`, and n8n calls that function on each request with the
// URL it was given.
describe("the same credential in n8n's HTTP Request node", () => {
	test('authenticate adds only x-api-key, for an https:// or loopback URL; an "iMocha" HTTP Request variant', async () => {
		const { imochaApi } = (await loadPackage()).credentialTypes;
		const authenticate = imochaApi.authenticate as (c: object, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
		const key = { apiKey: 'test-key', baseUrl: 'https://apiv3.imocha.io', skillsIntelligenceBaseUrl: 'https://api.skillsintelligence.imocha.io' };
		for (const url of ['https://apiv3.imocha.io/v3/tests', 'https://api.skillsintelligence.imocha.io/taxonomy', 'http://127.0.0.1:9/x']) {
			const options = await authenticate(key, { url, method: 'GET', headers: { accept: 'application/json' }, qs: { a: 1 } });
			expect(options).toEqual({ url, method: 'GET', headers: { accept: 'application/json', 'x-api-key': 'test-key' }, qs: { a: 1 } });
		}
		// Never in clear text to another machine.
		await expect(authenticate(key, { url: 'http://apiv3.imocha.io/v3/tests', method: 'GET' })).rejects.toThrow(
			'The iMocha API key is sent only over https://, not to http://apiv3.imocha.io',
		);
		// n8n's PackageDirectoryLoader hides the variant from the nodes panel because this package has
		// an iMocha node for the credential (as n8n does for Okta); it stays usable in workflows.
		expect(imochaApi.httpRequestNode).toEqual({
			name: 'iMocha',
			docsUrl: 'https://developer.imocha.io',
			apiBaseUrlPlaceholder: 'https://apiv3.imocha.io/v3/tests',
			hidden: true,
		});
	});
});
