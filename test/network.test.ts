// n8n's own request settings (Settings → Request Options → Proxy and Ignore SSL Issues) and n8n's
// proxy environment variables, through n8n's engine, against a real forward proxy (plain http
// forwarding and CONNECT tunnels) and an iMocha answering over https with a self-signed
// certificate.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INodeParameters } from 'n8n-workflow';
import { createFakeImocha } from './fake-imocha/server';
import { createFakeProxy } from './fake-proxy/server';
import { runNode, searchList, testCredentials, TEST_API_KEY } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const tls = {
	key: readFileSync(join(__dirname, 'fixtures', 'self-signed.key')),
	cert: readFileSync(join(__dirname, 'fixtures', 'self-signed.crt')),
};
const secure = createFakeImocha({ apiKey: TEST_API_KEY, tls });
let secureUrl = '';
const proxy = createFakeProxy();
let proxyUrl = '';
const guarded = createFakeProxy({ auth: 'alice:s3cret' });
let guardedUrl = '';
/** A storage host for Get PDF's redirect: it serves a small PDF. */
let storage: Server;
let storageUrl = '';
const storageRequests: string[] = [];

beforeAll(async () => {
	secureUrl = await secure.listen();
	proxyUrl = await proxy.listen();
	guardedUrl = await guarded.listen();
	storage = createServer((req, res) => {
		storageRequests.push(req.url ?? '');
		res.writeHead(200, { 'content-type': 'application/pdf' });
		res.end('%PDF-1.4\n%%EOF\n');
	});
	await new Promise<void>((done) => storage.listen(0, '127.0.0.1', done));
	storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});
beforeEach(() => {
	secure.reset();
	proxy.carried.length = 0;
	guarded.carried.length = 0;
	storageRequests.length = 0;
});
afterAll(async () => {
	await Promise.all([secure.close(), proxy.close(), guarded.close(), new Promise<void>((done) => storage.close(() => done()))]);
});

const update = (requestOptions: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'update',
	email: 'bob@example.com',
	businessUnitId: byId('42'),
	requestOptions,
});
const secureCredentials = () => ({ apiKey: TEST_API_KEY, baseUrl: secureUrl, skillsIntelligenceBaseUrl: secureUrl });

describe("n8n's Proxy setting", () => {
	test('an operation goes through the proxy (plain http forwarding)', async () => {
		const { output, error } = await runNode({ parameters: update({ proxy: proxyUrl }), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(output[0].json.businessunitId).toBe(42);
		expect(proxy.carried).toEqual([{ kind: 'http', target: `${imocha.url}/v3/accounts/user/update`, proxyAuthorization: undefined }]);
		expect(imocha.fake.requests.map((r) => [r.path, r.headers['x-api-key']])).toEqual([['/v3/accounts/user/update', TEST_API_KEY]]);
	});

	test('user and password in the proxy URL are sent to the proxy, and it lets the request through', async () => {
		const withAuth = guardedUrl.replace('http://', 'http://alice:s3cret@');
		const { error } = await runNode({ parameters: update({ proxy: withAuth }), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(guarded.carried.map((c) => [c.kind, c.proxyAuthorization])).toEqual([['http', `Basic ${Buffer.from('alice:s3cret').toString('base64')}`]]);
		expect(imocha.fake.requests).toHaveLength(1);
	});

	test('every page of a Return All list goes through the proxy', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'report', operation: 'getAll', returnAll: true, requestOptions: { proxy: proxyUrl } },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(output.length).toBeGreaterThan(0);
		const pages = imocha.fake.requests.filter((r) => r.path === '/v3/reports');
		expect(pages.length).toBeGreaterThanOrEqual(1);
		expect(proxy.carried.filter((c) => c.target.includes('/v3/reports'))).toHaveLength(pages.length);
	});

	test("Get PDF's storage redirect goes through the proxy too, without the key", async () => {
		imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 302, headers: { location: `${storageUrl}/signed/report.pdf?sig=1` } });
		const { output, error } = await runNode({
			parameters: { resource: 'report', operation: 'getPdf', invitationId: '2932951', requestOptions: { proxy: proxyUrl } },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.fileSize).toBe(15);
		expect(proxy.carried.map((c) => c.target)).toEqual([`${imocha.url}/v3/reports/2932951/pdf`, `${storageUrl}/signed/report.pdf?sig=1`]);
		expect(storageRequests).toEqual(['/signed/report.pdf?sig=1']);
	});

	test('an https iMocha is reached through a CONNECT tunnel', async () => {
		const { error } = await runNode({ parameters: update({ proxy: proxyUrl, allowUnauthorizedCerts: true }), credentials: secureCredentials() });
		expect(error).toBeUndefined();
		expect(proxy.carried).toEqual([{ kind: 'connect', target: secureUrl.replace('https://', ''), proxyAuthorization: undefined }]);
		expect(secure.requests.map((r) => r.path)).toEqual(['/v3/accounts/user/update']);
	});
});

describe("n8n's Ignore SSL Issues setting", () => {
	test('off (the default): a self-signed certificate is refused with a message that says so', async () => {
		const { error } = await runNode({ parameters: update(), credentials: secureCredentials() });
		expect(error?.message).toBe('Could not reach iMocha (its certificate is not trusted) [item 0]');
		expect(error?.description).toMatch(/Ignore SSL Issues/);
		expect(secure.requests).toHaveLength(0);
	});

	test('on: the request goes through', async () => {
		const { output, error } = await runNode({ parameters: update({ allowUnauthorizedCerts: true }), credentials: secureCredentials() });
		expect(error).toBeUndefined();
		expect(output[0].json.businessunitId).toBe(42);
		expect(secure.requests.map((r) => [r.path, r.headers['x-api-key']])).toEqual([['/v3/accounts/user/update', TEST_API_KEY]]);
	});
});

describe("without a node setting (pickers, the credential Test): n8n's proxy environment variables", () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
	});

	test('HTTP_PROXY carries a picker and the credential Test', async () => {
		process.env.HTTP_PROXY = proxyUrl;
		delete process.env.NO_PROXY;
		delete process.env.no_proxy;
		const found = await searchList('searchBusinessUnits', { parameters: { resource: 'user', operation: 'update' }, credentials: imocha.credentials() });
		expect(found.results.length).toBeGreaterThan(0);
		expect(await testCredentials(imocha.credentials())).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(proxy.carried.map((c) => c.target)).toEqual([`${imocha.url}/v3/accounts/business-units`, `${imocha.url}/v3/accounts/business-units`]);
	});

	test('NO_PROXY naming the host bypasses the proxy', async () => {
		process.env.HTTP_PROXY = proxyUrl;
		process.env.NO_PROXY = '127.0.0.1';
		const found = await searchList('searchBusinessUnits', { parameters: { resource: 'user', operation: 'update' }, credentials: imocha.credentials() });
		expect(found.results.length).toBeGreaterThan(0);
		expect(proxy.carried).toEqual([]);
		expect(imocha.fake.requests).toHaveLength(1);
	});
});
