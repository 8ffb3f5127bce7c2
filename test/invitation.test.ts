import { DateTime } from 'luxon';
import { getGlobalState } from 'n8n-workflow';
import { runNode } from './harness';
import { byId, fromList, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

const invite = (overrides: Record<string, unknown> = {}) => ({
	resource: 'invitation',
	operation: 'invite',
	testId: byId('118001'),
	email: 'new.candidate@example.com',
	candidateName: 'New Candidate',
	...overrides,
});

const invitationOp = (operation: string, invitationId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'invitation',
	operation,
	invitationId,
	...extra,
});

describe('Invitation → Invite', () => {
	test('POST /v3/tests/{testId}/invite with {email, name}; returns testInvitationId, testUrl and status', async () => {
		const { output, error } = await runNode({ parameters: invite(), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/tests/118001/invite']);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ email: 'new.candidate@example.com', name: 'New Candidate' });
		expect(output).toEqual([
			{
				json: { testInvitationId: 2933000, testUrl: expect.stringMatching(/^https:\/\//), status: 'Pending' },
				pairedItem: { item: 0 },
			},
		]);
		expect(imocha.fake.state.invitations.at(-1)).toMatchObject({ testInvitationId: 2933000, status: 'Pending', sendEmail: 'no' });
	});

	test('every option, typed as the contract says: yes/no, 0/1, UTC dates, integer time zone', async () => {
		const { error } = await runNode({
			parameters: invite({
				additionalFields: {
					callbackUrl: 'https://hooks.example.com/imocha',
					redirectUrl: 'https://careers.example.com/thanks',
					sendEmail: true,
					hideInstruction: true,
					startDateTime: '2025-06-01T09:00:00+02:00',
					endDateTime: '2025-06-08T17:30:00Z',
					timeZoneId: '1720',
					proctoringMode: 'image',
					stakeholderEmails: 'lead@example.com;  hr@example.com',
				},
			}),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(imocha.fake.requests[0].rawBody)).toStrictEqual({
			email: 'new.candidate@example.com',
			name: 'New Candidate',
			callbackUrl: 'https://hooks.example.com/imocha',
			redirectUrl: 'https://careers.example.com/thanks',
			sendEmail: 'yes',
			hideInstruction: 1,
			startDateTime: '2025-06-01T07:00:00Z',
			endDateTime: '2025-06-08T17:30:00Z',
			timeZoneId: 1720,
			ProctoringMode: 'image',
			stakeholderEmails: 'lead@example.com,hr@example.com',
		});
	});

	test("a date picked without an offset is read in the workflow's time zone and sent in UTC", async () => {
		const zone = getGlobalState().defaultTimezone; // the workflow has no zone of its own
		await runNode({ parameters: invite({ additionalFields: { startDateTime: '2025-06-01T09:00:00' } }), credentials: imocha.credentials() });
		const expected = DateTime.fromISO('2025-06-01T09:00:00', { zone }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
		expect(imocha.fake.requests[0].body.startDateTime).toBe(expected);
	});

	test("the workflow's time zone through n8n: a daylight-saving gap moves forward, an overlap takes the first time", async () => {
		const { error } = await runNode({
			parameters: invite({ additionalFields: { startDateTime: '2026-03-08T02:30:00', endDateTime: '2026-11-01T01:30:00' } }),
			credentials: imocha.credentials(),
			timezone: 'America/New_York',
		});
		expect(error).toBeUndefined();
		// 02:30 is skipped that night (read as 03:30 EDT); 01:30 happens twice (the first, EDT, is taken).
		expect(imocha.fake.requests[0].body).toMatchObject({ startDateTime: '2026-03-08T07:30:00Z', endDateTime: '2026-11-01T05:30:00Z' });
	});

	test("an unknown workflow time zone refuses a time without an offset (Continue On Fail: that item's error, paired)", async () => {
		const { output, error } = await runNode({
			parameters: invite({ email: '={{ $json.email }}', additionalFields: { startDateTime: '={{ $json.start }}' } }),
			items: [
				{ email: 'one@example.com', start: '2025-06-01T09:00:00' }, // needs the zone: refused
				{ email: 'two@example.com', start: '2025-06-01T09:00:00+02:00' }, // has its offset: sent
			],
			credentials: imocha.credentials(),
			timezone: 'Mars/Olympus_Mons',
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toEqual({
			error: 'Start Date and Time "2025-06-01T09:00:00" has no UTC offset, and the workflow\'s time zone "Mars/Olympus_Mons" is not a known time zone [item 0]',
		});
		expect(output[1].json).toMatchObject({ status: 'Pending' });
		expect(imocha.fake.requests.map((request) => request.body.email)).toEqual(['two@example.com']);
		expect(imocha.fake.requests[0].body.startDateTime).toBe('2025-06-01T07:00:00Z');
	});

	test('send email off is sent as "no", hide instructions off as 0', async () => {
		await runNode({
			parameters: invite({ additionalFields: { sendEmail: false, hideInstruction: false, stakeholderEmails: 'Disable' } }),
			credentials: imocha.credentials(),
		});
		expect(imocha.fake.requests[0].body).toMatchObject({ sendEmail: 'no', hideInstruction: 0, stakeholderEmails: 'disable' });
	});

	test('a test link uses POST /v3/tests/{testId}/testlinks/{testLinkId}/invite', async () => {
		const { output, error } = await runNode({
			parameters: invite({ additionalFields: { testLinkId: fromList('460002', 'Campus Drive 2025') } }),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		expect(imocha.fake.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/v3/tests/118001/testlinks/460002/invite']]);
		expect(imocha.fake.state.invitations.at(-1)).toMatchObject({ testInvitationId: output[0].json.testInvitationId, testLinkId: 460002 });
	});

	test('an empty test link means the default link', async () => {
		await runNode({ parameters: invite({ additionalFields: { testLinkId: byId('') } }), credentials: imocha.credentials() });
		expect(imocha.fake.requests[0].path).toBe('/v3/tests/118001/invite');
	});

	test('inviting the same email again returns the same invitation, with its status', async () => {
		const first = await runNode({ parameters: invite(), credentials: imocha.credentials() });
		const again = await runNode({ parameters: invite(), credentials: imocha.credentials() });
		expect(again.output[0].json).toEqual(first.output[0].json);
		await imocha.fake.completeInvitation(first.output[0].json.testInvitationId as number);
		const afterCompletion = await runNode({ parameters: invite(), credentials: imocha.credentials() });
		expect(afterCompletion.output[0].json).toMatchObject({ testInvitationId: first.output[0].json.testInvitationId, status: 'Complete' });
	});

	test.each([
		['an invalid email', { email: 'nathan@' }, /^Email "nathan@" is not a valid email address \[item 0\]$/, "Use an address like nathan@example.com in 'Email'."],
		['a non-numeric test', { testId: byId('={{ "java" }}') }, /^Test "java" is not a positive whole number \[item 0\]$/, "'Test' takes iMocha's numeric ID"],
		['an unknown proctoring mode', { additionalFields: { proctoringMode: '={{ "audio" }}' } }, /^Proctoring Mode "audio" is not one of disabled, image, video \[item 0\]$/, 'Pick one of: disabled, image, video.'],
		['an unparseable date', { additionalFields: { startDateTime: '={{ "next monday" }}' } }, /^Start Date and Time "next monday" is not a valid date and time \[item 0\]$/, "Use ISO 8601 in 'Start Date and Time', e.g. 2025-06-01T09:00:00Z"],
		['a start after the end', { additionalFields: { startDateTime: '2025-06-09T00:00:00Z', endDateTime: '2025-06-08T00:00:00Z' } }, /^Start Date and Time \(2025-06-09T00:00:00Z\) is after End Date and Time \(2025-06-08T00:00:00Z\) \[item 0\]$/, "Set 'Start Date and Time' to a time before 'End Date and Time'."],
		['a callback URL that is not a URL', { additionalFields: { callbackUrl: 'hooks.example.com' } }, /^Callback URL "hooks.example.com" is not a valid URL \[item 0\]$/, "Enter a full address starting with https:// in 'Callback URL'"],
		['a bad stakeholder email', { additionalFields: { stakeholderEmails: 'lead@example.com, nobody' } }, /^Stakeholder Emails "nobody" is not a valid email address \[item 0\]$/, "Use an address like nathan@example.com in 'Stakeholder Emails'."],
		['a text time zone', { additionalFields: { timeZoneId: 'IST' } }, /^Time Zone ID "IST" is not a positive whole number \[item 0\]$/, "'Time Zone ID' takes iMocha's numeric ID"],
		['a non-numeric test link', { additionalFields: { testLinkId: byId('={{ "default" }}') } }, /^Test Link "default" is not a positive whole number \[item 0\]$/, "'Test Link' takes iMocha's numeric ID"],
	])('%s is refused before any request', async (_label, overrides, message, toDo) => {
		const { error } = await runNode({ parameters: invite(overrides), credentials: imocha.credentials() });
		expect(error?.message).toMatch(message);
		// What to do, in which field.
		expect(error?.description).toMatch(toDo);
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test("iMocha's validation text surfaces ({\"errors\": [...]} shape)", async () => {
		const { error } = await runNode({
			parameters: invite({ additionalFields: { testLinkId: byId('460005') }, testId: byId('118003') }),
			credentials: imocha.credentials(),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Test link id: 460005 is inactive. [item 0]');
	});
});

describe('Invitation → Cancel', () => {
	test('invite → cancel → a second cancel fails with iMocha\'s {"statusCode", "message"} text', async () => {
		const invited = await runNode({ parameters: invite(), credentials: imocha.credentials() });
		const id = invited.output[0].json.testInvitationId;
		const cancelled = await runNode({ parameters: invitationOp('cancel', `={{ ${id} }}`), credentials: imocha.credentials() });
		expect(cancelled.error).toBeUndefined();
		expect(imocha.fake.requests[1]).toMatchObject({ method: 'POST', path: `/v3/invitations/${id}/cancel`, rawBody: '' });
		expect(cancelled.output[0].json).toEqual({ testInvitationId: id, status: 'cancelled' });

		const again = await runNode({ parameters: invitationOp('cancel', String(id)), credentials: imocha.credentials() });
		expect(again.error?.name).toBe('NodeApiError');
		expect(again.error?.httpCode).toBe('400');
		expect(again.error?.message).toBe('Testinvitation state in inprogress, complete, and expired can not be cancelled. [item 0]');
	});

	test('a non-numeric invitation ID is refused before any request', async () => {
		const { error } = await runNode({ parameters: invitationOp('cancel', 'INV-42'), credentials: imocha.credentials() });
		expect(error?.message).toBe('Invitation ID "INV-42" is not a positive whole number [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});
});

describe('Invitation → Reattempt', () => {
	test('a completed attempt gets a new invitation; the access fields use the documented PascalCase', async () => {
		const { output, error } = await runNode({
			parameters: invitationOp('reattempt', '2932951', {
				additionalFields: {
					startDateTime: '2025-07-01T00:00:00Z',
					endDateTime: '2025-07-03T00:00:00Z',
					timeZoneId: '1720',
					callbackUrl: 'https://hooks.example.com/imocha',
					sendEmail: true,
					hideInstruction: false,
				},
			}),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v3/invitations/2932951/reattempt']);
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			StartDateTime: '2025-07-01T00:00:00Z',
			EndDateTime: '2025-07-03T00:00:00Z',
			TimeZoneId: 1720,
			CallbackUrl: 'https://hooks.example.com/imocha',
			sendEmail: 'yes',
			hideInstruction: 0,
		});
		expect(output[0].json).toEqual({
			testInvitationId: 2933000,
			testUrl: expect.any(String),
			callbackUrlRegistered: true,
			redirectUrlRegistered: false,
		});
	});

	test('an invitation in progress cannot be reattempted: iMocha\'s text', async () => {
		const { error } = await runNode({ parameters: invitationOp('reattempt', '2932952'), credentials: imocha.credentials() });
		expect(error?.message).toBe('Reattempt is not allowed on Test invitation id: 2932952 which is in inprogress state. [item 0]');
		expect(imocha.fake.requests[0].rawBody).toBe('');
	});
});

describe('Invitation → Get Many (Retrieve invites)', () => {
	const retrieve = (state: string, extra: Record<string, unknown> = {}) => ({
		resource: 'invitation',
		operation: 'getAll',
		state,
		startDateTime: '2020-01-01T00:00:00Z',
		endDateTime: '2099-12-31T23:59:59Z',
		returnAll: true,
		...extra,
	});

	test('POST /v3/candidates/testattempts?state=… with UTC dates; one item per attempt', async () => {
		const { output, error } = await runNode({ parameters: retrieve('completed'), credentials: imocha.credentials() });
		expect(error).toBeUndefined();
		const [request] = imocha.fake.requests;
		expect([request.method, request.path, request.query]).toEqual(['POST', '/v3/candidates/testattempts', { state: 'completed' }]);
		expect(request.body).toStrictEqual({ StartDateTime: '2020-01-01T00:00:00Z', EndDateTime: '2099-12-31T23:59:59Z' });
		expect(output.map((item) => [item.json.testInvitationId, item.json.testStatus])).toEqual([
			[2932951, 'Complete'],
			[2932955, 'Test Left'],
			[2932956, 'Complete'],
		]);
		expect(output[0].json).toEqual({
			testInvitationId: 2932951,
			testId: 118001,
			name: 'Ben Candidate',
			email: 'ben@example.com',
			invitationtype: 'api',
			testStatus: 'Complete',
		});
	});

	test('cancelled and expired; Limit cuts', async () => {
		const cancelled = await runNode({ parameters: retrieve('cancelled'), credentials: imocha.credentials() });
		expect(cancelled.output.map((item) => item.json.testInvitationId)).toEqual([2932953]);
		const expired = await runNode({ parameters: retrieve('expired'), credentials: imocha.credentials() });
		expect(expired.output.map((item) => item.json.testInvitationId)).toEqual([2932954]);
		const limited = await runNode({ parameters: retrieve('completed', { returnAll: false, limit: 2 }), credentials: imocha.credentials() });
		expect(limited.output).toHaveLength(2);
	});

	test('an unknown state and a start after the end are refused before any request', async () => {
		const state = await runNode({ parameters: retrieve('={{ "finished" }}'), credentials: imocha.credentials() });
		expect(state.error?.message).toBe('State "finished" is not one of cancelled, completed, expired [item 0]');
		const order = await runNode({
			parameters: retrieve('completed', { startDateTime: '2025-02-01T00:00:00Z', endDateTime: '2025-01-01T00:00:00Z' }),
			credentials: imocha.credentials(),
		});
		expect(order.error?.message).toMatch(/^Start Date and Time \(2025-02-01T00:00:00Z\) is after End Date and Time/);
		// Both ends are required: an expression that gives nothing is refused, not left out of the body.
		const missing = await runNode({ parameters: retrieve('completed', { endDateTime: '={{ $json.missing }}' }), credentials: imocha.credentials() });
		expect(missing.error?.message).toBe('End Date and Time "undefined" is not a valid date and time [item 0]');
		expect(imocha.fake.requests).toHaveLength(0);
	});

	test('year 0000 (a date that came out as zeros) is refused before any request, naming the field and the item', async () => {
		const { output } = await runNode({
			parameters: retrieve('completed', { startDateTime: '={{ $json.start }}' }),
			items: [{ start: '0000-01-01T00:00:00Z' }, { start: '2020-01-01T00:00:00Z' }],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(output[0].json).toEqual({ error: 'Start Date and Time "0000-01-01T00:00:00Z" is outside the years 1900 to 9999 [item 0]' });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output.slice(1).every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 1)).toBe(true);
		expect(imocha.fake.requests.map((request) => request.body.StartDateTime)).toEqual(['2020-01-01T00:00:00Z']);
	});

	test('dates from expressions: a Luxon DateTime ($now) and a JavaScript Date both become UTC to the second', async () => {
		const { error } = await runNode({
			parameters: retrieve('completed', {
				startDateTime: '={{ $now.minus({ hours: 1 }) }}',
				endDateTime: '={{ new Date(Date.UTC(2099, 0, 1, 12, 30, 15, 250)) }}',
			}),
			credentials: imocha.credentials(),
		});
		expect(error).toBeUndefined();
		const { StartDateTime, EndDateTime } = imocha.fake.requests[0].body;
		expect(StartDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		expect(Math.abs(Date.parse(StartDateTime) - (Date.now() - 3600000))).toBeLessThan(60000);
		expect(EndDateTime).toBe('2099-01-01T12:30:15Z');
	});

	test("a 401 date answer keeps iMocha's {\"result\": null, \"errors\": [...]} text", async () => {
		imocha.fake.fail({
			path: '/v3/candidates/testattempts',
			status: 401,
			body: { result: null, errors: ['Date & time is not in valid format'] },
			times: 2, // n8n repeats a request once after a 401 (a credential refresh)
		});
		const { error } = await runNode({ parameters: retrieve('completed'), credentials: imocha.credentials() });
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toContain('Date & time is not in valid format');
	});
});

describe('Continue On Fail with mixed items', () => {
	test('invite: good items get invitations, bad ones an error item, all paired with their input', async () => {
		const items = [
			{ email: 'one@example.com', name: 'One', test: '118001' },
			{ email: 'two@', name: 'Two', test: '118001' }, // refused before sending
			{ email: 'three@example.com', name: 'Three', test: '999' }, // iMocha: unknown test
			{ email: 'four@example.com', name: 'Four', test: 'abc' }, // refused before sending
			{ email: 'five@example.com', name: 'Five', test: '118002' },
		];
		const { output, error } = await runNode({
			parameters: invite({ email: '={{ $json.email }}', candidateName: '={{ $json.name }}', testId: byId('={{ $json.test }}') }),
			items,
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ status: 'Pending' });
		expect(output[1].json).toEqual({ error: 'Email "two@" is not a valid email address [item 1]' });
		expect(output[2].json).toEqual({ error: 'Test not found for test id: 999 [item 2]' });
		expect(output[3].json).toEqual({ error: 'Test "abc" is not a positive whole number [item 3]' });
		expect(output[4].json).toMatchObject({ status: 'Pending' });
		expect(imocha.fake.requests.map((r) => r.path)).toEqual([
			'/v3/tests/118001/invite',
			'/v3/tests/999/invite',
			'/v3/tests/118002/invite',
		]);
	});

	test('cancel: a Pending invitation is cancelled, a completed one keeps iMocha\'s refusal', async () => {
		const { output } = await runNode({
			parameters: invitationOp('cancel', '={{ $json.id }}'),
			items: [{ id: 2932950 }, { id: 2932951 }, { id: 'x' }],
			credentials: imocha.credentials(),
			continueOnFail: true,
		});
		expect(output.map((item) => item.json)).toEqual([
			{ testInvitationId: 2932950, status: 'cancelled' },
			{ error: 'Testinvitation state in inprogress, complete, and expired can not be cancelled. [item 1]' },
			{ error: 'Invitation ID "x" is not a positive whole number [item 2]' },
		]);
	});
});
