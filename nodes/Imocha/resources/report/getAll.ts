import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { convertTimeWindow, toFlag } from '../../shared/validation';

const showOnlyForReportGetAll = { resource: ['report'], operation: ['getAll'] };
/** §5: PageNo from 1, PageSize at most 50 ([confirmed-3p] FSA), records under `reports`. */
const REPORT_PAGES = { pageParameter: 'PageNo', firstPage: 1, sizeParameter: 'PageSize', maxPageSize: 50 };

/** What Simplify keeps of a report: at most 10 fields. */
const SIMPLE_FIELDS = [
	'testInvitationId',
	'testId',
	'testName',
	'candidateFullName',
	'candidateEmail',
	'status',
	'scorePercentage',
	'performanceCategory',
	'completedOn',
	'pdfReportUrl',
];

export const reportGetAllDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForReportGetAll),
	simplifyField(showOnlyForReportGetAll),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: { show: showOnlyForReportGetAll },
		default: {},
		description: 'Date range of the reports, and whether to include section scores',
		options: [
			{
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description: "Latest completion time to include; sent in UTC. A time without an offset is read in the workflow's time zone.",
				routing: { send: { type: 'query', property: 'endDate' } },
			},
			{
				displayName: 'Include Sections',
				name: 'includeSections',
				type: 'boolean',
				default: false,
				description: 'Whether each report includes its section scores (not kept by Simplify)',
				routing: { send: { type: 'query', property: 'includeSections' } },
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'Earliest completion time to include; sent in UTC. Without start and end date, iMocha returns the last 7 days.',
				routing: { send: { type: 'query', property: 'startDate' } },
			},
		],
	},
];

export const reportGetAll: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports',
	listProperty: 'reports',
	pages: REPORT_PAGES,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const qs = request.qs as IDataObject;
		convertTimeWindow(node, itemIndex, this.getTimezone(), qs, [{ key: 'startDate', field: 'Start Date' }, { key: 'endDate', field: 'End Date' }]);
		if (qs.includeSections !== undefined) qs.includeSections = toFlag(node, itemIndex, 'Include Sections', qs.includeSections) === 1;
	},
	simplify(report) {
		const simple: IDataObject = {};
		for (const key of SIMPLE_FIELDS) if (key in report) simple[key] = report[key];
		return simple;
	},
};
