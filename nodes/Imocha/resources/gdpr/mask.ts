import type { INodeProperties } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf, invitationIdOf } from '../../shared/params';
import { requireOneOf } from '../../shared/validation';

const showOnlyForGdprMask = { resource: ['gdpr'], operation: ['mask'] };
const SCOPES = ['oneAttempt', 'allRecords'] as const;

export const gdprMaskDescription: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		displayOptions: { show: showOnlyForGdprMask },
		options: [
			{ name: 'One Attempt', value: 'oneAttempt', description: 'Mask only the attempt given by Invitation ID' },
			{
				name: "All of the Candidate's Records",
				value: 'allRecords',
				description: 'Mask every record iMocha holds for the email. Cannot be undone.',
			},
		],
		default: 'oneAttempt',
		description: "What to mask. Masking cannot be undone, so masking all of a candidate's records must be chosen here.",
	},
	// Shown (and required) for One Attempt only: see its `hide`.
	invitationIdField(showOnlyForGdprMask),
];

/**
 * POST /v3/gdpr/requests {CandidateEmail, testinvitationId?} (docs/imocha-api.md §6.17). Without
 * testinvitationId iMocha masks every record of the candidate, irreversibly: that is sent only
 * when Scope says so, never because a mapped Invitation ID came out empty.
 */
export const gdprMask: ImochaOperation = {
	method: 'POST',
	url: '/v3/gdpr/requests',
	// Not repeated after an ambiguous failure: once masked, iMocha finds no records for the email and
	// refuses a second request, which would report a success as a failure.
	idempotent: false,
	prepare(request, itemIndex) {
		const scope = requireOneOf(this.getNode(), itemIndex, 'Scope', this.getNodeParameter('scope', 'oneAttempt'), SCOPES);
		request.body = {
			CandidateEmail: emailOf.call(this, itemIndex),
			...(scope === 'oneAttempt' ? { testinvitationId: invitationIdOf.call(this, itemIndex) } : {}),
		};
	},
};
