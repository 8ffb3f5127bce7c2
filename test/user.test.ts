import { runNode } from './harness';
import { byId, fromList, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const updateUser = (overrides: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'update',
	email: 'alice@example.com',
	businessUnitId: byId('42'),
	...overrides,
});

describe('User → Update', () => {
	test('sends exactly POST /v3/accounts/user/update with x-api-key and {email, businessunitId: number}', async () => {
		const { output, error } = await runNode({ parameters: updateUser(), credentials: imocha.credentials() });

		expect(error).toBeUndefined();
		expect(imocha.fake.requests).toHaveLength(1);
		const [request] = imocha.fake.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v3/accounts/user/update');
		expect(request.headers['x-api-key']).toBe('test-key');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ email: 'alice@example.com', businessunitId: 42 });
		expect(typeof request.body.businessunitId).toBe('number');

		expect(output).toEqual([
			{
				json: { email: 'alice@example.com', fullName: 'Alice Example', businessunitId: 42, status: 'Active' },
				pairedItem: { item: 0 },
			},
		]);
		expect(imocha.fake.state.users.find((u: { email: string }) => u.email === 'alice@example.com').businessunitId).toBe(42);
	});

	test('takes the business unit picked from the list', async () => {
		const { output } = await runNode({
			parameters: updateUser({ businessUnitId: fromList('77', 'Sales') }),
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests[0].body).toStrictEqual({ email: 'alice@example.com', businessunitId: 77 });
		expect(output[0].json.businessunitId).toBe(77);
	});

	test('resolves expressions from the incoming items, one request per item', async () => {
		const items = [
			{ person: { mail: 'alice@example.com' }, unit: 77 },
			{ person: { mail: 'bob@example.com' }, unit: '1' },
		];
		const { output, error } = await runNode({
			parameters: updateUser({ email: '={{ $json.person.mail }}', businessUnitId: byId('={{ $json.unit }}') }),
			items,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => r.body)).toEqual([
			{ email: 'alice@example.com', businessunitId: 77 },
			{ email: 'bob@example.com', businessunitId: 1 },
		]);
		expect(output.map((item) => [item.json.email, item.pairedItem])).toEqual([
			['alice@example.com', { item: 0 }],
			['bob@example.com', { item: 1 }],
		]);
	});

	test('50 items in one run: 50 requests, 50 outputs, each paired with its input', async () => {
		imocha.fake.state.users.push(
			...Array.from({ length: 50 }, (_, i) => ({
				email: `user${i}@example.com`,
				fullName: `User ${i}`,
				businessunitId: 1,
				status: 'Active',
			})),
		);
		const items = Array.from({ length: 50 }, (_, i) => ({ email: `user${i}@example.com`, unit: i % 2 ? 42 : 77 }));
		const { output, error } = await runNode({
			parameters: updateUser({ email: '={{ $json.email }}', businessUnitId: byId('={{ $json.unit }}') }),
			items,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests).toHaveLength(50);
		expect(new Set(imocha.fake.requests.map((r) => r.body.email)).size).toBe(50);
		expect(output).toHaveLength(50);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ email: `user${i}@example.com`, businessunitId: i % 2 ? 42 : 77 });
		});
	});
});

describe('User → Create', () => {
	test('sends email and fullName, and no business unit when none is given', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'dan@example.com', fullName: 'Dan Example' },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/accounts/user/create']);
		expect(request.body).toStrictEqual({ email: 'dan@example.com', fullName: 'Dan Example' });
		expect(output).toEqual([
			{ json: { email: 'dan@example.com', fullName: 'Dan Example', businessunitId: 1 }, pairedItem: { item: 0 } },
		]);
	});

	test('sends businessunitId as a number when one is picked (Additional Fields → Business Unit)', async () => {
		await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'erin@example.com',
				fullName: 'Erin Example',
				additionalFields: { businessUnitId: fromList('42', 'Engineering') },
			},
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests[0].body).toStrictEqual({
			email: 'erin@example.com',
			fullName: 'Erin Example',
			businessunitId: 42,
		});
	});

	// A name is never a number: a number in Full Name means a numeric column (an ID, a phone) was
	// mapped, and sending "123" would create a user named 123. Text that looks like digits is sent.
	test('a Full Name that is a number is refused before sending (Continue On Fail: that item\'s error, paired)', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'user', operation: 'create', email: '={{ $json.email }}', fullName: '={{ $json.name }}' },
			items: [
				{ email: 'num@example.com', name: 123 },
				{ email: 'fay@example.com', name: 'Fay Example' },
			],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toEqual({ error: 'Full Name is the number 123, not a name [item 0]' });
		expect(output[1].json).toMatchObject({ email: 'fay@example.com', fullName: 'Fay Example' });
		expect(imocha.fake.requests.map((request) => request.body)).toEqual([{ email: 'fay@example.com', fullName: 'Fay Example' }]);
	});

	test('shows iMocha\'s message when the user exists already', async () => {
		const { error } = await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'alice@example.com', fullName: 'Alice' },
			credentials: imocha.credentials(),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('User with this email address already exists [item 0]');
	});
});

// After a crash (docs/running-at-scale.md) a batch is run again: the users created before it must
// not fail the run. iMocha's answer for an existing email is not documented; the fake answers the
// inferred 400 {"errors": ["User with this email address already exists"]} (docs/operations.md).
describe('User → Create: If the User Already Exists', () => {
	const createEach = (overrides: Record<string, unknown> = {}) => ({
		resource: 'user',
		operation: 'create',
		email: '={{ $json.email }}',
		fullName: '={{ $json.name }}',
		...overrides,
	});
	const usersNamed = (email: string) =>
		imocha.fake.state.users.filter((u: { email: string }) => u.email.toLowerCase() === email.toLowerCase());

	test('Continue: an existing user is that item\'s output, marked alreadyExisted: true; new users are created and marked false', async () => {
		const { output, error } = await runNode({
			parameters: createEach({ ifUserExists: 'continue' }),
			items: [
				{ email: 'alice@example.com', name: 'Alice Example' },
				{ email: 'dan@example.com', name: 'Dan Example' },
			],
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.path, r.status])).toEqual([
			['/v3/accounts/user/create', 400],
			['/v3/accounts/user/create', 200],
		]);
		expect(output).toEqual([
			{ json: { email: 'alice@example.com', alreadyExisted: true }, pairedItem: { item: 0 } },
			{ json: { email: 'dan@example.com', fullName: 'Dan Example', businessunitId: 1, alreadyExisted: false }, pairedItem: { item: 1 } },
		]);
		expect(usersNamed('alice@example.com')).toHaveLength(1);
		expect(usersNamed('dan@example.com')).toHaveLength(1);
	});

	test('Fail (the default) is unchanged: the existing user fails the item with iMocha\'s message', async () => {
		const { error } = await runNode({
			parameters: createEach({ ifUserExists: 'fail' }),
			items: [{ email: 'alice@example.com', name: 'Alice Example' }],
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('User with this email address already exists [item 0]');
	});

	test('Continue does not hide other refusals: a business unit iMocha does not know still fails the item', async () => {
		const { error } = await runNode({
			parameters: createEach({ ifUserExists: 'continue', additionalFields: { businessUnitId: byId('999') } }),
			items: [{ email: 'dan@example.com', name: 'Dan Example' }],
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests.map((r) => [r.path, r.status])).toEqual([['/v3/accounts/user/create', 400]]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The provided BusinessUnitId is invalid or not associated with your account. [item 0]');
	});

	test('a batch cut short by a crash, run again with Continue: no error, each user created once, the earlier ones marked', async () => {
		const batch = Array.from({ length: 20 }, (_, i) => ({ email: `crash${i}@example.com`, name: `Crash User ${i}` }));
		// The crashed run created the first 7 before its worker died.
		const first = await runNode({ parameters: createEach(), items: batch.slice(0, 7), credentials: imocha.credentials() });
		expect(first.error).toBeUndefined();
		const before = imocha.fake.requests.length;

		const { output, error } = await runNode({
			parameters: createEach({ ifUserExists: 'continue' }),
			items: batch,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.slice(before)).toHaveLength(20);
		expect(output.map((item) => [item.json.email, item.json.alreadyExisted, item.pairedItem])).toEqual(
			batch.map((user, i) => [user.email, i < 7, { item: i }]),
		);
		for (const user of batch) expect(usersNamed(user.email)).toHaveLength(1);
	});
});

describe('User → Activate or deactivate', () => {
	test('sends the status and returns the user', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'user', operation: 'setStatus', email: 'bob@example.com', status: 'Inactive' },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/accounts/user/status']);
		expect(request.body).toStrictEqual({ email: 'bob@example.com', status: 'Inactive' });
		expect(output[0].json).toEqual({ email: 'bob@example.com', fullName: 'Bob Example', businessunitId: 42, status: 'Inactive' });
	});
});

describe('Business Unit → Get Many', () => {
	test('Return All gives one item per business unit', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: true },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect([imocha.fake.requests[0].method, imocha.fake.requests[0].path]).toEqual(['GET', '/v3/accounts/business-units']);
		expect(output.map((item) => item.json.businessUnitName)).toEqual(['Default', 'Engineering', 'Sales']);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	test('Limit cuts the list', async () => {
		const { output } = await runNode({
			parameters: { resource: 'businessUnit', operation: 'getAll', returnAll: false, limit: 2 },
			credentials: imocha.credentials(),
		});
		expect(output.map((item) => item.json.businessUnitId)).toEqual([1, 42]);
	});

	test('the default (no Return All) returns up to 50', async () => {
		imocha.fake.state.businessUnits.push(...Array.from({ length: 60 }, (_, i) => ({ businessUnitId: 1000 + i, businessUnitName: `Unit ${i}` })));
		const { output } = await runNode({
			parameters: { resource: 'businessUnit', operation: 'getAll' },
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.state.businessUnits.length).toBeGreaterThan(50);
		expect(output).toHaveLength(50);
	});
});
