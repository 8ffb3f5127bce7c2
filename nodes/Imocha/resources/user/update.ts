import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requirePositiveInteger } from '../../shared/validation';

const showOnlyForUserUpdate = { resource: ['user'], operation: ['update'] };

export const userUpdateDescription: INodeProperties[] = [
	businessUnitLocator({
		required: true,
		displayOptions: { show: showOnlyForUserUpdate },
		description: 'The business unit the user moves to',
	}),
];

export const userUpdate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/update',
	// Moving a user to the unit they are already in changes nothing: safe to repeat.
	idempotent: true,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		// iMocha answers 400 to a string id: the field must be a JSON number.
		body.businessunitId = requirePositiveInteger(node, itemIndex, 'Business Unit', body.businessunitId);
	},
};
