import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requirePositiveInteger, requireText } from '../../shared/validation';

const showOnlyForUserCreate = { resource: ['user'], operation: ['create'] };

export const userCreateDescription: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		placeholder: 'e.g. Nathan Smith',
		required: true,
		displayOptions: { show: showOnlyForUserCreate },
		default: '',
		description: 'Full name of the new user',
		routing: { send: { type: 'body', property: 'fullName' } },
	},
	businessUnitLocator({
		displayOptions: { show: showOnlyForUserCreate },
		description: "Business unit of the new user. Leave empty for the account's default business unit.",
	}),
];

export const userCreate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/create',
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		body.fullName = requireText(node, itemIndex, 'Full Name', body.fullName);
		const unit = body.businessunitId;
		if (unit === undefined || unit === null || String(unit).trim() === '') {
			delete body.businessunitId;
		} else {
			body.businessunitId = requirePositiveInteger(node, itemIndex, 'Business Unit', unit);
		}
	},
};
