import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { SKILLS_INTELLIGENCE_MAX_PAGE_SIZE } from '../../shared/skillsIntelligence';
import { toFlag } from '../../shared/validation';

const showOnlyForCertificateGetAll = { resource: ['certificate'], operation: ['getAll'] };

/** At most 10 fields: the certificate, and the name of each skill it proves. */
function simplifyCertificate(certificate: IDataObject): IDataObject {
	const skills = Array.isArray(certificate.skills) ? (certificate.skills as IDataObject[]) : undefined;
	return {
		certificateId: certificate.certificateId,
		title: certificate.title,
		issuer: certificate.issuer,
		certificateStatus: certificate.certificateStatus,
		...(skills ? { skills: skills.map((skill) => ({ taxonomySkillId: skill.taxonomySkillId, skillName: skill.skillName })) } : {}),
	};
}

export const certificateGetAllDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForCertificateGetAll),
	{
		displayName: 'Include Skills',
		name: 'includeSkills',
		type: 'boolean',
		displayOptions: { show: showOnlyForCertificateGetAll },
		default: true,
		description: 'Whether to return the taxonomy skills each certificate proves',
	},
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		displayOptions: { show: showOnlyForCertificateGetAll },
		default: false,
		description: 'Whether to return only the active certificates of the catalogue',
	},
	simplifyField(showOnlyForCertificateGetAll),
];

// [confirmed-3p] GET /certificates?IncludeSkills&activeOnly&PageNumber&PageSize, paged like /taxonomy (docs/imocha-api.md §8).
export const certificateGetAll: ImochaOperation = {
	method: 'GET',
	url: '/certificates',
	host: 'intelligence',
	prepare(request, itemIndex) {
		const node = this.getNode();
		// Both always sent: iMocha's defaults for them are not documented.
		request.qs = {
			...request.qs,
			IncludeSkills: toFlag(node, itemIndex, 'Include Skills', this.getNodeParameter('includeSkills', true)) === 1,
			activeOnly: toFlag(node, itemIndex, 'Active Only', this.getNodeParameter('activeOnly', false)) === 1,
		};
	},
	listProperty: 'items',
	pages: { pageParameter: 'PageNumber', firstPage: 1, sizeParameter: 'PageSize', maxPageSize: SKILLS_INTELLIGENCE_MAX_PAGE_SIZE },
	simplify: simplifyCertificate,
};
