import type { INodeProperties } from 'n8n-workflow';
import { getReport, REPORT_TYPES, reportTypeField } from '../../api/reports';
import { invitationIdField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { invitationIdOf } from '../../shared/params';
import { requireOneOf } from '../../shared/validation';

const showOnlyForReportGet = { resource: ['report'], operation: ['get'] };
export const reportGetDescription: INodeProperties[] = [
	invitationIdField(showOnlyForReportGet),
	reportTypeField(showOnlyForReportGet, 'What the report contains'),
];

/** GET /v3/reports/{testInvitationId}?reportType=n: the same call the triggers' Include Report makes (api/reports.ts). */
export const reportGet: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports/{testInvitationId}',
	async run(_request, itemIndex, client) {
		const testInvitationId = invitationIdOf.call(this, itemIndex);
		const type = requireOneOf(this.getNode(), itemIndex, 'Report Type', this.getNodeParameter('reportType', 'summary'), REPORT_TYPES);
		return [{ json: await getReport(client, this, testInvitationId, type, itemIndex) }];
	},
};
