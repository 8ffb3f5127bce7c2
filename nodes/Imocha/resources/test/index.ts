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
				description: "Retrieve one test by ID, list or app URL; returns the test's details as iMocha gives them",
				routing: imochaRoute(testGet),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many tests',
				description: 'List the tests of the iMocha account; returns one item per test with its testId and testName',
				routing: imochaRoute(testGetAll),
			},
			{
				name: 'Get Settings',
				value: 'getSettings',
				action: 'Get test settings',
				description: "Retrieve a test's settings; returns one item with iMocha's nested settings object",
				routing: imochaRoute(testGetSettings),
			},
			{
				name: 'Update Settings',
				value: 'updateSettings',
				action: 'Update test settings',
				description: 'Change chosen settings of a test and keep all others; returns the full settings as saved',
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
