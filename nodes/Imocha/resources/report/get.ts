import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import { fillPath, invitationIdOf } from '../../shared/params';
import { REPORT_TYPE_OPTIONS, REPORT_TYPES, type ReportType } from '../../api/reports';
import type { ImochaOperation } from '../../shared/operation';
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
		routing: { send: { type: 'query', property: 'reportType' } },
	},
];

export const reportGet: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports/{testInvitationId}',
	prepare(request, itemIndex) {
		fillPath(request, { testInvitationId: invitationIdOf.call(this, itemIndex) });
		const qs = request.qs as IDataObject;
		const type = requireOneOf(this.getNode(), itemIndex, 'Report Type', qs.reportType ?? 'summary', Object.keys(REPORT_TYPES) as ReportType[]);
		qs.reportType = REPORT_TYPES[type];
	},
};
