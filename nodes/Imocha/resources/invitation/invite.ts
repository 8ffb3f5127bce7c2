import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { testLinkLocator, testLocator } from '../../shared/descriptions';
import { emailOf, fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';
import { requireEmailList, requireLocatorId, requireName, requireOneOf, toFlag } from '../../shared/validation';
import { accessOptions, additionalFields, INVITE_KEYS, prepareAccess } from './access';

const showOnlyForInvitationInvite = { resource: ['invitation'], operation: ['invite'] };
const PROCTORING_MODES = ['disabled', 'image', 'video'] as const;

export const invitationInviteDescription: INodeProperties[] = [
	testLocator(showOnlyForInvitationInvite),
	{
		displayName: 'Candidate Name',
		name: 'candidateName',
		type: 'string',
		placeholder: 'e.g. Nathan Smith',
		required: true,
		displayOptions: { show: showOnlyForInvitationInvite },
		default: '',
		description: 'Full name of the candidate',
		routing: { send: { type: 'body', property: 'name' } },
	},
	additionalFields(showOnlyForInvitationInvite, [
		...accessOptions(INVITE_KEYS),
		{
			displayName: 'Disable Mandatory Fields',
			name: 'disableMandatoryFields',
			type: 'boolean',
			default: false,
			description:
				'Whether the candidate may start without giving a name and email; iMocha then generates them (disableMandatoryFields = 1)',
			routing: { send: { type: 'body', property: 'disableMandatoryFields' } },
		},
		{
			displayName: 'Proctoring Mode',
			name: 'proctoringMode',
			type: 'options',
			options: [
				{ name: 'Disabled', value: 'disabled', description: 'No proctoring' },
				{ name: 'Image', value: 'image', description: 'Webcam snapshots during the test' },
				{ name: 'Video', value: 'video', description: 'Webcam video during the test' },
			],
			default: 'disabled',
			description: 'How iMocha watches the candidate during the test',
			routing: { send: { type: 'body', property: 'ProctoringMode' } },
		},
		{
			displayName: 'Stakeholder Emails',
			name: 'stakeholderEmails',
			type: 'string',
			placeholder: 'e.g. hiring.manager@example.com, recruiter@example.com',
			default: '',
			description:
				'Comma-separated emails that get the completion email, or "disable" to send none. iMocha keeps it per invitation, so send it on every invite.',
			routing: { send: { type: 'body', property: 'stakeholderEmails' } },
		},
		testLinkLocator({
			description:
				"Invite through this link of the test, with the link's settings. Leave empty to use the test's default link.",
		}),
	]),
];

export const invitationInvite: ImochaOperation = {
	method: 'POST',
	url: '/v3/tests/{testId}/invite',
	// iMocha returns the same invitation for the same email (docs/imocha-api.md §6.6).
	idempotent: true,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		const testId = testIdOf.call(this, itemIndex);
		body.email = emailOf.call(this, itemIndex);
		body.name = requireName(node, itemIndex, 'Candidate Name', body.name);
		prepareAccess.call(this, body, INVITE_KEYS, itemIndex);
		if (body.disableMandatoryFields !== undefined) {
			body.disableMandatoryFields = toFlag(node, itemIndex, 'Disable Mandatory Fields', body.disableMandatoryFields);
		}
		if (body.ProctoringMode !== undefined) {
			body.ProctoringMode = requireOneOf(node, itemIndex, 'Proctoring Mode', body.ProctoringMode, PROCTORING_MODES);
		}
		if (body.stakeholderEmails !== undefined) {
			const text = String(body.stakeholderEmails).trim();
			body.stakeholderEmails = text.toLowerCase() === 'disable' ? 'disable' : requireEmailList(node, itemIndex, 'Stakeholder Emails', text);
		}
		const link = this.getNodeParameter('additionalFields.testLinkId', '') as { value?: unknown } | string;
		const linkGiven = typeof link === 'object' ? String(link?.value ?? '').trim() !== '' : String(link).trim() !== '';
		if (linkGiven) {
			request.url = '/v3/tests/{testId}/testlinks/{testLinkId}/invite';
			fillPath(request, { testId, testLinkId: requireLocatorId(node, itemIndex, 'Test Link', link) });
		} else {
			fillPath(request, { testId });
		}
	},
};
