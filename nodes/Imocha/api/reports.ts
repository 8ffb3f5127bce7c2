// Candidate reports (docs/imocha-api.md §6.12): what Report → Get and both triggers' "Include
// Report" fetch, through the same call.
import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { optionList, optionValues } from '../shared/descriptions';
import { jsonObjectIn, type ImochaClient, type ImochaContext } from '../transport/client';
import { TEST_EVENTS, type TestEvent } from './events';

const REPORT_TYPE_OPTIONS = optionList([
	{ name: 'Both', value: 'both', description: 'Summary, section scores and skill-wise scores' },
	{ name: 'Skills', value: 'skills', description: 'Skill-wise scores' },
	{ name: 'Summary', value: 'summary', description: 'Summary and section scores' },
]);
export const REPORT_TYPES = optionValues(REPORT_TYPE_OPTIONS);
export type ReportType = (typeof REPORT_TYPES)[number];
/** iMocha's `reportType` query value of each Report Type. */
const REPORT_TYPE_QUERY: Record<ReportType, number> = { summary: 1, skills: 2, both: 3 };

/** The "Report Type" parameter: of Report → Get, and of both triggers' Include Report. */
export function reportTypeField(show: IDisplayOptions['show'], description: string): INodeProperties {
	return {
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		displayOptions: { show },
		options: REPORT_TYPE_OPTIONS,
		default: 'summary',
		description,
	};
}

/** GET /v3/reports/{testInvitationId}?reportType=n: the candidate's report as a JSON object. */
export async function getReport(
	client: ImochaClient,
	context: ImochaContext,
	testInvitationId: number,
	type: ReportType,
	itemIndex?: number,
): Promise<IDataObject> {
	const report = await client.json(
		context,
		{ method: 'GET', url: `/v3/reports/${testInvitationId}`, qs: { reportType: REPORT_TYPE_QUERY[type] ?? REPORT_TYPE_QUERY.summary } },
		itemIndex,
	);
	return jsonObjectIn(context.getNode(), report, itemIndex);
}

/** "Include Report" and its "Report Type", shared by both triggers. */
export const reportProperties: INodeProperties[] = [
	{
		displayName: 'Include Report',
		name: 'includeReport',
		type: 'boolean',
		default: false,
		description:
			"Whether to fetch the candidate's full report (GET /v3/reports/{testInvitationId}) for a finished test and add it as 'report'. Needs the iMocha API credential.",
	},
	reportTypeField({ includeReport: [true] }, 'What the added report contains'),
];

export interface ReportResult {
	report: IDataObject | null;
	reportError?: string;
}

/**
 * The report of a finished attempt for a trigger's output. A report that cannot be read does not
 * stop the event: the item gets `report: null` and iMocha's message in `reportError`.
 */
export async function reportFor(
	client: ImochaClient,
	context: ImochaContext,
	testInvitationId: number,
	event: TestEvent,
	type: ReportType,
): Promise<ReportResult> {
	if (!TEST_EVENTS[event].finished) return { report: null };
	try {
		return { report: await getReport(client, context, testInvitationId, type) };
	} catch (error) {
		return { report: null, reportError: (error as Error).message };
	}
}
