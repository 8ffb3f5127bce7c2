import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The business unit picker: searchable list from iMocha, or a numeric ID typed or mapped in. */
export function businessUnitLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Business Unit',
		name: 'businessUnitId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'The iMocha business unit',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a business unit...',
				typeOptions: { searchListMethod: 'searchBusinessUnits', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric business unit ID, e.g. 42' },
					},
				],
			},
		],
		routing: { send: { type: 'body', property: 'businessunitId' } },
		...overrides,
	};
}

export function returnAllAndLimit(show: { resource: string[]; operation: string[] }): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/**
 * The one Email field, shared by every operation that takes a person's email. RoutingNode
 * evaluates the value of every property definition for every item, shown or not, so an Email
 * field defined once per operation would evaluate an `={{ $json.email }}` six times per item.
 * Each operation's prepare() reads and checks it and puts it in the body under iMocha's name; a
 * declarative `routing.send` would have RoutingNode evaluate it twice more per item.
 */
export const emailProperty: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'e.g. nathan@example.com',
	required: true,
	displayOptions: {
		show: {
			resource: ['employee', 'gdpr', 'invitation', 'user'],
			operation: ['create', 'invite', 'mask', 'setStatus', 'update', 'upsert'],
		},
	},
	default: '',
	description:
		"The person's email address: the iMocha user, the candidate (inviting the same email again returns the same invitation) or the employee",
};

/**
 * [inferred] A test's address in the iMocha app: an app.imocha.io (or interviewmocha.com) URL with
 * the test id in a `/tests/<id>` (or `/test/<id>`) path segment or a `testId=<id>` query parameter.
 * It matches the whole URL (n8n anchors a mode's validation regex at both ends); group 1 is the id.
 */
export const TEST_URL_PATTERN =
	'^https?://(?:[\\w-]+\\.)*(?:imocha\\.io|interviewmocha\\.com)(?:/\\S*?)?(?:[?&#][Tt]est[Ii][Dd]=|/[Tt]ests?/)(\\d+)(?:[^\\d\\s]\\S*)?';

/** The "By ID" check of a numeric iMocha id. */
const numericId = (what: string, example: string) => [
	{
		type: 'regex' as const,
		properties: { regex: '^\\s*\\d+\\s*$', errorMessage: `Enter the numeric ${what} ID, e.g. ${example}` },
	},
];

/** The test picker: searchable list of the account's tests, a numeric ID, or a test's app URL. */
export function testLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Test',
		name: 'testId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The iMocha test',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a test...',
				typeOptions: { searchListMethod: 'searchTests', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 118001',
				validation: numericId('test', '118001'),
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.imocha.io/tests/118001',
				validation: [
					{
						type: 'regex',
						properties: { regex: TEST_URL_PATTERN, errorMessage: 'Paste an iMocha app URL that contains the test ID' },
					},
				],
				extractValue: { type: 'regex', regex: TEST_URL_PATTERN },
			},
		],
		...overrides,
	};
}

/** The test link picker: the chosen test's links (searchable), or a numeric ID. */
export function testLinkLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Test Link',
		name: 'testLinkId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'A link of the chosen test',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a test link...',
				typeOptions: { searchListMethod: 'searchTestLinks', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 460001',
				validation: numericId('test link', '460001'),
			},
		],
		...overrides,
	};
}

/**
 * A test invitation ID. iMocha has no endpoint that lists invitations by id, so there is nothing to
 * pick from: a plain field that takes the number typed or mapped (e.g. `{{ $json.testInvitationId }}`).
 */
export function invitationIdField(
	show: IDisplayOptions['show'],
	description: string,
	required = true,
): INodeProperties {
	return {
		displayName: 'Invitation ID',
		name: 'invitationId',
		type: 'string',
		placeholder: 'e.g. 2932950',
		required,
		displayOptions: { show },
		default: '',
		description,
	};
}

export function simplifyField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
}
