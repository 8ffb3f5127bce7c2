// How many expressions n8n evaluates per item. In n8n 2.x each evaluation runs in the sandboxed
// expression engine (about 0.5 ms), and RoutingNode evaluates every property definition of a name
// twice per item, so this count is most of the node's cost per item. Counted, not timed: the times
// are in `npm run bench`.
import { Expression } from 'n8n-workflow';
import { runNode } from './harness';
import { byId, byName, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

test('User → Update with email and business unit from upstream: 3 evaluations per field per item, none for the key', async () => {
	const original = Expression.prototype.resolveSimpleParameterValue;
	const calls: string[] = [];
	const spy = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue').mockImplementation(function (this: Expression, ...args) {
		if (typeof args[0] === 'string' && args[0].startsWith('=')) calls.push(args[0]);
		return original.apply(this, args);
	});
	try {
		const items = [{ email: 'bob@example.com', bu: 42 }, { email: 'carol@example.com', bu: 77 }, { email: 'bob@example.com', bu: 1 }];
		const { output, error } = await runNode({
			parameters: { resource: 'user', operation: 'update', email: '={{ $json.email }}', businessUnitId: byId('={{ $json.bu }}') },
			items,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(imocha.fake.requests.map((r) => r.body)).toEqual(items.map(({ email, bu }) => ({ email, businessunitId: bu })));
		const per = (expression: string) => calls.filter((call) => call.includes(expression)).length / items.length;
		// RoutingNode's property pass and its base-URL pass, then the operation's own read.
		expect(per('$json.email')).toBe(3);
		expect(per('$json.bu')).toBe(3);
		// The credential's authenticate is a function: no expression per request.
		expect(calls.filter((call) => call.includes('$credentials'))).toEqual([]);
	} finally {
		spy.mockRestore();
	}
});

test('User → Update with the business unit by name: as many evaluations per item as by ID, and one business-units request', async () => {
	const original = Expression.prototype.resolveSimpleParameterValue;
	const calls: string[] = [];
	const spy = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue').mockImplementation(function (this: Expression, ...args) {
		if (typeof args[0] === 'string' && args[0].startsWith('=')) calls.push(args[0]);
		return original.apply(this, args);
	});
	try {
		const items = [{ email: 'bob@example.com', bu: 'Engineering' }, { email: 'carol@example.com', bu: ' sales' }, { email: 'bob@example.com', bu: 'DEFAULT' }];
		const { output, error } = await runNode({
			parameters: { resource: 'user', operation: 'update', email: '={{ $json.email }}', businessUnitId: byName('={{ $json.bu }}') },
			items,
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(imocha.fake.requests.filter((r) => r.path === '/v3/accounts/business-units')).toHaveLength(1);
		const per = (expression: string) => calls.filter((call) => call.includes(expression)).length / items.length;
		expect(per('$json.email')).toBe(3);
		expect(per('$json.bu')).toBe(3);
	} finally {
		spy.mockRestore();
	}
});
