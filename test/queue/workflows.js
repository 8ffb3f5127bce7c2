'use strict';
// The workflows the queue-mode suite imports: built here rather than kept as JSON, because they
// address the fake iMocha and carry per-run secrets. Same node shapes as examples/*.json.

const CREDENTIAL = { imochaApi: { id: 'imochaQueue0001', name: 'iMocha (fake API, queue suite)' } };
const CALLBACK_TOKEN = 'queue-callback-token-0001';

const node = (id, name, type, typeVersion, position, parameters, extra = {}) => ({
	id: `9e1b2c3d-0013-4000-8000-${String(id).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});

const chain = (...names) =>
	Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

const workflow = (id, name, nodes, connections) => ({
	id,
	name,
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	nodes,
	connections,
	pinData: {},
});

function credentialsFile(fakeUrl) {
	return [
		{
			id: CREDENTIAL.imochaApi.id,
			name: CREDENTIAL.imochaApi.name,
			type: 'imochaApi',
			data: { apiKey: 'test-key', baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl },
		},
	];
}

/** Webhook (POST /webhook/queue-update, body { users: [{ email, bu }] }) → Split Out → iMocha User → Update. */
const updateUsers = () =>
	workflow(
		'queueUpdate00001',
		'Queue: webhook → update users',
		[
			node(1, 'Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: 'queue-update', responseMode: 'onReceived', options: {} }, { webhookId: 'queue-update-0001' }),
			node(2, 'One item per user', 'n8n-nodes-base.splitOut', 1, [220, 0], { fieldToSplitOut: 'body.users', options: {} }),
			node(
				3,
				'Update user',
				'n8n-nodes-imocha.imocha',
				1,
				[440, 0],
				{
					resource: 'user',
					operation: 'update',
					email: '={{ $json.email }}',
					businessUnitId: { __rl: true, mode: 'id', value: '={{ $json.bu }}' },
				},
				{ credentials: CREDENTIAL },
			),
		],
		chain('Webhook', 'One item per user', 'Update user'),
	);

/**
 * Webhook (POST /webhook/queue-create, body { users: [{ email, name }] }) → Split Out → iMocha
 * User → Create with If the User Already Exists = Continue (the crash scenario's non-idempotent operation).
 */
const createUsers = () =>
	workflow(
		'queueCreate00001',
		'Queue: webhook → create users',
		[
			node(41, 'Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: 'queue-create', responseMode: 'onReceived', options: {} }, { webhookId: 'queue-create-0001' }),
			node(42, 'One item per user', 'n8n-nodes-base.splitOut', 1, [220, 0], { fieldToSplitOut: 'body.users', options: {} }),
			node(
				43,
				'Create user',
				'n8n-nodes-imocha.imocha',
				1,
				[440, 0],
				{ resource: 'user', operation: 'create', email: '={{ $json.email }}', fullName: '={{ $json.name }}', ifUserExists: 'continue', additionalFields: {} },
				{ credentials: CREDENTIAL },
			),
		],
		chain('Webhook', 'One item per user', 'Create user'),
	);

/** iMocha Trigger (production URL /webhook/queue-callback-0001/imocha?token=…) → No Op. */
const callbacks = () =>
	workflow(
		'queueCallback001',
		'Queue: iMocha Trigger → no op',
		[
			node(
				11,
				'iMocha Trigger',
				'n8n-nodes-imocha.imochaTrigger',
				2,
				[0, 0],
				{ secretToken: CALLBACK_TOKEN, events: ['completed', 'terminated', 'testLeft'], includeReport: false, options: {} },
				{ webhookId: 'queue-callback-0001' },
			),
			node(12, 'Callback received', 'n8n-nodes-base.noOp', 1, [220, 0], {}),
		],
		chain('iMocha Trigger', 'Callback received'),
	);

/**
 * iMocha Trigger with Include Report → Report → Get PDF → Extract From File (the PDF's bytes as
 * base64 in the item) → HTTP Request posting them to the fake's ATS stand-in.
 */
const reportPdf = (fakeUrl) =>
	workflow(
		'queueReportPdf01',
		'Queue: iMocha Trigger with report → PDF → ATS',
		[
			node(
				21,
				'iMocha Trigger',
				'n8n-nodes-imocha.imochaTrigger',
				2,
				[0, 0],
				{ secretToken: CALLBACK_TOKEN, events: ['completed'], includeReport: true, options: {} },
				{ webhookId: 'queue-report-0001', credentials: CREDENTIAL },
			),
			node(
				22,
				'Get the PDF report',
				'n8n-nodes-imocha.imocha',
				1,
				[220, 0],
				{ resource: 'report', operation: 'getPdf', invitationId: '={{ $json.testInvitationId }}', binaryPropertyName: 'data' },
				{ credentials: CREDENTIAL },
			),
			node(23, 'PDF bytes', 'n8n-nodes-base.extractFromFile', 1, [440, 0], {
				operation: 'binaryToPropery',
				binaryPropertyName: 'data',
				destinationKey: 'pdfBase64',
				options: {},
			}),
			node(24, 'Write back to the ATS', 'n8n-nodes-base.httpRequest', 4.2, [660, 0], {
				method: 'POST',
				url: `${fakeUrl}/__fake/ats/queue-pdf`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ testInvitationId: $('iMocha Trigger').item.json.testInvitationId, reportScore: $('iMocha Trigger').item.json.report ? $('iMocha Trigger').item.json.report.score : null, fileName: $('Get the PDF report').item.binary.data.fileName, mimeType: $('Get the PDF report').item.binary.data.mimeType, pdfBase64: $json.pdfBase64 }) }}",
				options: {},
			}),
		],
		chain('iMocha Trigger', 'Get the PDF report', 'PDF bytes', 'Write back to the ATS'),
	);

/** iMocha Poll Trigger (every minute, first poll reaches back an hour) → No Op. */
const poll = () =>
	workflow(
		'queuePoll0000001',
		'Queue: iMocha Poll Trigger → no op',
		[
			node(
				31,
				'iMocha Poll Trigger',
				'n8n-nodes-imocha.imochaPollTrigger',
				1,
				[0, 0],
				{ pollTimes: { item: [{ mode: 'everyMinute' }] }, states: ['completed'], includeReport: false, options: { lookBackHours: 1 } },
				{ credentials: CREDENTIAL },
			),
			node(32, 'Attempt delivered', 'n8n-nodes-base.noOp', 1, [220, 0], {}),
		],
		chain('iMocha Poll Trigger', 'Attempt delivered'),
	);

module.exports = { CALLBACK_TOKEN, credentialsFile, updateUsers, createUsers, callbacks, reportPdf, poll };
