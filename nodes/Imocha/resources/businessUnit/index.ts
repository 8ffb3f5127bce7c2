import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { businessUnitGetAll, businessUnitGetAllDescription } from './getAll';

export const businessUnitDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['businessUnit'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many business units',
				description: 'List the account\'s business units. Returns one item per unit: businessUnitId (the numeric ID User → Create and Update take), businessUnitName and createdOn.',
				routing: imochaRoute(businessUnitGetAll),
			},
		],
		default: 'getAll',
	},
	...businessUnitGetAllDescription,
];
