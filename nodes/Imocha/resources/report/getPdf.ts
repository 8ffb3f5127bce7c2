import type { IN8nHttpFullResponse, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { invitationIdField } from '../../shared/descriptions';
import { imochaHttpError, toImochaApiError, unexpectedAnswer } from '../../shared/errors';
import { fillPath, invitationIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/transport';
import { requireText } from '../../shared/validation';

const showOnlyForReportGetPdf = { resource: ['report'], operation: ['getPdf'] };
const MAX_HOPS = 5;
const PDF_MAGIC = '%PDF-';

export const reportGetPdfDescription: INodeProperties[] = [
	invitationIdField(showOnlyForReportGetPdf, 'The test invitation whose report to download'),
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

const locationOf = (response: IN8nHttpFullResponse) => {
	const location = (response.headers as Record<string, unknown>).location;
	return typeof location === 'string' && location ? location : undefined;
};

/**
 * [inferred] GET /v3/reports/{testInvitationId}/pdf (imocha-api.md §6.13): the PDF itself, a
 * redirect to it, or JSON with a `pdfReportUrl`. Redirects are followed here rather than by the
 * HTTP client, which would send the x-api-key header to whatever host a redirect names: the key
 * goes only to the iMocha API host; a redirect elsewhere (e.g. a signed storage URL) is fetched
 * without it. A `pdfReportUrl` is fetched only on the API host.
 */
export const reportGetPdf: ImochaOperation = {
	method: 'GET',
	url: '/v3/reports/{testInvitationId}/pdf',
	async run(request, send, itemIndex) {
		const node = this.getNode();
		const testInvitationId = invitationIdOf.call(this, itemIndex);
		const binaryProperty = requireText(node, itemIndex, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', 'data'));
		fillPath(request, { testInvitationId });
		const apiOrigin = new URL(String(request.baseURL)).origin;
		const asFile = {
			encoding: 'arraybuffer' as const,
			json: false,
			disableFollowRedirect: true,
			// Read every answer here (raw bytes keep iMocha's text only if decoded), except the
			// statuses the transport retries.
			ignoreHttpStatusErrors: { ignore: true as const, except: [429, 502, 503, 504] },
		};
		const fetchFile = async (url: string): Promise<IN8nHttpFullResponse> => {
			if (new URL(url).origin === apiOrigin) return await send({ ...request, ...asFile, baseURL: undefined, url, qs: {} });
			try {
				return (await this.helpers.httpRequest({ method: 'GET', url, ...asFile, returnFullResponse: true })) as IN8nHttpFullResponse;
			} catch (error) {
				throw toImochaApiError(node, error, itemIndex);
			}
		};

		let url = `${String(request.baseURL).replace(/\/+$/, '')}${String(request.url)}`;
		let response = await send({ ...request, ...asFile, headers: { ...request.headers, accept: 'application/pdf, application/json' } });
		for (let hop = 0; ; hop++) {
			const { statusCode, body } = response;
			const location = locationOf(response);
			let link: string;
			if (statusCode >= 300 && statusCode < 400 && location) {
				link = location; // a redirect is followed to any host, with the key only on the API host
			} else {
				if (statusCode >= 300) throw imochaHttpError(node, statusCode, body, itemIndex);
				const bytes = Buffer.from(body as Buffer);
				if (bytes.subarray(0, PDF_MAGIC.length).toString('latin1') === PDF_MAGIC) {
					const fileName = `imocha-report-${testInvitationId}.pdf`;
					const binary = await this.helpers.prepareBinaryData(bytes, fileName, 'application/pdf');
					return [
						{
							json: { testInvitationId, fileName, mimeType: 'application/pdf', fileSize: bytes.length },
							binary: { [binaryProperty]: binary },
						},
					];
				}
				const found = pdfLinkIn(bytes);
				if (!found) {
					const type = String((response.headers as Record<string, unknown>)['content-type'] ?? 'no content type');
					throw unexpectedAnswer(node, itemIndex, `for the PDF report is not a PDF file (${type})`);
				}
				const target = new URL(found, url);
				if (target.origin !== apiOrigin) {
					throw new NodeOperationError(node, `iMocha gave the PDF report as a link on ${target.host}, not as a file [item ${itemIndex}]`, {
						itemIndex,
						description: `The node downloads reports only from the iMocha API host (${new URL(apiOrigin).host}), the one the API key is for. Open the link (${target.href}) in a browser signed in to iMocha, or read "pdfReportUrl" with Report → Get.`,
					});
				}
				link = found;
			}
			if (hop >= MAX_HOPS) throw unexpectedAnswer(node, itemIndex, `for the PDF report redirected more than ${MAX_HOPS} times`);
			url = new URL(link, url).href;
			response = await fetchFile(url);
		}
	},
};

/** The `pdfReportUrl` (or callback-style `ReportPDFUrl`) of a JSON answer, if it is one. */
function pdfLinkIn(bytes: Buffer | undefined): string | undefined {
	try {
		const json = JSON.parse(bytes?.toString('utf8') ?? '') as Record<string, unknown>;
		const link = json.pdfReportUrl ?? json.ReportPDFUrl;
		return typeof link === 'string' && link.trim() ? link.trim() : undefined;
	} catch {
		return undefined;
	}
}
