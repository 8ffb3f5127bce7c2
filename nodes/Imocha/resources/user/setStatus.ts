import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { accountStatusOptions, optionValues } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requireOneOf } from '../../shared/validation';

const showOnlyForUserSetStatus = { resource: ['user'], operation: ['setStatus'] };
const STATUS_OPTIONS = accountStatusOptions('The user can sign in to iMocha', 'The user cannot sign in; their data is kept');

export const userSetStatusDescription: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		displayOptions: { show: showOnlyForUserSetStatus },
		options: STATUS_OPTIONS,
		default: 'Inactive',
		description: 'Whether the user may sign in to iMocha',
		routing: { send: { type: 'body', property: 'status' } },
	},
];

export const userSetStatus: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/status',
	idempotent: true,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		body.status = requireOneOf(node, itemIndex, 'Status', body.status, optionValues(STATUS_OPTIONS));
	},
};
