import type { INodeProperties } from 'n8n-workflow';
import type { ImochaOperation } from '../../shared/operation';
import { requireIdList, requireText } from '../../shared/validation';

const showOnlyForCertificateCreate = { resource: ['certificate'], operation: ['create'] };

export const certificateCreateDescription: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'certificateTitle',
		type: 'string',
		placeholder: 'e.g. Data Engineering Foundations',
		required: true,
		displayOptions: { show: showOnlyForCertificateCreate },
		default: '',
		description: 'Name of the certificate in the catalogue',
	},
	{
		displayName: 'Issuer',
		name: 'certificateIssuer',
		type: 'string',
		placeholder: 'e.g. Example Academy',
		required: true,
		displayOptions: { show: showOnlyForCertificateCreate },
		default: '',
		description: 'Who issues the certificate',
	},
	{
		displayName: 'Skill IDs',
		name: 'taxonomySkillIds',
		type: 'string',
		placeholder: 'e.g. 12, 48, 301',
		required: true,
		displayOptions: { show: showOnlyForCertificateCreate },
		default: '',
		description:
			'The taxonomySkillId of each skill the certificate proves, separated by commas (or a mapped list of numbers). Find them with Taxonomy → Get Many.',
	},
];

// [confirmed-3p] POST /certificates/create, body {title, certificateIssuer, skills: [{taxonomySkillId}]},
// all required; answers 200 with the same fields. iMocha marks the page "Developing".
export const certificateCreate: ImochaOperation = {
	method: 'POST',
	url: '/certificates/create',
	host: 'intelligence',
	// The answer has no id to find the certificate by: a repeat may create it twice.
	idempotent: false,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const ids = requireIdList(node, itemIndex, 'Skill IDs', this.getNodeParameter('taxonomySkillIds', ''));
		request.body = {
			title: requireText(node, itemIndex, 'Title', this.getNodeParameter('certificateTitle', '')),
			certificateIssuer: requireText(node, itemIndex, 'Issuer', this.getNodeParameter('certificateIssuer', '')),
			skills: [...new Set(ids)].map((taxonomySkillId) => ({ taxonomySkillId })),
		};
	},
};
