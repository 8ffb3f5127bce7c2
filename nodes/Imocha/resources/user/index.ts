import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { userCreate, userCreateDescription } from './create';
import { userSetStatus, userSetStatusDescription } from './setStatus';
import { userUpdate, userUpdateDescription } from './update';

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Activate or Deactivate',
				value: 'setStatus',
				action: 'Activate or deactivate user',
				description: "Set a user's status to Active or Inactive; returns the user with the new status",
				routing: imochaRoute(userSetStatus),
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create user',
				description: 'Add a reviewer to the iMocha account; returns the email, full name and business unit',
				routing: imochaRoute(userCreate),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update user',
				description: "Move a user to another business unit; returns the user's email, name and business unit",
				routing: imochaRoute(userUpdate),
			},
		],
		default: 'update',
	},
	...userUpdateDescription,
	...userCreateDescription,
	...userSetStatusDescription,
];
