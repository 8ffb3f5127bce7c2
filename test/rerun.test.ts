// Running a batch again after it was cut short (a worker killed part-way: docs/running-at-scale.md,
// "When a worker dies"): what a second run of the same items does to iMocha, per operation. The
// first run is modelled as the same node over the first items; the second run gets them all.
import { runNode } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const batch = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com`, name: `${prefix} ${i}` }));

describe('running a batch again after a crash', () => {
	test('User → Update (idempotent): the second run sends every item again, none fails, each user ends in the unit asked for', async () => {
		const users = batch('moved', 10);
		imocha.fake.state.users.push(...users.map((u) => ({ email: u.email, fullName: u.name, businessunitId: 1, status: 'Active' })));
		const parameters = { resource: 'user', operation: 'update', email: '={{ $json.email }}', businessUnitId: byId('77') };
		expect((await runNode({ parameters, items: users.slice(0, 4), credentials: imocha.credentials() })).error).toBeUndefined();

		const { output, error } = await runNode({ parameters, items: users, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.filter((r) => r.status === 200)).toHaveLength(14);
		expect(output.map((item) => item.json.businessunitId)).toEqual(Array(10).fill(77));
		for (const user of users) {
			expect(imocha.fake.state.users.filter((u: { email: string }) => u.email === user.email).map((u: { businessunitId: number }) => u.businessunitId)).toEqual([77]);
		}
	});

	test('Invitation → Invite (idempotent per email, §6.6): the second run returns the same invitations, one per candidate', async () => {
		const candidates = batch('invited', 6);
		const parameters = { resource: 'invitation', operation: 'invite', testId: byId('118001'), email: '={{ $json.email }}', candidateName: '={{ $json.name }}' };
		const first = await runNode({ parameters, items: candidates.slice(0, 3), credentials: imocha.credentials() });
		expect(first.error).toBeUndefined();

		const { output, error } = await runNode({ parameters, items: candidates, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const ids = output.map((item) => item.json.testInvitationId);
		expect(ids.slice(0, 3)).toEqual(first.output.map((item) => item.json.testInvitationId));
		expect(new Set(ids).size).toBe(6);
		for (const { email } of candidates) {
			expect(imocha.fake.state.invitations.filter((i: { email: string }) => i.email === email)).toHaveLength(1);
		}
	});

	test('Invitation → Cancel (not idempotent, §6.10): the ones cancelled before are refused on the second run (the message iMocha documents does not say they were cancelled); with On Error → Continue they are error items and every invitation ends Cancelled', async () => {
		const candidates = batch('cancelled', 4);
		const invited = await runNode({
			parameters: { resource: 'invitation', operation: 'invite', testId: byId('118001'), email: '={{ $json.email }}', candidateName: '={{ $json.name }}' },
			items: candidates,
			credentials: imocha.credentials(),
		});
		const ids = invited.output.map((item) => ({ id: item.json.testInvitationId }));
		const parameters = { resource: 'invitation', operation: 'cancel', invitationId: '={{ $json.id }}' };
		expect((await runNode({ parameters, items: ids.slice(0, 2), credentials: imocha.credentials() })).error).toBeUndefined();

		const { output, error } = await runNode({ parameters, items: ids, credentials: imocha.credentials(), continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error ?? item.json.status)).toEqual([
			'Testinvitation state in inprogress, complete, and expired can not be cancelled. [item 0]',
			'Testinvitation state in inprogress, complete, and expired can not be cancelled. [item 1]',
			'cancelled',
			'cancelled',
		]);
		for (const { id } of ids) {
			expect(imocha.fake.state.invitations.find((i: { testInvitationId: number }) => i.testInvitationId === id).status).toBe('Cancelled');
		}
	});

	test('User → Create with If the User Already Exists = Continue (not idempotent): the second run completes, each user once', async () => {
		const users = batch('created', 8);
		const parameters = { resource: 'user', operation: 'create', email: '={{ $json.email }}', fullName: '={{ $json.name }}', ifUserExists: 'continue' };
		expect((await runNode({ parameters, items: users.slice(0, 5), credentials: imocha.credentials() })).error).toBeUndefined();

		const { output, error } = await runNode({ parameters, items: users, credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.alreadyExisted)).toEqual([true, true, true, true, true, false, false, false]);
		for (const { email } of users) expect(imocha.fake.state.users.filter((u: { email: string }) => u.email === email)).toHaveLength(1);
	});
});
