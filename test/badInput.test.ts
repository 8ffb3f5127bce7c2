// Bad input fed through expressions is refused before any request, naming the field and the item
// (and, with Continue On Fail, as that item's error, the other items going through).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runNode } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

/** Runs the node on one item carrying `value`, mapped into the parameters by `={{ $json.value }}`. */
async function refusal(parameters: INodeParameters, value: unknown) {
	const { error } = await runNode({ parameters, items: [{ value } as IDataObject], credentials: imocha.credentials() });
	expect(imocha.fake.requests).toEqual([]);
	return error?.message;
}

describe('Limit must be a whole number of 1 or more', () => {
	test.each([
		['report', 'getAll'],
		['taxonomy', 'getAll'],
	])('%s → %s', async (resource, operation) => {
		for (const limit of [0, -5, 2.5, 'abc']) {
			expect(await refusal({ resource, operation, returnAll: false, limit: '={{ $json.value }}' }, limit)).toBe(
				`Limit "${limit}" is not a whole number of 1 or more [item 0]`,
			);
		}
	});
});

test('a UTC offset beyond ±14:00 or with more than 59 minutes is refused, not shifted', async () => {
	for (const start of ['2025-06-01T09:00:00+25:00', '2025-06-01T09:00:00+05:99']) {
		const parameters = {
			resource: 'invitation',
			operation: 'getAll',
			state: 'completed',
			startDateTime: '={{ $json.value }}',
			endDateTime: '2025-06-02T00:00:00Z',
		};
		expect(await refusal(parameters, start)).toBe(`Start Date and Time "${start}" is not a valid date and time [item 0]`);
	}
});

test('an object or a list in an Employee text field is refused, never sent as "[object Object]"', async () => {
	const parameters = {
		resource: 'employee',
		operation: 'upsert',
		externalEmployeeId: 'HR-7',
		email: 'new.hire@example.com',
		additionalFields: { jobProfile: '={{ $json.value }}' },
	};
	expect(await refusal(parameters, { title: 'Engineer' })).toBe('Job Profile is an object, not text [item 0]');
	expect(await refusal(parameters, ['Engineer'])).toBe('Job Profile is a list, not text [item 0]');
});

test('a name that is a number (a mapped ID column) is refused; digits typed as text are sent', async () => {
	const create = { resource: 'user', operation: 'create', email: 'nathan@example.com', fullName: '={{ $json.value }}' };
	expect(await refusal(create, 4711)).toBe('Full Name is the number 4711, not a name [item 0]');
	const invite = { resource: 'invitation', operation: 'invite', testId: byId('118001'), email: 'zoe@example.com', candidateName: '={{ $json.value }}' };
	expect(await refusal(invite, 42.5)).toBe('Candidate Name is the number 42.5, not a name [item 0]');
	const { error } = await runNode({ parameters: create, items: [{ value: '4711' }], credentials: imocha.credentials() });
	expect(error).toBeUndefined();
	expect(imocha.fake.requests[0].body).toStrictEqual({ email: 'nathan@example.com', fullName: '4711' });
});

test.each([
	['a line break', 'Nathan\nSmith'],
	['a NUL', 'Nathan\u0000Smith'],
	['a tab', 'Nathan\tSmith'],
])('a Full Name with %s is refused', async (_label, fullName) => {
	const parameters = { resource: 'user', operation: 'create', email: 'nathan@example.com', fullName: '={{ $json.value }}' };
	expect(await refusal(parameters, fullName)).toBe('Full Name contains a control character (e.g. a line break or a tab) [item 0]');
});

describe('Callback URL', () => {
	const invite = (callbackUrl: string) => ({
		resource: 'invitation',
		operation: 'invite',
		testId: byId('118002'),
		email: 'zoe@example.com',
		candidateName: 'Zoe Example',
		additionalFields: { callbackUrl },
	});

	test('plain http to another host is refused: it would carry the trigger token in clear text', async () => {
		expect(await refusal(invite('={{ $json.value }}'), 'http://n8n.example.com/webhook/abc/imocha?token=secret-token-123')).toBe(
			'Callback URL "http://n8n.example.com/webhook/abc/imocha?token=secret-token-123" must start with https:// [item 0]',
		);
	});

	test('https, or http to this machine (local tests), is sent', async () => {
		for (const url of ['https://n8n.example.com/webhook/abc/imocha?token=t', 'http://127.0.0.1:5678/webhook/abc/imocha?token=t']) {
			imocha.fake.reset();
			const { error } = await runNode({ parameters: invite(url), credentials: imocha.credentials() });
			expect(error).toBeUndefined();
			expect(imocha.fake.requests[0].body.callbackUrl).toBe(url);
		}
	});
});

test.each([
	['a list', ['a@example.com', 'b@example.com'], 'Email is a list, not an email address [item 0]'],
	['an object', { address: 'a@example.com' }, 'Email is an object, not an email address [item 0]'],
	['a number', 42, 'Email is the number 42, not an email address [item 0]'],
])('an Email that is %s says so (not "is empty")', async (_label, value, message) => {
	expect(await refusal({ resource: 'user', operation: 'update', email: '={{ $json.value }}', businessUnitId: byId('42') }, value)).toBe(message);
});

describe("iMocha's documented fields", () => {
	test('Invitation → Invite sends disableMandatoryFields as 0/1', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'invitation',
				operation: 'invite',
				testId: byId('118002'),
				email: 'zoe@example.com',
				candidateName: 'Zoe Example',
				additionalFields: { disableMandatoryFields: true },
			},
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests[0].body.disableMandatoryFields).toBe(1);
	});

	test('Test → Update Settings can set a violation count to 0, its documented default', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'test', operation: 'updateSettings', testId: byId('118001'), updateFields: { windowViolationCount: 0 } },
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const posted = imocha.fake.requests.find((r) => r.method === 'POST');
		expect(posted?.body.windowViolationSettings.displayViolationSettings.terminateTestAfterViolationCount).toBe(0);
		expect(output[0].json).toMatchObject({ windowViolationSettings: { displayViolationSettings: { terminateTestAfterViolationCount: 0 } } });
	});
});
