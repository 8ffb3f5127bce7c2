import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { skillsIntelligenceFilters, skillsIntelligenceList } from '../../shared/skillsIntelligence';

const showOnlyForTaxonomyGetAll = { resource: ['taxonomy'], operation: ['getAll'] };

const nameOf = (value: unknown, key = 'name') =>
	value !== null && typeof value === 'object' ? ((value as IDataObject)[key] as IDataObject[string]) : undefined;

/** At most 10 flat fields: which skill it is, and the names of where it sits in the taxonomy. */
function simplifyTaxonomySkill(record: IDataObject): IDataObject {
	return {
		taxonomySkillId: record.taxonomySkillId,
		externalId: record.externalId,
		displayName: record.displayName ?? nameOf(record.skill),
		description: record.description,
		domain: nameOf(record.domain),
		subdomain: nameOf(record.subdomain),
		skillCluster: nameOf(record.skillCluster),
		classification: nameOf(record.skillClassification, 'classificationName'),
		isCritical: record.isCritical,
	};
}

// [confirmed-3p] /taxonomy spells its query parameters in PascalCase (FSA client).
const list = {
	url: '/taxonomy',
	pageParameter: 'PageNumber',
	sizeParameter: 'PageSize',
	modifiedSinceParameter: 'LastModifiedOn',
	searchParameter: 'SearchText',
	simplify: simplifyTaxonomySkill,
};

export const taxonomyGetAllDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForTaxonomyGetAll),
	skillsIntelligenceFilters(showOnlyForTaxonomyGetAll, list, {
		modifiedSince: 'Only skills changed at or after this date and time',
		search: 'Only skills whose name contains this text',
	}),
	simplifyField(showOnlyForTaxonomyGetAll),
];

export const taxonomyGetAll = skillsIntelligenceList(list);
