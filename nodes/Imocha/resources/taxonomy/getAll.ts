import type { INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit } from '../../shared/descriptions';
import { skillsIntelligenceFilters, skillsIntelligenceList } from '../../shared/skillsIntelligence';

const showOnlyForTaxonomyGetAll = { resource: ['taxonomy'], operation: ['getAll'] };

// [confirmed-3p] /taxonomy spells its query parameters in PascalCase (FSA client).
const list = {
	url: '/taxonomy',
	pageParameter: 'PageNumber',
	sizeParameter: 'PageSize',
	modifiedSinceParameter: 'LastModifiedOn',
	searchParameter: 'SearchText',
};

export const taxonomyGetAllDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForTaxonomyGetAll),
	skillsIntelligenceFilters(showOnlyForTaxonomyGetAll, list, {
		modifiedSince: 'Only skills changed at or after this date and time',
		search: 'Only skills whose name contains this text',
	}),
];

export const taxonomyGetAll = skillsIntelligenceList(list);
