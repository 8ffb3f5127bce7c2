// Business Unit → By Name (User → Update, User → Create's Additional Fields): the name is matched
// trimmed and ignoring case against the account's business units, read once per run through the
// run's client; By ID and From List never read them.
import { runNode } from './harness';
import { byId, byName, fromList, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const UNITS_PATH = '/v3/accounts/business-units';
const lookups = () => imocha.fake.requests.filter((r) => r.path === UNITS_PATH);
const sent = (path: string) => imocha.fake.requests.filter((r) => r.path === path);
const updates = () => sent('/v3/accounts/user/update');

const updateUser = (unit: ReturnType<typeof byId>, email = '={{ $json.email }}') => ({ resource: 'user', operation: 'update', email, businessUnitId: unit });

function addUsers(count: number) {
	imocha.fake.state.users.push(
		...Array.from({ length: count }, (_, i) => ({ email: `user${i}@example.com`, fullName: `User ${i}`, businessunitId: 1, status: 'Active', role: 'Reviewer' })),
	);
}

describe('User → Update, Business Unit by name', () => {
	test('1,000 items with names from expressions (any case, spaces around): one business-units request, then 1,000 updates with numeric ids', async () => {
		addUsers(1000);
		const names: Array<[string, number]> = [
			['Engineering', 42],
			['  sales ', 77],
			['DEFAULT', 1],
			['\teNgInEeRiNg\n', 42],
		];
		const items = Array.from({ length: 1000 }, (_, i) => ({ email: `user${i}@example.com`, unit: names[i % names.length][0] }));
		const { output, error } = await runNode({
			parameters: updateUser(byName('={{ $json.unit }}')),
			items,
			credentials: imocha.credentials(),
		});

		expect(error).toBeUndefined();
		expect(lookups()).toHaveLength(1);
		expect(lookups()[0].method).toBe('GET');
		expect(imocha.fake.requests[0].path).toBe(UNITS_PATH);
		expect(imocha.fake.requests).toHaveLength(1001);
		const bodies = updates().map((r) => JSON.parse(r.rawBody));
		expect(bodies).toHaveLength(1000);
		expect(new Map(bodies.map((body) => [body.email, body]))).toEqual(
			new Map(items.map((item, i) => [item.email, { email: item.email, businessunitId: names[i % names.length][1] }])),
		);
		expect(bodies.every((body) => typeof body.businessunitId === 'number')).toBe(true);
		expect(output).toHaveLength(1000);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ email: `user${i}@example.com`, businessunitId: names[i % names.length][1] });
		});
	});

	test('a typed name is trimmed and matched in any case', async () => {
		const { output, error } = await runNode({
			parameters: updateUser(byName('  eNGINEERING  '), 'alice@example.com'),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', UNITS_PATH],
			['POST', '/v3/accounts/user/update'],
		]);
		expect(JSON.parse(updates()[0].rawBody)).toStrictEqual({ email: 'alice@example.com', businessunitId: 42 });
		expect(output[0].json.businessunitId).toBe(42);
	});

	test('an unknown name fails that item only, naming the field, the value and the closest names; nothing is sent for it', async () => {
		const items = [
			{ email: 'alice@example.com', unit: 'Engineering' },
			{ email: 'bob@example.com', unit: ' Enginering ' },
			{ email: 'carol@example.com', unit: 'Sales' },
		];
		const { output, error } = await runNode({
			parameters: updateUser(byName('={{ $json.unit }}')),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(lookups()).toHaveLength(1);
		expect(updates().map((r) => r.body)).toEqual([
			{ email: 'alice@example.com', businessunitId: 42 },
			{ email: 'carol@example.com', businessunitId: 77 },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.businessunitId).toBe(42);
		expect(output[2].json.businessunitId).toBe(77);
		expect(output[1].json.error).toBe(
			'Business Unit "Enginering" is not the name of a business unit of this iMocha account; closest: "Engineering", "Sales", "Default" [item 1]',
		);
	});

	test('an unknown name that stops the run says what to do', async () => {
		const { error } = await runNode({
			parameters: updateUser(byName('Marketing'), 'alice@example.com'),
			credentials: imocha.credentials(),
		});
		expect(error?.message).toMatch(/^Business Unit "Marketing" is not the name of a business unit of this iMocha account; closest: /);
		expect(error?.description).toMatch(/Business Unit → Get Many/);
		expect(error?.context?.itemIndex).toBe(0);
		expect(updates()).toEqual([]);
	});

	test('a name two units share fails the item and lists their ids; the others go through', async () => {
		imocha.fake.state.businessUnits.push({ businessUnitId: 90, businessUnitName: ' sales', createdOn: '2024-01-02T03:04:05.000' });
		const items = [
			{ email: 'alice@example.com', unit: 'SALES' },
			{ email: 'bob@example.com', unit: 'engineering' },
		];
		const { output, error } = await runNode({
			parameters: updateUser(byName('={{ $json.unit }}')),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(lookups()).toHaveLength(1);
		expect(updates().map((r) => r.body)).toEqual([{ email: 'bob@example.com', businessunitId: 42 }]);
		expect(output[0].json.error).toBe('Business Unit "SALES" matches 2 business units of this iMocha account: ids 77, 90 [item 0]');
		expect(output[0].error?.description).toMatch(/By ID/);
		expect(output[1].json.businessunitId).toBe(42);
	});

	test('an unknown name when iMocha lists fewer units than its count says: the error says the list was incomplete', async () => {
		// The contract documents no paging for business-units (docs/imocha-api.md §5): one answer, with `count`.
		imocha.fake.fail({
			path: UNITS_PATH,
			status: 200,
			body: { businessUnits: [{ businessUnitId: 1, businessUnitName: 'Default', createdOn: '2023-02-28T04:15:53.103' }], count: 3 },
		});
		const { error } = await runNode({ parameters: updateUser(byName('Sales'), 'alice@example.com'), credentials: imocha.credentials() });
		expect(error?.message).toBe('Business Unit "Sales" is not the name of a business unit of this iMocha account; closest: "Default" [item 0]');
		expect(error?.description).toMatch(/^iMocha listed 1 of the account's 3 business units: the unit may be one it left out; use By ID\./);
		expect(updates()).toEqual([]);
	});

	test('an empty name is refused before anything is sent', async () => {
		const { error } = await runNode({
			parameters: updateUser(byName('={{ "  " }}'), 'alice@example.com'),
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Business Unit is empty [item 0]');
		expect(imocha.fake.requests).toEqual([]);
	});

	test('when the business units cannot be read, every item waiting on them fails, after one request, and no update is sent', async () => {
		imocha.fake.fail({ path: UNITS_PATH, status: 401, body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' }, times: 5 });
		const items = ['alice', 'bob', 'carol'].map((name) => ({ email: `${name}@example.com`, unit: 'Sales' }));
		const { output, error } = await runNode({
			parameters: updateUser(byName('={{ $json.unit }}')),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(lookups()).toHaveLength(1);
		expect(updates()).toEqual([]);
		expect(output.map((item) => item.json.error)).toEqual(
			[0, 1, 2].map(
				(i) =>
					`Could not read the account's business units to find Business Unit "Sales": The iMocha API key is invalid or expired: Access denied due to invalid subscription key. [item ${i}]`,
			),
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('a failed read is tried once more by items that ask after it failed (Batching), then kept for the run', async () => {
		imocha.fake.fail({ path: UNITS_PATH, status: 401, body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' }, times: 5 });
		const items = ['alice', 'bob', 'carol'].map((name) => ({ email: `${name}@example.com`, unit: 'Sales' }));
		const { output } = await runNode({
			parameters: { ...updateUser(byName('={{ $json.unit }}')), requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 150 } } } },
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(lookups()).toHaveLength(2);
		expect(updates()).toEqual([]);
		expect(output.every((item) => typeof item.json.error === 'string')).toBe(true);
	});

	test('after a failed read, a later item (Batching) reads again and goes through', async () => {
		imocha.fake.fail({ path: UNITS_PATH, status: 401, body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' }, times: 1 });
		const items = ['alice', 'bob', 'carol'].map((name) => ({ email: `${name}@example.com`, unit: 'Sales' }));
		const { output } = await runNode({
			parameters: { ...updateUser(byName('={{ $json.unit }}')), requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 150 } } } },
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(lookups()).toHaveLength(2);
		expect(output[0].json.error).toMatch(/^Could not read the account's business units/);
		expect(updates().map((r) => r.body.email)).toEqual(['bob@example.com', 'carol@example.com']);
		expect(output.slice(1).map((item) => item.json.businessunitId)).toEqual([77, 77]);
	});

	test('By ID and From List are unchanged: no business-units request', async () => {
		const items = [
			{ email: 'alice@example.com', unit: 42 },
			{ email: 'bob@example.com', unit: '77' },
		];
		const byIdRun = await runNode({ parameters: updateUser(byId('={{ $json.unit }}')), items, credentials: imocha.credentials() });
		expect(byIdRun.error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.path, r.body])).toEqual([
			['/v3/accounts/user/update', { email: 'alice@example.com', businessunitId: 42 }],
			['/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 77 }],
		]);
		imocha.fake.reset();
		const listRun = await runNode({ parameters: updateUser(fromList('1', 'Default')), items, credentials: imocha.credentials() });
		expect(listRun.error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.path, r.body])).toEqual([
			['/v3/accounts/user/update', { email: 'alice@example.com', businessunitId: 1 }],
			['/v3/accounts/user/update', { email: 'bob@example.com', businessunitId: 1 }],
		]);
	});
});

describe("User → Create, Additional Fields → Business Unit by name", () => {
	test('sends the id of the named unit', async () => {
		const { output, error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'erin@example.com',
				fullName: 'Erin Example',
				additionalFields: { businessUnitId: byName(' sales ') },
			},
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(lookups()).toHaveLength(1);
		expect(JSON.parse(sent('/v3/accounts/user/create')[0].rawBody)).toStrictEqual({
			email: 'erin@example.com',
			fullName: 'Erin Example',
			businessunitId: 77,
		});
		expect(output[0].json.businessunitId).toBe(77);
	});

	test('an unknown name refuses the item; nothing is created', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'erin@example.com',
				fullName: 'Erin Example',
				additionalFields: { businessUnitId: byName('Sails') },
			},
			credentials: imocha.credentials(),
		});
		expect(error?.message).toBe('Business Unit "Sails" is not the name of a business unit of this iMocha account; closest: "Sales", "Default", "Engineering" [item 0]');
		expect(sent('/v3/accounts/user/create')).toEqual([]);
	});

	test('By ID sends no business-units request', async () => {
		await runNode({
			parameters: { resource: 'user', operation: 'create', email: 'erin@example.com', fullName: 'Erin', additionalFields: { businessUnitId: byId('42') } },
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests.map((r) => [r.path, r.body.businessunitId])).toEqual([['/v3/accounts/user/create', 42]]);
	});
});
