import type { INodeProperties } from 'n8n-workflow';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requirePositiveInteger } from '../../shared/validation';

const showOnlyForUserUpdate = { resource: ['user'], operation: ['update'] };

export const userUpdateDescription: INodeProperties[] = [
	businessUnitLocator({ required: true, displayOptions: { show: showOnlyForUserUpdate } }),
];

export const userUpdate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/update',
	// Moving a user to the unit they are already in changes nothing: safe to repeat.
	idempotent: true,
	prepare(request, itemIndex) {
		const unit = this.getNodeParameter('businessUnitId', '', { extractValue: true });
		request.body = {
			email: emailOf.call(this, itemIndex),
			// iMocha answers 400 to a string id: the field must be a JSON number.
			businessunitId: requirePositiveInteger(this.getNode(), itemIndex, 'Business Unit', unit),
		};
	},
};
