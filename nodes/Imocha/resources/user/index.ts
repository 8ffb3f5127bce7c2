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
				description:
					"Allow (Active) or block (Inactive) sign-in for an existing iMocha user, found by email; their data is kept. Returns the user's email, fullName, businessunitId and status.",
				routing: imochaRoute(userSetStatus),
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create reviewer user',
				description:
					"Add a reviewer (someone who signs in to iMocha, not a candidate) with this email and full name, in the given business unit (numeric ID) or the account's default one. Returns email, fullName and businessunitId.",
				routing: imochaRoute(userCreate),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Move user to another business unit',
				description:
					"Move an existing iMocha user, found by the email they sign in with, to another business unit given by its numeric ID (Business Unit → Get Many lists them). Returns the user's email, fullName, businessunitId (the new unit) and status.",
				routing: imochaRoute(userUpdate),
			},
		],
		default: 'update',
	},
	...userUpdateDescription,
	...userCreateDescription,
	...userSetStatusDescription,
];
