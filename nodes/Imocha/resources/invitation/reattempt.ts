import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import { fillPath, invitationIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';
import { accessOptions, additionalFields, prepareAccess, REATTEMPT_KEYS } from './access';

const showOnlyForInvitationReattempt = { resource: ['invitation'], operation: ['reattempt'] };

export const invitationReattemptDescription: INodeProperties[] = [
	invitationIdField(showOnlyForInvitationReattempt),
	additionalFields(showOnlyForInvitationReattempt, accessOptions(REATTEMPT_KEYS)),
];

export const invitationReattempt: ImochaOperation = {
	method: 'POST',
	url: '/v3/invitations/{testInvitationId}/reattempt',
	// A second call before the reattempt is finished returns the active reattempt (§6.9).
	idempotent: true,
	prepare(request, itemIndex) {
		fillPath(request, { testInvitationId: invitationIdOf.call(this, itemIndex) });
		prepareAccess.call(this, request.body as IDataObject, REATTEMPT_KEYS, itemIndex);
	},
};
