import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';
import type { ImochaOperation } from './operation';
import { toImochaDateTime } from './validation';

/** Skills Intelligence lists: pages from 1, at most 100 records each (docs/imocha-api.md §5, §8). */
export const SKILLS_INTELLIGENCE_MAX_PAGE_SIZE = 100;

interface SkillsIntelligenceList {
	url: string;
	/** Query parameter names; /taxonomy spells them in PascalCase. */
	pageParameter: string;
	sizeParameter: string;
	modifiedSinceParameter: string;
	searchParameter: string;
	/** The record the Simplify toggle gives; leave out when the list has no Simplify. */
	simplify?: (record: IDataObject) => IDataObject;
}

/** The Filters of a Skills Intelligence list: changed since a date, and a search text. */
export function skillsIntelligenceFilters(
	show: IDisplayOptions['show'],
	list: SkillsIntelligenceList,
	texts: { modifiedSince: string; search: string },
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: { show },
		default: {},
		description: 'Narrow the list down on the iMocha side',
		options: [
			{
				displayName: 'Modified Since',
				name: 'modifiedSince',
				type: 'dateTime',
				default: '',
				description: `${texts.modifiedSince}; a time without an offset is read in the workflow's time zone, and iMocha gets it in UTC`,
				routing: { send: { type: 'query', property: list.modifiedSinceParameter } },
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. python',
				description: texts.search,
				routing: { send: { type: 'query', property: list.searchParameter } },
			},
		],
	};
}

/**
 * A paged Skills Intelligence list: filters checked and put in iMocha's format, every page walked
 * (Return All / Limit), then simplified when the list has a Simplify toggle that is on.
 */
export function skillsIntelligenceList(list: SkillsIntelligenceList): ImochaOperation {
	return {
		method: 'GET',
		url: list.url,
		host: 'intelligence',
		prepare(request, itemIndex) {
			const qs = (request.qs ?? {}) as IDataObject;
			const since = qs[list.modifiedSinceParameter];
			if (since === undefined || since === '') delete qs[list.modifiedSinceParameter];
			else qs[list.modifiedSinceParameter] = toImochaDateTime(this.getNode(), itemIndex, 'Modified Since', since, this.getTimezone());
			const search = typeof qs[list.searchParameter] === 'string' ? (qs[list.searchParameter] as string).trim() : qs[list.searchParameter];
			if (search === undefined || search === '') delete qs[list.searchParameter];
			else qs[list.searchParameter] = search;
			request.qs = qs;
		},
		listProperty: 'items',
		pages: {
			pageParameter: list.pageParameter,
			firstPage: 1,
			sizeParameter: list.sizeParameter,
			maxPageSize: SKILLS_INTELLIGENCE_MAX_PAGE_SIZE,
		},
		simplify: list.simplify,
	};
}
