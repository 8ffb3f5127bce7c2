import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The business unit picker: searchable list from iMocha, a numeric ID, or a name typed or mapped
 * in (api/businessUnits.ts finds its id, reading the account's units once per run). The operation
 * reads it itself (no `routing.send`: RoutingNode would evaluate it twice more per item).
 */
export function businessUnitLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Business Unit',
		name: 'businessUnitId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			'The iMocha business unit: pick it from the list, enter its numeric ID (businessUnitId from Business Unit → Get Many, e.g. 42), or its name (matched ignoring case and spaces around it)',
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
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Engineering',
			},
		],
		...overrides,
	};
}

/** An options parameter's options, their values kept as literal types so `optionValues` can read the allowed values from them. */
export function optionList<T extends string>(options: Array<INodePropertyOptions & { value: T }>): Array<INodePropertyOptions & { value: T }> {
	return options;
}

/** The values an options parameter allows (e.g. for requireOneOf), read from its options, in their order. */
export function optionValues<T extends string>(options: Array<{ value: T }>): T[] {
	return options.map((option) => option.value);
}

/** iMocha's two states of a person's account (a user, a Skills Intelligence employee), with what each means there. */
export const accountStatusOptions = (active: string, inactive: string) =>
	optionList([
		{ name: 'Active', value: 'Active', description: active },
		{ name: 'Inactive', value: 'Inactive', description: inactive },
	]);

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
export function testLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Test',
		name: 'testId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		description: 'The iMocha test: its numeric testId (from Test → Get Many), e.g. 118001, or its app.imocha.io URL',
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
export function invitationIdField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Invitation ID',
		name: 'invitationId',
		type: 'string',
		placeholder: 'e.g. 2932950',
		required: true,
		displayOptions: { show, hide: { scope: ['allRecords'] } },
		default: '',
		description:
			'Numeric testInvitationId of the attempt (from Invitation → Invite, Invitation → Get Many, Report → Get Many or the iMocha Trigger), e.g. 2932950',
	};
}

/**
 * The employee's external ID (the HRIS one) of the Skills Intelligence operations that name an
 * employee by it: Create or Update (matched with the email) and Add Certificates (in the path).
 * One definition, merged by the node; each operation reads and checks it in prepare().
 */
export function externalEmployeeIdField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'External Employee ID',
		name: 'externalEmployeeId',
		type: 'string',
		placeholder: 'e.g. EMP-0042',
		required: true,
		displayOptions: { show },
		default: '',
		description:
			"The employee's ID in your HRIS (iMocha's externalEmployeeId), not iMocha's numeric employee ID. Create or Update matches on it together with the email.",
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

const sameExceptShow = (a: INodeProperties, b: INodeProperties) => {
	const rest = ({ displayOptions, ...others }: INodeProperties) => JSON.stringify({ ...others, hide: displayOptions?.hide });
	return rest(a) === rest(b);
};

const showOf = (property: INodeProperties) => property.displayOptions?.show as { resource?: string[]; operation?: string[] } | undefined;
/** What a property's `show` asks besides resource and operation (e.g. returnAll: [false]); both must have the pair. */
const otherConditions = (property: INodeProperties) => {
	const { resource, operation, ...others } = (property.displayOptions?.show ?? {}) as Record<string, unknown>;
	return resource && operation ? JSON.stringify(others) : undefined;
};

/**
 * One property per field where n8n allows it. RoutingNode evaluates every property definition of a
 * name for every item (twice), so a field an operation file declares again for its own resource
 * and operation is merged here with the earlier definitions of that name, when they are the same
 * field (all but `show`) and the merged `show` (every resource × every operation) matches no other
 * operation of the node. `operations` lists every existing resource.operation pair.
 */
export function mergeSameFields(properties: INodeProperties[], operations: Set<string>): INodeProperties[] {
	const merged: INodeProperties[] = [];
	const uses = new Map<INodeProperties, Set<string>>();
	const pairs = (property: INodeProperties) =>
		(showOf(property)?.resource ?? []).flatMap((r) => (showOf(property)?.operation ?? []).map((o) => `${r}.${o}`));
	for (const property of properties) {
		const own = pairs(property);
		const target = merged.find((candidate) => {
			const conditions = otherConditions(property);
			if (candidate.name !== property.name || conditions === undefined || otherConditions(candidate) !== conditions) return false;
			if (!sameExceptShow(candidate, property)) return false;
			const union = new Set([...uses.get(candidate)!, ...own]);
			const resources = new Set([...union].map((pair) => pair.split('.')[0]));
			const ops = new Set([...union].map((pair) => pair.split('.')[1]));
			return [...resources].every((r) => [...ops].every((o) => union.has(`${r}.${o}`) || !operations.has(`${r}.${o}`)));
		});
		if (!target) {
			merged.push({ ...property });
			uses.set(merged[merged.length - 1], new Set(own));
			continue;
		}
		const union = new Set([...uses.get(target)!, ...own]);
		uses.set(target, union);
		target.displayOptions = {
			...target.displayOptions,
			show: {
				...target.displayOptions?.show,
				resource: [...new Set([...union].map((pair) => pair.split('.')[0]))],
				operation: [...new Set([...union].map((pair) => pair.split('.')[1]))],
			},
		};
	}
	return merged;
}

/**
 * A subtitle expression that shows display names instead of values, e.g. "Update: User" rather
 * than "update: user". `names` maps what `key` (an expression) gives to the text shown; a value
 * without a name shows as `fallback` gives it. Subtitles are evaluated by the editor only, never
 * per item. The names are a flat object literal, so the expression never holds a closing "}}".
 */
export function namesLookup(names: Record<string, string>, key: string, fallback: string): string {
	return `(${JSON.stringify(names)}[${key}] || ${fallback})`;
}
