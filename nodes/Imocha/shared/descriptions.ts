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

/** An email field sent as `email` in the body; the operation's prepare() checks its format. */
export function emailField(show: IDisplayOptions['show'], description: string): INodeProperties {
	return {
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		displayOptions: { show },
		default: '',
		description,
		routing: { send: { type: 'body', property: 'email' } },
	};
}
