// Candidate reports (docs/imocha-api.md §6.12): what Report → Get and both triggers' "Include
// Report" fetch, through the same call.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonObjectIn, type ImochaClient, type ImochaContext } from '../transport/client';
import { TEST_EVENTS, type TestEvent } from './events';

/** iMocha's `reportType` query values. */
export const REPORT_TYPES = { summary: 1, skills: 2, both: 3 } as const;
export type ReportType = keyof typeof REPORT_TYPES;

export const REPORT_TYPE_OPTIONS = [
	{ name: 'Both', value: 'both', description: 'Summary, section scores and skill-wise scores' },
	{ name: 'Skills', value: 'skills', description: 'Skill-wise scores' },
	{ name: 'Summary', value: 'summary', description: 'Summary and section scores' },
];

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
		{ method: 'GET', url: `/v3/reports/${testInvitationId}`, qs: { reportType: REPORT_TYPES[type] ?? REPORT_TYPES.summary } },
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
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		displayOptions: { show: { includeReport: [true] } },
		options: REPORT_TYPE_OPTIONS,
		default: 'summary',
		description: 'What the added report contains',
	},
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
