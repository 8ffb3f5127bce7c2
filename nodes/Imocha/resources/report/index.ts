import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { reportGet, reportGetDescription } from './get';
import { reportGetAll, reportGetAllDescription } from './getAll';
import { reportGetPdf, reportGetPdfDescription } from './getPdf';

export const reportDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get report',
				description:
					"Retrieve a candidate's test report; returns the score, percentage, status, performance category, PDF link and section or skill scores",
				routing: imochaRoute(reportGet),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many reports',
				description:
					'List the reports of tests completed in a date range (default: the last 7 days); returns one item per report',
				routing: imochaRoute(reportGetAll),
			},
			{
				name: 'Get PDF',
				value: 'getPdf',
				action: 'Download report as PDF file',
				description:
					"Download a candidate's report as a PDF; returns a binary file (application/pdf) in the chosen field, with its file name and size",
				routing: imochaRoute(reportGetPdf),
			},
		],
		default: 'get',
	},
	...reportGetDescription,
	...reportGetPdfDescription,
	...reportGetAllDescription,
];
