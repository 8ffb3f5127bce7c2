import type { INodeProperties } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import { fillPath, invitationIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';

export const invitationCancelDescription: INodeProperties[] = [
	invitationIdField({ resource: ['invitation'], operation: ['cancel'] }),
];

export const invitationCancel: ImochaOperation = {
	method: 'POST',
	url: '/v3/invitations/{testInvitationId}/cancel',
	// Not repeated after an ambiguous failure: if the first call cancelled the invitation, iMocha
	// refuses a second one (only Pending can be cancelled), which would report a success as a failure.
	idempotent: false,
	prepare(request, itemIndex) {
		fillPath(request, { testInvitationId: invitationIdOf.call(this, itemIndex) });
	},
};
