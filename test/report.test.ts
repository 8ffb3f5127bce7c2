import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeImocha } from './fake-imocha/server';
import { runNode } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const getReport = (invitationId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'report',
	operation: 'get',
	invitationId,
	...extra,
});
const getPdf = (invitationId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'report',
	operation: 'getPdf',
	invitationId,
	...extra,
});
const getMany = (extra: Record<string, unknown> = {}) => ({ resource: 'report', operation: 'getAll', ...extra });

const pdfBytes = (data: { data: string }) => Buffer.from(data.data, 'base64');

describe('Report → Get', () => {
	test.each([
		['summary', '1', ['sections']],
		['skills', '2', ['skills']],
		['both', '3', ['sections', 'skills']],
	])('report type %s is sent as reportType=%s', async (reportType, sent, parts) => {
		const { output, error } = await runNode({ parameters: getReport('2932951', { reportType }), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path, request.query]).toEqual(['GET', '/v3/reports/2932951', { reportType: sent }]);
		expect(output[0].json).toMatchObject({ testInvitationId: 2932951, candidateEmail: 'ben@example.com', status: 'Complete' });
		expect(['sections', 'skills'].filter((part) => part in output[0].json)).toEqual(parts);
	});

	test('an unknown report type is refused before any request', async () => {
		const { error } = await runNode({ parameters: getReport('2932951', { reportType: '={{ "full" }}' }), credentials: imocha.credentials() });
		expect(error?.message).toBe('Report Type "full" is not one of both, skills, summary [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('a Pending invitation has no report yet: iMocha\'s 404 text', async () => {
		const { error } = await runNode({ parameters: getReport('2932950'), credentials: imocha.credentials() });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Report not found for test invitation id: 2932950 [item 0]');
	});
});

describe('Report → Get PDF', () => {
	test('a binary PDF in the "data" field, with file name, mime type and size', async () => {
		const { output, error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path, request.headers['x-api-key']]).toEqual(['GET', '/v3/reports/2932951/pdf', 'test-key']);
		const [item] = output;
		const binary = item.binary!.data;
		const bytes = pdfBytes(binary);
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(bytes.subarray(-6).toString('latin1')).toBe('%%EOF\n');
		expect(bytes.toString('latin1')).toContain('Test invitation ID: 2932951');
		expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'imocha-report-2932951.pdf', fileExtension: 'pdf' });
		expect(item.json).toEqual({
			testInvitationId: 2932951,
			fileName: 'imocha-report-2932951.pdf',
			mimeType: 'application/pdf',
			fileSize: bytes.length,
		});
		expect(bytes.length).toBeGreaterThan(500);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('the output field is the one the user names', async () => {
		const { output } = await runNode({ parameters: getPdf('2932955', { binaryPropertyName: 'report' }), credentials: imocha.credentials() });
		expect(Object.keys(output[0].binary!)).toEqual(['report']);
	});

	test('invite → complete (fake-side) → report → PDF', async () => {
		const invited = await runNode({
			parameters: { resource: 'invitation', operation: 'invite', testId: byId('118002'), email: 'zoe@example.com', candidateName: 'Zoe Example' },
			credentials: imocha.credentials(),
		});
		const id = invited.output[0].json.testInvitationId as number;
		const before = await runNode({ parameters: getPdf(String(id)), credentials: imocha.credentials() });
		expect(before.error?.message).toBe(`Report not found for test invitation id: ${id} [item 0]`);

		await imocha.fake.completeInvitation(id);
		const report = await runNode({ parameters: getReport(String(id), { reportType: 'both' }), credentials: imocha.credentials() });
		expect(report.output[0].json).toMatchObject({ testInvitationId: id, candidateEmail: 'zoe@example.com', testName: 'Python Data Analyst', status: 'Complete' });
		const pdf = await runNode({ parameters: getPdf(String(id)), credentials: imocha.credentials() });
		expect(pdfBytes(pdf.output[0].binary!.data).toString('latin1')).toContain('Zoe Example');
	});

	test('a redirect on the iMocha host is followed, with the key', async () => {
		imocha.fake.fail({
			path: '/v3/reports/2932951/pdf',
			status: 302,
			headers: { location: '/v3/reports/2932951/pdf?signature=abc' },
		});
		const { output, error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.path, r.query, r.headers['x-api-key']])).toEqual([
			['/v3/reports/2932951/pdf', {}, 'test-key'],
			['/v3/reports/2932951/pdf', { signature: 'abc' }, 'test-key'],
		]);
		expect(output[0].binary!.data.mimeType).toBe('application/pdf');
	});

	describe('a file on another host', () => {
		let storage: Server;
		let storageUrl = '';
		const received: IncomingHttpHeaders[] = [];
		beforeAll(async () => {
			// A storage host (e.g. a signed blob URL); it serves the bytes of the fake's own PDF route.
			storage = createServer((req, res) => {
				received.push(req.headers);
				void fetch(`${imocha.url}/v3/reports/2932956/pdf`, { headers: { 'x-api-key': imocha.fake.apiKey } })
					.then(async (answer) => Buffer.from(await answer.arrayBuffer()))
					.then((bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes));
			});
			await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
			storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
		});
		afterAll(async () => new Promise<void>((resolve) => storage.close(() => resolve())));

		test('a redirect to it is followed without the API key', async () => {
			imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 302, headers: { location: `${storageUrl}/signed/report.pdf?sig=1` } });
			const { output, error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
			expect(error).toBeUndefined();
			expect(received).toHaveLength(1);
			expect(received[0]['x-api-key']).toBeUndefined();
			expect(pdfBytes(output[0].binary!.data).subarray(0, 5).toString()).toBe('%PDF-');
			expect(output[0].binary!.data.mimeType).toBe('application/pdf');
		});

		test("a redirect to it is refused when the credential's Allowed Domains leave it out (the API host on the list)", async () => {
			received.length = 0;
			// The API as localhost, the storage host as 127.0.0.1: two hosts, one list.
			const api = imocha.url.replace('127.0.0.1', 'localhost');
			imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 302, headers: { location: `${storageUrl}/signed/report.pdf?sig=1` } });
			const credentials = { ...imocha.credentials(), baseUrl: api, allowedHttpRequestDomains: 'domains', allowedDomains: 'localhost' };
			const { error } = await runNode({ parameters: getPdf('2932951'), credentials });
			expect(error?.message).toBe('The iMocha API credential does not allow requests to 127.0.0.1 [item 0]');
			expect(error?.description).toMatch(/Add 127\.0\.0\.1 to Allowed Domains in the credential/);
			expect(imocha.fake.requests.map((r) => r.path)).toEqual(['/v3/reports/2932951/pdf']);
			expect(received).toHaveLength(0);
			// With the storage host on the list, the file comes.
			imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 302, headers: { location: `${storageUrl}/signed/report.pdf?sig=1` } });
			const allowed = await runNode({ parameters: getPdf('2932951'), credentials: { ...credentials, allowedDomains: 'localhost, 127.0.0.1' } });
			expect(allowed.error).toBeUndefined();
			expect(received).toHaveLength(1);
		});

		test('a pdfReportUrl on it is not fetched: a clear error instead', async () => {
			received.length = 0;
			imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 200, body: { pdfReportUrl: `${storageUrl}/PDFReport?id=2932951` } });
			const { error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
			expect(error?.message).toBe(`iMocha gave the PDF report as a link on ${new URL(storageUrl).host}, not as a file [item 0]`);
			expect(error?.description).toMatch(/downloads reports only from the iMocha API host/);
			expect(received).toHaveLength(0);
		});
	});

	test('a pdfReportUrl on the iMocha host is fetched, with the key', async () => {
		imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 200, body: { pdfReportUrl: `${imocha.url}/v3/reports/2932951/pdf?format=file` } });
		const { output, error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.query, r.headers['x-api-key']])).toEqual([
			[{}, 'test-key'],
			[{ format: 'file' }, 'test-key'],
		]);
		expect(output[0].binary!.data.fileName).toBe('imocha-report-2932951.pdf');
	});

	test('an answer that is neither a PDF nor a link is a clear error', async () => {
		imocha.fake.fail({ path: '/v3/reports/2932951/pdf', status: 200, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } });
		const { error } = await runNode({ parameters: getPdf('2932951'), credentials: imocha.credentials() });
		expect(error?.message).toBe("iMocha's answer for the PDF report is not a PDF file (text/html) [item 0]");
	});

	test("a missing report keeps iMocha's text although the answer was read as bytes", async () => {
		const { error } = await runNode({ parameters: getPdf('2932950'), credentials: imocha.credentials() });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Report not found for test invitation id: 2932950 [item 0]');
	});

	test('Continue On Fail: PDFs for good items, error items for the others', async () => {
		const { output } = await runNode({
			parameters: getPdf('={{ $json.id }}'),
			items: [{ id: 2932951 }, { id: 'abc' }, { id: 2932950 }, { id: 2932955 }],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(output.map((item) => [item.json.fileName ?? item.json.error, Boolean(item.binary), item.pairedItem])).toEqual([
			['imocha-report-2932951.pdf', true, { item: 0 }],
			['Invitation ID "abc" is not a positive whole number [item 1]', false, { item: 1 }],
			['Report not found for test invitation id: 2932950 [item 2]', false, { item: 2 }],
			['imocha-report-2932955.pdf', true, { item: 3 }],
		]);
	});
});

describe('Report → Get Many', () => {
	const pages = () => imocha.fake.requests.map((r) => [r.query.PageNo, r.query.PageSize]);

	test('Return All walks PageNo/PageSize (50 a page) until hasNextPage is false', async () => {
		const { output, error } = await runNode({ parameters: getMany({ returnAll: true }), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		// 120 generated reports + the 3 seeded finished invitations, all within iMocha's default 7 days.
		expect(pages()).toEqual([
			['1', '50'],
			['2', '50'],
			['3', '50'],
		]);
		expect(imocha.fake.requests.every((r) => r.method === 'GET' && r.path === '/v3/reports')).toBe(true);
		expect(output).toHaveLength(123);
		expect(new Set(output.map((item) => item.json.testInvitationId)).size).toBe(123);
	});

	test('Limit cuts mid-page: same page size on every page, so no report is skipped or repeated', async () => {
		const all = await runNode({ parameters: getMany({ returnAll: true }), credentials: imocha.credentials() });
		imocha.fake.requests.length = 0;
		const { output } = await runNode({ parameters: getMany({ limit: 120 }), credentials: imocha.credentials() });
		expect(pages()).toEqual([
			['1', '50'],
			['2', '50'],
			['3', '50'],
		]);
		expect(output.map((item) => item.json.testInvitationId)).toEqual(
			all.output.slice(0, 120).map((item) => item.json.testInvitationId),
		);
	});

	test('a small Limit asks for one page of that size', async () => {
		const { output } = await runNode({ parameters: getMany({ limit: 7 }), credentials: imocha.credentials() });
		expect(pages()).toEqual([['1', '7']]);
		expect(output).toHaveLength(7);
	});

	test('Simplify keeps at most 10 key fields; off, the raw record', async () => {
		const simple = await runNode({ parameters: getMany({ limit: 1 }), credentials: imocha.credentials() });
		expect(Object.keys(simple.output[0].json).sort()).toEqual(
			['candidateEmail', 'candidateFullName', 'completedOn', 'pdfReportUrl', 'performanceCategory', 'scorePercentage', 'status', 'testId', 'testInvitationId', 'testName'].sort(),
		);
		const raw = await runNode({
			parameters: getMany({ limit: 1, simplify: false, options: { includeSections: true } }),
			credentials: imocha.credentials(),
		});
		expect(Object.keys(raw.output[0].json).length).toBeGreaterThan(10);
		expect(raw.output[0].json).toHaveProperty('sections');
		expect(imocha.fake.requests.at(-1)!.query.includeSections).toBe('true');
	});

	test('the date range is sent as UTC ISO 8601', async () => {
		const { error } = await runNode({
			parameters: getMany({ limit: 5, options: { startDate: '2025-03-01T00:00:00+05:30', endDate: '2025-03-31T23:59:59Z' } }),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests[0].query).toEqual({ startDate: '2025-02-28T18:30:00Z', endDate: '2025-03-31T23:59:59Z', PageNo: '1', PageSize: '5' });
	});

	test('year 0000 and an unknown workflow time zone are refused before any request, naming the field and the item', async () => {
		const zero = await runNode({ parameters: getMany({ options: { endDate: '0000-03-31T00:00:00' } }), credentials: imocha.credentials() });
		expect(zero.error?.message).toBe('End Date "0000-03-31T00:00:00" is outside the years 1900 to 9999 [item 0]');
		const zone = await runNode({
			parameters: getMany({ options: { startDate: '2025-03-01T00:00:00' } }),
			credentials: imocha.credentials(),
			timezone: 'Europe/Berln',
		});
		expect(zone.error?.message).toBe(
			'Start Date "2025-03-01T00:00:00" has no UTC offset, and the workflow\'s time zone "Europe/Berln" is not a known time zone [item 0]',
		);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('a start after the end is refused before any request', async () => {
		const { error } = await runNode({
			parameters: getMany({ options: { startDate: '2025-04-01T00:00:00Z', endDate: '2025-03-01T00:00:00Z' } }),
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Start Date (2025-04-01T00:00:00Z) is after End Date (2025-03-01T00:00:00Z) [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('20,000 reports: Return All pages through all of them', async () => {
		const big = createFakeImocha({ seed: { reportCount: 20000, reportSpacingMinutes: 0.25 } });
		const url = await big.listen();
		try {
			const { output, error } = await runNode({
				parameters: getMany({ returnAll: true }),
				credentials: { apiKey: big.apiKey, baseUrl: url, skillsIntelligenceBaseUrl: url },
			});
			expect(error).toBeUndefined();
			expect(big.requests).toHaveLength(401);
			expect(output).toHaveLength(20003);
		} finally {
			await big.close();
		}
	});
});
