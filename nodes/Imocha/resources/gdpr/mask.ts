import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { optionalPositiveInteger } from '../../shared/validation';

const showOnlyForGdprMask = { resource: ['gdpr'], operation: ['mask'] };

export const gdprMaskDescription: INodeProperties[] = [
	{
		...invitationIdField(
			showOnlyForGdprMask,
			"Mask only this attempt of the candidate. Leave empty to mask all of the candidate's records.",
			false,
		),
		routing: { send: { type: 'body', property: 'testinvitationId' } },
	},
];

export const gdprMask: ImochaOperation = {
	method: 'POST',
	url: '/v3/gdpr/requests',
	// Not repeated after an ambiguous failure: once masked, iMocha finds no records for the email and
	// refuses a second request, which would report a success as a failure.
	idempotent: false,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.CandidateEmail = emailOf.call(this, itemIndex);
		const invitationId = optionalPositiveInteger(node, itemIndex, 'Invitation ID', body.testinvitationId);
		if (invitationId === undefined) delete body.testinvitationId;
		else body.testinvitationId = invitationId;
	},
};
