import { runNode } from './harness';
import { useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const replay = (invitationIds: string) => ({ resource: 'callback', operation: 'replay', invitationIds });
const SEEDED = [2932950, 2932951, 2932952, 2932953, 2932954, 2932955, 2932956];

describe('Callback → Replay', () => {
	test('POST /v3/callbacks/process with {testinvitationIds: [integers]}; returns the successful and failed lists', async () => {
		const { output, error } = await runNode({ parameters: replay('2932951, 2932955 ,123'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/callbacks/process']);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ testinvitationIds: [2932951, 2932955, 123] });
		expect(output).toEqual([{ json: { successful: [2932951, 2932955], failed: [123] }, pairedItem: { item: 0 } }]);
	});

	test('250 ids become calls of 100, 100 and 50, and one merged item', async () => {
		const unknown = Array.from({ length: 243 }, (_, i) => 5000000 + i);
		const ids = [...SEEDED, ...unknown];
		const { output, error } = await runNode({ parameters: replay(ids.join('\n')), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const sent = imocha.fake.requests.map((r) => r.body.testinvitationIds as number[]);
		expect(sent.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
		expect(sent.flat()).toEqual(ids);
		expect(sent.flat().every((id) => Number.isInteger(id))).toBe(true);
		// The 2nd and 3rd calls hold only unknown ids: iMocha refuses them with its documented 401
		// {result: null, errors}, which the merge keeps; the key is not blamed and no call is skipped.
		expect(output).toHaveLength(1);
		expect(output[0].json.successful).toEqual(SEEDED);
		expect(output[0].json.failed).toEqual(unknown);
		expect(output[0].json.messages).toEqual([
			expect.stringMatching(/^testinvitationIds does not belong to account or not found; 5000093; /),
			expect.stringMatching(/^testinvitationIds does not belong to account or not found; 5000193; /),
		]);
	});

	test('a list mapped from an earlier node works too, and repeated ids are sent once', async () => {
		const { output } = await runNode({
			parameters: replay('={{ $json.ids }}'),
			items: [{ ids: [2932951, '2932956', 2932951] }],
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests[0].body).toStrictEqual({ testinvitationIds: [2932951, 2932956] });
		expect(output[0].json).toEqual({ successful: [2932951, 2932956], failed: [] });
	});

	test('when no id at all succeeds, iMocha\'s {"result": null, "errors": [...]} text is the error, not "replace your key"', async () => {
		const { error } = await runNode({ parameters: replay('94761'), credentials: imocha.credentials() });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('testinvitationIds does not belong to account or not found; 94761 [item 0]');
		expect(error?.description).toMatch(/The API key itself was accepted/);
	});

	test('a refused first batch of 200 ids: its ids go to failed, the second batch is still sent', async () => {
		const unknown = Array.from({ length: 100 }, (_, i) => 5000000 + i);
		const known = [2932951, 2932955];
		const { output, error } = await runNode({ parameters: replay([...unknown, ...known, ...Array.from({ length: 98 }, (_, i) => 6000000 + i)].join(',')), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.status, (r.body.testinvitationIds as number[]).length])).toEqual([
			[401, 100],
			[200, 100],
		]);
		expect(output[0].json.successful).toEqual(known);
		expect((output[0].json.failed as number[]).slice(0, 100)).toEqual(unknown);
		expect(output[0].json.messages).toEqual([expect.stringMatching(/^testinvitationIds does not belong to account or not found; 5000000; /)]);
	});

	test.each([
		['a non-numeric id', '2932951, abc', 'Invitation IDs "abc" is not a positive whole number [item 0]'],
		['a negative id', '={{ [2932951, -4] }}', 'Invitation IDs "-4" is not a positive whole number [item 0]'],
		['no id', '={{ [] }}', 'Invitation IDs is empty [item 0]'],
	])('%s is refused before any request, even among 150 good ones', async (_label, value, message) => {
		const many = Array.from({ length: 150 }, (_, i) => 5000000 + i).join(',');
		const parameters = replay(value.startsWith('=') ? value : `${many},${value}`);
		const { error } = await runNode({ parameters, credentials: imocha.credentials() });
		expect(error?.message).toBe(message);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('iMocha sends the replayed callback to the invitation\'s callback URL', async () => {
		const received: unknown[] = [];
		const { createServer } = await import('node:http');
		const receiver = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		try {
			const invitation = imocha.fake.state.invitations.find((i: { testInvitationId: number }) => i.testInvitationId === 2932951);
			invitation.callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
			await runNode({ parameters: replay('2932951'), credentials: imocha.credentials() });
			for (let wait = 0; received.length === 0 && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
			expect(received).toEqual([expect.objectContaining({ TestInvitationId: 2932951, Status: 'Complete', CandidateEmailId: 'ben@example.com' })]);
		} finally {
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
		}
	});
});

describe('GDPR → Mask', () => {
	const mask = (email: string, invitationId?: string) => ({
		resource: 'gdpr',
		operation: 'mask',
		email,
		...(invitationId === undefined ? { scope: 'allRecords' } : { invitationId }),
	});

	test("POST /v3/gdpr/requests with {CandidateEmail}: every record of the candidate, when Scope says so", async () => {
		const { output, error } = await runNode({ parameters: mask('ben@example.com'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/gdpr/requests']);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ CandidateEmail: 'ben@example.com' });
		expect(output).toEqual([{ json: { result: 'Request accepted for processing' }, pairedItem: { item: 0 } }]);
		expect(imocha.fake.state.gdprRequests).toEqual([{ email: 'ben@example.com', testinvitationId: null, masked: [2932951] }]);
	});

	test('one attempt: testinvitationId is sent as an integer', async () => {
		await runNode({ parameters: mask('fay@example.com', '2932955'), credentials: imocha.credentials() });
		expect(JSON.parse(imocha.fake.requests[0].rawBody)).toStrictEqual({ CandidateEmail: 'fay@example.com', testinvitationId: 2932955 });
	});

	test('a mapped Invitation ID that comes out empty is refused, never sent as "mask everything"', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'gdpr', operation: 'mask', email: '={{ $json.email }}', invitationId: '={{ $json.testInvitationId }}' },
			items: [{ email: 'ben@example.com', testInvitationId: 2932951 }, { email: 'fay@example.com' }],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([
			{ result: 'Request accepted for processing' },
			{ error: 'Invitation ID is empty [item 1]' },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(imocha.fake.requests.map((r) => JSON.parse(r.rawBody))).toEqual([{ CandidateEmail: 'ben@example.com', testinvitationId: 2932951 }]);
	});

	test('the Scope is One Attempt unless changed: without an Invitation ID nothing is sent', async () => {
		const { error } = await runNode({ parameters: { resource: 'gdpr', operation: 'mask', email: 'ben@example.com' }, credentials: imocha.credentials() });
		expect(error?.message).toMatch(/Invitation ID/);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test("an unknown candidate gets iMocha's text; bad input is refused before any request", async () => {
		const unknown = await runNode({ parameters: mask('nobody@example.com'), credentials: imocha.credentials() });
		expect(unknown.error?.message).toBe('No records found for given Email address: nobody@example.com [item 0]');
		imocha.fake.requests.length = 0;
		const badEmail = await runNode({ parameters: mask('nobody'), credentials: imocha.credentials() });
		expect(badEmail.error?.message).toBe('Email "nobody" is not a valid email address [item 0]');
		const badId = await runNode({ parameters: mask('ben@example.com', 'first'), credentials: imocha.credentials() });
		expect(badId.error?.message).toBe('Invitation ID "first" is not a positive whole number [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});
});
