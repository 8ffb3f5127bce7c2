import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import { parseJsonBody, unexpectedAnswer } from '../../transport/errors';
import { fillPath, invitationIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';
import { requireText } from '../../shared/validation';

const showOnlyForReportGetPdf = { resource: ['report'], operation: ['getPdf'] };
const PDF_MAGIC = '%PDF-';

export const reportGetPdfDescription: INodeProperties[] = [
	invitationIdField(showOnlyForReportGetPdf),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		displayOptions: { show: showOnlyForReportGetPdf },
		default: 'data',
		description: 'The name of the output binary field to put the PDF file in',
	},
];

/**
 * [inferred] GET /v3/reports/{testInvitationId}/pdf (docs/imocha-api.md §6.13): the PDF itself, a
 * redirect to it, or JSON with a `pdfReportUrl`. The client follows redirects itself, with the
 * x-api-key only on the iMocha API host; a redirect elsewhere (e.g. a signed storage URL) is
 * fetched without it. A `pdfReportUrl` is fetched only on the API host.
 */
export const reportGetPdf: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports/{testInvitationId}/pdf',
	async run(request, itemIndex, client) {
		const node = this.getNode();
		const testInvitationId = invitationIdOf.call(this, itemIndex);
		const binaryProperty = requireText(node, itemIndex, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', 'data'));
		fillPath(request, { testInvitationId });
		const file = await client.file(this, { ...request, headers: { accept: 'application/pdf, application/json' } }, itemIndex, pdfLinkIn);
		if ('linkElsewhere' in file) {
			const target = file.linkElsewhere;
			throw new NodeOperationError(node, `iMocha gave the PDF report as a link on ${target.host}, not as a file [item ${itemIndex}]`, {
				itemIndex,
				description: `The node downloads reports only from the iMocha API host, the one the API key is for. Open the link (${target.href}) in a browser signed in to iMocha, or read "pdfReportUrl" with Report → Get.`,
			});
		}
		const { bytes, contentType } = file;
		if (bytes.subarray(0, PDF_MAGIC.length).toString('latin1') !== PDF_MAGIC) {
			throw unexpectedAnswer(node, itemIndex, `for the PDF report is not a PDF file (${contentType || 'no content type'})`);
		}
		const fileName = `imocha-report-${testInvitationId}.pdf`;
		const binary = await this.helpers.prepareBinaryData(bytes, fileName, 'application/pdf');
		return [
			{
				json: { testInvitationId, fileName, mimeType: 'application/pdf', fileSize: bytes.length },
				binary: { [binaryProperty]: binary },
			},
		];
	},
};

/** The `pdfReportUrl` (or callback-style `ReportPDFUrl`) of a JSON answer, if it is one. */
function pdfLinkIn(bytes: Buffer): string | undefined {
	const json = parseJsonBody(bytes) as Record<string, unknown> | null | undefined;
	const link = json?.pdfReportUrl ?? json?.ReportPDFUrl;
	return typeof link === 'string' && link.trim() ? link.trim() : undefined;
}
