import { runNode } from './harness';
import { useFakeImocha } from './helpers';

// Two fakes, so every test also shows which host a request went to.
const assessment = useFakeImocha();
const intelligence = useFakeImocha();
const credentials = () => ({ ...assessment.credentials(), skillsIntelligenceBaseUrl: intelligence.url });
const requests = () => intelligence.fake.requests;

const upsert = (overrides: Record<string, unknown> = {}) => ({
	resource: 'employee',
	operation: 'upsert',
	externalEmployeeId: 'HR-7',
	email: 'new.hire@example.com',
	...overrides,
});
const getAllSkills = (overrides: Record<string, unknown> = {}) => ({ resource: 'employee', operation: 'getAllSkills', ...overrides });
const pagesAsked = () => requests().map((r) => [r.query.pageNumber, r.query.pageSize]);

afterEach(() => {
	// Skills Intelligence operations never touch the Skills Assessment host.
	expect(assessment.fake.requests).toEqual([]);
});

describe('Employee → Create or Update', () => {
	test('sends only the required fields to POST /employees/upsert on the Skills Intelligence host', async () => {
		const { output, error } = await runNode({ parameters: upsert(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests()).toHaveLength(1);
		const [request] = requests();
		expect([request.method, request.path, request.headers['x-api-key']]).toEqual(['POST', '/employees/upsert', 'test-key']);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(JSON.parse(request.rawBody)).toStrictEqual({ externalEmployeeId: 'HR-7', email: 'new.hire@example.com' });
		expect(output).toEqual([
			{
				json: expect.objectContaining({ employeeId: 1231, externalEmployeeId: 'HR-7', email: 'new.hire@example.com', isNew: true }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('sends the additional fields that are set, trimmed, merged over Other Fields; empty ones are left out', async () => {
		const { error } = await runNode({
			parameters: upsert({
				additionalFields: {
					firstName: ' Nathan ',
					lastName: '',
					jobProfile: 'Software Engineer',
					status: 'Inactive',
					otherFields: '{"department": "Sales", "firstName": "Overridden", "grade": 3}',
				},
			}),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(requests()[0].body).toStrictEqual({
			department: 'Sales',
			grade: 3,
			externalEmployeeId: 'HR-7',
			email: 'new.hire@example.com',
			firstName: 'Nathan',
			jobProfile: 'Software Engineer',
			status: 'Inactive',
		});
	});

	test('updates the employee matched on external ID and email, with ids mapped from numbers sent as text', async () => {
		const { output, error } = await runNode({
			parameters: upsert({ externalEmployeeId: '={{ $json.id }}', email: '={{ $json.mail }}', additionalFields: { jobCode: 'ENG-2' } }),
			items: [{ id: 17, mail: 'seventeen@example.com' }],
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(requests()[0].body).toStrictEqual({ externalEmployeeId: '17', email: 'seventeen@example.com', jobCode: 'ENG-2' });
		expect(output[0].json).toMatchObject({ isNew: true });

		const again = await runNode({
			parameters: upsert({ externalEmployeeId: 'EMP-0001', email: 'employee0001@example.com', additionalFields: { status: 'Inactive' } }),
			credentials: credentials(),
		});
		expect(again.output[0].json).toMatchObject({ employeeId: 1001, status: 'Inactive', isNew: false });
	});

	test.each([
		['an invalid email', upsert({ email: '={{ "jane@" }}' }), 'Email "jane@" is not a valid email address [item 0]', "Use an address like nathan@example.com in 'Email'."],
		['an empty external ID', upsert({ externalEmployeeId: '={{ "  " }}' }), 'External Employee ID is empty [item 0]', "Enter a value for 'External Employee ID'."],
		['a missing external ID', upsert({ externalEmployeeId: '={{ $json.nothing }}' }), 'External Employee ID is empty [item 0]', "Enter a value for 'External Employee ID'."],
		['Other Fields that are not JSON', upsert({ additionalFields: { otherFields: '{department: Sales}' } }), /^Other Fields \(JSON\) is not valid JSON/, "Enter a JSON value in 'Other Fields (JSON)'"],
		['Other Fields that are a list', upsert({ additionalFields: { otherFields: '[1, 2]' } }), 'Other Fields (JSON) must be a JSON object [item 0]', "Enter an object in 'Other Fields (JSON)'"],
		['an unknown status', upsert({ additionalFields: { status: '={{ "Gone" }}' } }), 'Status "Gone" is not one of Active, Inactive [item 0]', 'Pick one of: Active, Inactive.'],
	])('refuses %s before any request', async (_label, parameters, message, toDo) => {
		const { error } = await runNode({ parameters, credentials: credentials() });
		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
		// What to do, in which field.
		expect(error?.description).toMatch(toDo);
		expect(requests()).toHaveLength(0);
	});

	test('is sent again after an outage: it sets the same state twice', async () => {
		intelligence.fake.fail({ path: '/employees/upsert', status: 503, body: '<html>Service Unavailable</html>' });
		const { output, error } = await runNode({ parameters: upsert(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path])).toEqual(Array(2).fill(['POST', '/employees/upsert']));
		expect(output[0].json).toMatchObject({ externalEmployeeId: 'HR-7', isNew: true });
	});

	test("iMocha's refusal is the error message", async () => {
		const { error } = await runNode({
			parameters: upsert({ externalEmployeeId: 'EMP-0001', email: 'someone.else@example.com' }),
			credentials: credentials(),
		});
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe('externalEmployeeId EMP-0001 and email someone.else@example.com belong to different employees [item 0]');
	});
});

describe('Employee → Get Skills Profile', () => {
	test('reads GET /employees/{id}/skills-profile and parses the JSON iMocha labels text/plain', async () => {
		const { output, error } = await runNode({
			parameters: { resource: 'employee', operation: 'getSkills', employeeId: '={{ $json.id }}' },
			items: [{ id: 1002 }, { id: '1003' }],
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path])).toEqual([
			['GET', '/employees/1002/skills-profile'],
			['GET', '/employees/1003/skills-profile'],
		]);
		expect(output).toHaveLength(2);
		expect(output[0].json).toMatchObject({ employeeId: 1002, externalEmployeeId: 'EMP-0002', email: 'employee0002@example.com' });
		expect(Array.isArray(output[0].json.skills)).toBe(true);
		expect((output[0].json.skills as Array<{ skill: { skillName: string } }>)[0].skill.skillName).toBeTruthy();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('refuses an employee ID that is not a number, before any request', async () => {
		const { error } = await runNode({
			parameters: { resource: 'employee', operation: 'getSkills', employeeId: '={{ "EMP-0001" }}' },
			credentials: credentials(),
		});
		expect(error?.message).toBe('Employee ID "EMP-0001" is not a positive whole number [item 0]');
		expect(requests()).toHaveLength(0);
	});

	test('an unknown employee is a 404 with iMocha\'s text', async () => {
		const { error } = await runNode({
			parameters: { resource: 'employee', operation: 'getSkills', employeeId: '999999' },
			credentials: credentials(),
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toBe('Employee 999999 not found [item 0]');
	});
});

describe('Employee → Get Many Skills Profiles', () => {
	test('Return All walks 3 pages of 100 until hasNextPage is false: every employee once, in order', async () => {
		const { output, error } = await runNode({ parameters: getAllSkills({ returnAll: true, simplify: false }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path])).toEqual(Array(3).fill(['GET', '/employees/skills-profile']));
		expect(pagesAsked()).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		const ids = output.map((item) => item.json.employeeId);
		expect(ids).toHaveLength(230);
		expect(ids).toEqual(Array.from({ length: 230 }, (_, i) => 1001 + i));
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	test.each([
		['Limit inside the first page', 5, [['1', '5']], 5],
		['Limit exactly one full page', 100, [['1', '100']], 100],
		['Limit in the middle of the second page', 150, [['1', '100'], ['2', '100']], 150],
		['Limit exactly on the second page boundary', 200, [['1', '100'], ['2', '100']], 200],
		['Limit beyond the last employee', 1000, [['1', '100'], ['2', '100'], ['3', '100']], 230],
	])('%s: stops at Limit with no gap or repeat', async (_label, limit, pages, count) => {
		const { output } = await runNode({ parameters: getAllSkills({ limit, simplify: false }), credentials: credentials() });
		expect(pagesAsked()).toEqual(pages);
		expect(output.map((item) => item.json.employeeId)).toEqual(Array.from({ length: count }, (_, i) => 1001 + i));
	});

	test('the last page ending exactly on the last employee ends the walk (hasNextPage false)', async () => {
		intelligence.fake.state.employeeCount = 300;
		const { output } = await runNode({ parameters: getAllSkills({ returnAll: true }), credentials: credentials() });
		expect(pagesAsked()).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		expect(new Set(output.map((item) => item.json.employeeId)).size).toBe(300);
	});

	test('an empty list gives no items and one request', async () => {
		intelligence.fake.state.employeeCount = 0;
		const { output, error } = await runNode({ parameters: getAllSkills({ returnAll: true }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toEqual([]);
		expect(requests()).toHaveLength(1);
	});

	test('Simplify (on by default) keeps who the employee is and one line per skill', async () => {
		const { output } = await runNode({ parameters: getAllSkills({ limit: 3 }), credentials: credentials() });
		expect(output).toHaveLength(3);
		for (const { json } of output) {
			expect(Object.keys(json)).toEqual(['employeeId', 'externalEmployeeId', 'email', 'fullName', 'skills']);
			for (const skill of json.skills as object[]) {
				expect(Object.keys(skill)).toEqual(['skillName', 'weightedProficiencyScore', 'skillRequiredProficiency', 'skillGapInPercentage']);
			}
		}
		expect(output[0].json).toEqual({
			employeeId: 1001,
			externalEmployeeId: 'EMP-0001',
			email: 'employee0001@example.com',
			fullName: 'Employee 0001',
			skills: [
				{ skillName: 'SQL', weightedProficiencyScore: 1.3, skillRequiredProficiency: 4, skillGapInPercentage: 11 },
				{ skillName: 'Azure', weightedProficiencyScore: 3, skillRequiredProficiency: 4, skillGapInPercentage: 18 },
			],
		});
	});

	test('Simplify off returns the raw skills profiles', async () => {
		const { output } = await runNode({ parameters: getAllSkills({ limit: 1, simplify: false }), credentials: credentials() });
		expect((output[0].json.skills as Array<Record<string, unknown>>)[0]).toHaveProperty('skill.skillClassification');
		expect((output[0].json.skills as Array<Record<string, unknown>>)[0]).toHaveProperty('iMochaValidationScore');
	});

	test('Modified Since goes in UTC as SkillProfileModifiedSince; Search as searchText', async () => {
		const { output } = await runNode({
			parameters: getAllSkills({ returnAll: true, filters: { modifiedSince: '2025-05-31T02:00:00+02:00', search: ' employee001 ' } }),
			credentials: credentials(),
		});
		expect(requests()[0].query).toEqual({ SkillProfileModifiedSince: '2025-05-31T00:00:00Z', searchText: 'employee001', pageNumber: '1', pageSize: '100' });
		// Employee i changed i hours before 2025-06-01T00:00Z: 1..24 qualify, and 10..19 match the search.
		expect(output.map((item) => item.json.externalEmployeeId)).toEqual(Array.from({ length: 10 }, (_, i) => `EMP-00${10 + i}`));
	});

	test('an invalid Modified Since is refused before any request', async () => {
		const { error } = await runNode({
			parameters: getAllSkills({ filters: { modifiedSince: '={{ "last tuesday" }}' } }),
			credentials: credentials(),
		});
		expect(error?.message).toBe('Modified Since "last tuesday" is not a valid date and time [item 0]');
		expect(requests()).toHaveLength(0);
	});

	test('a failed page stops the run with iMocha\'s message', async () => {
		intelligence.fake.fail({ path: '/employees/skills-profile', status: 500, body: { errors: ['Temporary outage'] } });
		const { error } = await runNode({ parameters: getAllSkills({ returnAll: true }), credentials: credentials() });
		expect(error?.message).toBe('Temporary outage [item 0]');
		expect(error?.httpCode).toBe('500');
	});
});

describe('Employee → Add Certificates', () => {
	const addCertificates = (overrides: Record<string, unknown> = {}) => ({
		resource: 'employee',
		operation: 'addCertificates',
		externalEmployeeId: 'EMP-0007',
		certificates: { certificate: [{ title: 'AWS Certified Cloud Practitioner', isStandardCertificate: true }] },
		...overrides,
	});
	const received = () => intelligence.fake.state.employeeCertificates;

	test('sends the certificates as one array to POST /employees/{externalEmployeeId}/certificates; 201 with no body is success', async () => {
		const { output, error } = await runNode({
			parameters: addCertificates({
				certificates: {
					certificate: [
						{
							title: ' AWS Certified Cloud Practitioner ',
							isStandardCertificate: true,
							issuer: 'Amazon Web Services',
							validTill: '2027-06-30T00:00:00Z',
							licenseNumber: 'AWS-CCP-123456',
						},
						// Empty optional fields are not sent.
						{ title: 'Onboarding: Secure Coding', isStandardCertificate: false, issuer: '', validTill: '', licenseNumber: '' },
					],
				},
			}),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.method, r.path, r.headers['x-api-key'], r.status])).toEqual([
			['POST', '/employees/EMP-0007/certificates', 'test-key', 201],
		]);
		const certificates = [
			{
				title: 'AWS Certified Cloud Practitioner',
				isStandardCertificate: true,
				issuer: 'Amazon Web Services',
				validTill: '2027-06-30T00:00:00Z',
				licenseNumber: 'AWS-CCP-123456',
			},
			{ title: 'Onboarding: Secure Coding', isStandardCertificate: false },
		];
		expect(JSON.parse(requests()[0].rawBody)).toStrictEqual(certificates);
		expect(received()).toEqual([{ externalEmployeeId: 'EMP-0007', certificates }]);
		expect(output).toEqual([
			{ json: { externalEmployeeId: 'EMP-0007', certificatesSent: 2, certificates }, pairedItem: { item: 0 } },
		]);
	});

	test('Using JSON: a list mapped from upstream; a date without an offset is read in the workflow time zone; the id is escaped in the path', async () => {
		const { output, error } = await runNode({
			parameters: addCertificates({
				externalEmployeeId: '={{ $json.employee }}',
				certificatesInput: 'json',
				certificatesJson: '={{ $json.certificates }}',
			}),
			items: [
				{
					employee: 'EMP-0003',
					certificates: [{ title: 'Data Engineering Foundations', isStandardCertificate: false, issuer: 'Example Academy', validTill: '2026-12-31' }],
				},
				// One certificate as an object; an HRIS id with a slash, escaped in the path (and unknown to iMocha).
				{ employee: 'HR/9', certificates: { title: 'PMP', isStandardCertificate: true } },
			],
			timezone: 'Europe/Berlin',
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(requests().map((r) => [r.path, r.body, r.status])).toEqual([
			[
				'/employees/EMP-0003/certificates',
				[{ title: 'Data Engineering Foundations', isStandardCertificate: false, issuer: 'Example Academy', validTill: '2026-12-30T23:00:00Z' }],
				201,
			],
			['/employees/HR%2F9/certificates', [{ title: 'PMP', isStandardCertificate: true }], 404],
		]);
		expect(output.map((item) => [item.json.externalEmployeeId ?? item.json.error, item.pairedItem])).toEqual([
			['EMP-0003', { item: 0 }],
			['Employee HR/9 not found [item 1]', { item: 1 }],
		]);
	});

	test("several items for one employee: one request per item, in the items' order", async () => {
		const { output, error } = await runNode({
			parameters: addCertificates({
				certificates: { certificate: [{ title: '={{ $json.course }}', isStandardCertificate: false }] },
			}),
			items: [{ course: 'SQL Basics' }, { course: 'SQL Advanced' }],
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(received()).toEqual([
			{ externalEmployeeId: 'EMP-0007', certificates: [{ title: 'SQL Basics', isStandardCertificate: false }] },
			{ externalEmployeeId: 'EMP-0007', certificates: [{ title: 'SQL Advanced', isStandardCertificate: false }] },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test.each([
		['no certificate', addCertificates({ certificates: {} }), 'There are no certificates to add [item 0]', "Add at least one certificate under 'Certificates', or map a non-empty list to 'Certificates (JSON)'."],
		['an empty JSON list', addCertificates({ certificatesInput: 'json', certificatesJson: '[]' }), 'There are no certificates to add [item 0]', "Add at least one certificate under 'Certificates', or map a non-empty list to 'Certificates (JSON)'."],
		['an empty title', addCertificates({ certificates: { certificate: [{ title: '  ', isStandardCertificate: true }] } }), 'Title of certificate 1 is empty [item 0]', "Enter a value for 'Title of certificate 1'."],
		[
			'"yes" as Is Standard Certificate',
			addCertificates({ certificates: { certificate: [{ title: 'PMP', isStandardCertificate: '={{ "yes" }}' }] } }),
			'Is Standard Certificate of certificate 1 is the text "yes", not true or false [item 0]',
			"'Is Standard Certificate' takes a boolean: true or false",
		],
		[
			'"true" as text in JSON',
			addCertificates({ certificatesInput: 'json', certificatesJson: '[{"title": "A", "isStandardCertificate": true}, {"title": "B", "isStandardCertificate": "true"}]' }),
			'Is Standard Certificate of certificate 2 in Certificates (JSON) is the text "true", not true or false [item 0]',
			"'Is Standard Certificate' takes a boolean: true or false",
		],
		[
			'a missing Is Standard Certificate in JSON',
			addCertificates({ certificatesInput: 'json', certificatesJson: '[{"title": "A"}]' }),
			'Is Standard Certificate of certificate 1 in Certificates (JSON) is missing [item 0]',
			"'Is Standard Certificate' takes a boolean: true or false",
		],
		[
			'a Valid Till that is no date',
			addCertificates({ certificates: { certificate: [{ title: 'PMP', isStandardCertificate: true, validTill: '={{ "next year" }}' }] } }),
			'Valid Till of certificate 1 "next year" is not a valid date and time [item 0]',
			"Use ISO 8601 in 'Valid Till of certificate 1'",
		],
		[
			'an unknown field in JSON',
			addCertificates({ certificatesInput: 'json', certificatesJson: '{"title": "A", "isStandardCertificate": true, "expiry": "2026-01-01"}' }),
			'certificate 1 in Certificates (JSON) has a field iMocha does not take: expiry [item 0]',
			'A certificate takes only title, isStandardCertificate, issuer, validTill, licenseNumber',
		],
		['JSON that is not JSON', addCertificates({ certificatesInput: 'json', certificatesJson: '[{title: A}]' }), /^Certificates \(JSON\) is not valid JSON/, "Enter a JSON value in 'Certificates (JSON)'"],
		['a list of texts', addCertificates({ certificatesInput: 'json', certificatesJson: '["PMP"]' }), 'certificate 1 in Certificates (JSON) is text, not a certificate [item 0]', 'Give each certificate as an object'],
		['an empty employee ID', addCertificates({ externalEmployeeId: '={{ "" }}' }), 'External Employee ID is empty [item 0]', "Enter a value for 'External Employee ID'."],
	])('refuses %s before any request', async (_label, parameters, message, toDo) => {
		const { error } = await runNode({ parameters, credentials: credentials() });
		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
		// What to do, in which field.
		expect(error?.description).toMatch(toDo);
		expect(requests()).toHaveLength(0);
	});

	test('with Continue On Fail: one output per item, the refused one as an error, the others sent', async () => {
		const { output, error } = await runNode({
			parameters: addCertificates({ certificates: { certificate: [{ title: '={{ $json.course }}', isStandardCertificate: true }] } }),
			items: [{ course: 'PMP' }, { course: '' }, { course: 'CISSP' }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.error ?? item.json.certificatesSent, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			['Title of certificate 1 is empty [item 1]', { item: 1 }],
			[1, { item: 2 }],
		]);
		expect(received().map((r: { certificates: Array<{ title: string }> }) => r.certificates[0].title)).toEqual(['PMP', 'CISSP']);
	});

	test('is not sent again after an outage: the certificates may have been added', async () => {
		intelligence.fake.fail({ path: '/employees/EMP-0007/certificates', status: 503, body: '<html>Service Unavailable</html>' });
		const { error } = await runNode({ parameters: addCertificates(), credentials: credentials() });
		expect(error?.message).toMatch(/^iMocha answered HTTP 503/);
		expect(requests()).toHaveLength(1);
	});

	test("iMocha's JSON answer, when it sends one, is in the output; an empty 200 is not taken for success", async () => {
		intelligence.fake.fail({ path: '/employees/EMP-0007/certificates', status: 201, body: { message: 'Certificates queued' } });
		const first = await runNode({ parameters: addCertificates(), credentials: credentials() });
		expect(first.output[0].json).toMatchObject({ certificatesSent: 1, response: { message: 'Certificates queued' } });
		intelligence.fake.fail({ path: '/employees/EMP-0007/certificates', status: 200, body: '' });
		const second = await runNode({ parameters: addCertificates(), credentials: credentials() });
		expect(second.error?.message).toBe("iMocha's answer has no body (HTTP 200; only iMocha's 201 may be empty) [item 0]");
	});
});
