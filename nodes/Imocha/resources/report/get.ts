import type { INodeProperties } from 'n8n-workflow';
import { getReport, REPORT_TYPE_OPTIONS, REPORT_TYPES, type ReportType } from '../../api/reports';
import { invitationIdField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { invitationIdOf } from '../../shared/params';
import { requireOneOf } from '../../shared/validation';

const showOnlyForReportGet = { resource: ['report'], operation: ['get'] };
export const reportGetDescription: INodeProperties[] = [
	invitationIdField(showOnlyForReportGet),
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		displayOptions: { show: showOnlyForReportGet },
		options: REPORT_TYPE_OPTIONS,
		default: 'summary',
		description: 'What the report contains',
	},
];

/** GET /v3/reports/{testInvitationId}?reportType=n: the same call the triggers' Include Report makes (api/reports.ts). */
export const reportGet: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports/{testInvitationId}',
	async run(_request, itemIndex, client) {
		const testInvitationId = invitationIdOf.call(this, itemIndex);
		const type = requireOneOf(this.getNode(), itemIndex, 'Report Type', this.getNodeParameter('reportType', 'summary'), Object.keys(REPORT_TYPES) as ReportType[]);
		return [{ json: await getReport(client, this, testInvitationId, type, itemIndex) }];
	},
};
