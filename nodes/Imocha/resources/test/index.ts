import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { testGet, testGetDescription } from './get';
import { testGetAll, testGetAllDescription } from './getAll';
import { testGetSettings, testGetSettingsDescription } from './getSettings';
import { testUpdateSettings, testUpdateSettingsDescription } from './updateSettings';

export const testDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['test'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get test',
				description:
					"Get one test by its numeric testId (Test → Get Many lists them) or its app URL. Returns the test's details as iMocha gives them.",
				routing: imochaRoute(testGet),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many tests',
				description:
					'List the account\'s tests. Returns one item per test: testId (the numeric ID Invite, Get Settings and Test Link → Get Many take) and testName.',
				routing: imochaRoute(testGetAll),
			},
			{
				name: 'Get Settings',
				value: 'getSettings',
				action: 'Get test settings',
				description:
					"Get the settings of one test (numeric testId). Returns one item with iMocha's nested settings object (proctoring, question order, emails, messages).",
				routing: imochaRoute(testGetSettings),
			},
			{
				name: 'Update Settings',
				value: 'updateSettings',
				action: 'Update test settings',
				description:
					'Change only the chosen settings of one test (numeric testId); every other setting keeps its value. Returns the full settings as iMocha saved them, read back after the change.',
				routing: imochaRoute(testUpdateSettings),
			},
		],
		default: 'getAll',
	},
	...testGetAllDescription,
	...testGetDescription,
	...testGetSettingsDescription,
	...testUpdateSettingsDescription,
];
