import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { invalidInput, unexpectedAnswer } from '../../transport/errors';
import { externalEmployeeIdField } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { externalEmployeeIdOf } from '../../shared/params';
import { kindOf, optionalText, requireJson, requireText, toImochaDateTime } from '../../shared/validation';

const showOnlyForEmployeeAddCertificates = { resource: ['employee'], operation: ['addCertificates'] };
const showWith = (input: string) => ({ ...showOnlyForEmployeeAddCertificates, certificatesInput: [input] });

/** [confirmed-3p] The fields of one certificate (docs/imocha-api.md §8), as the JSON mode names them. */
const FIELDS = ['title', 'isStandardCertificate', 'issuer', 'validTill', 'licenseNumber'] as const;
const LABELS: Record<(typeof FIELDS)[number], string> = {
	title: 'Title',
	isStandardCertificate: 'Is Standard Certificate',
	issuer: 'Issuer',
	validTill: 'Valid Till',
	licenseNumber: 'License Number',
};

export const employeeAddCertificatesDescription: INodeProperties[] = [
	externalEmployeeIdField(showOnlyForEmployeeAddCertificates),
	{
		displayName: 'Certificates Input',
		name: 'certificatesInput',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForEmployeeAddCertificates },
		options: [
			{ name: 'Define Below', value: 'fields', description: 'Enter each certificate in the fields below' },
			{ name: 'Using JSON', value: 'json', description: 'Map a list of certificates, e.g. from a learning platform' },
		],
		default: 'fields',
		description: 'How the certificates of this item are given',
	},
	{
		displayName: 'Certificates',
		name: 'certificates',
		type: 'fixedCollection',
		placeholder: 'Add Certificate',
		typeOptions: { multipleValues: true },
		displayOptions: { show: showWith('fields') },
		default: {},
		description: 'The certificates to add to the employee; all of them go in one request',
		options: [
			{
				displayName: 'Certificate',
				name: 'certificate',
				values: [
					{
						displayName: 'Is Standard Certificate',
						name: 'isStandardCertificate',
						type: 'boolean',
						default: false,
						description: "Whether it is a standard (industry) certificate rather than one of your organisation's own courses",
					},
					{
						displayName: 'Issuer',
						name: 'issuer',
						type: 'string',
						default: '',
						placeholder: 'e.g. Amazon Web Services',
						description: 'Who issued the certificate; left empty, it is not sent',
					},
					{
						displayName: 'License Number',
						name: 'licenseNumber',
						type: 'string',
						default: '',
						placeholder: 'e.g. AWS-CCP-123456',
						description: 'Licence or credential number of the certificate; left empty, it is not sent',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'e.g. AWS Certified Cloud Practitioner',
						description: 'Name of the certificate or course',
					},
					{
						displayName: 'Valid Till',
						name: 'validTill',
						type: 'dateTime',
						default: '',
						description:
							"When the certificate expires; left empty, it is not sent. A time without an offset is read in the workflow's time zone, and iMocha gets it in UTC.",
					},
				],
			},
		],
	},
	{
		displayName: 'Certificates (JSON)',
		name: 'certificatesJson',
		type: 'json',
		displayOptions: { show: showWith('json') },
		default: '[\n  {\n    "title": "",\n    "isStandardCertificate": false\n  }\n]',
		description:
			'A list of certificates (or one certificate), each {"title": text, "isStandardCertificate": true or false, "issuer", "validTill" (a date), "licenseNumber"}; title and isStandardCertificate are required. Map it with an expression from the incoming item, e.g. its certificates list.',
	},
];

/** One certificate as iMocha takes it, checked field by field; `where` names it in messages ("certificate 2"). */
function certificateOf(node: INode, itemIndex: number, where: string, value: unknown, timeZone: string): IDataObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw invalidInput(
			node,
			itemIndex,
			`${where} is ${kindOf(value) ?? (typeof value === 'string' ? 'text' : 'empty')}, not a certificate`,
			'Give each certificate as an object, e.g. {"title": "AWS Certified Cloud Practitioner", "isStandardCertificate": true}.',
		);
	}
	const given = value as IDataObject;
	const unknown = Object.keys(given).filter((key) => !(FIELDS as readonly string[]).includes(key));
	if (unknown.length) {
		throw invalidInput(
			node,
			itemIndex,
			`${where} has ${unknown.length === 1 ? 'a field' : 'fields'} iMocha does not take: ${unknown.join(', ')}`,
			`A certificate takes only ${FIELDS.join(', ')} (spelled so). Rename or drop the others, e.g. with an Edit Fields node before this one.`,
		);
	}
	const label = (field: (typeof FIELDS)[number]) => `${LABELS[field]} of ${where}`;
	const certificate: IDataObject = { title: requireText(node, itemIndex, label('title'), given.title) };
	// A boolean, never guessed from text: "no" or "false" in a spreadsheet would otherwise be true.
	const standard = given.isStandardCertificate;
	if (typeof standard !== 'boolean') {
		throw invalidInput(
			node,
			itemIndex,
			standard === undefined || standard === null || standard === ''
				? `${label('isStandardCertificate')} is missing`
				: `${label('isStandardCertificate')} is ${kindOf(standard) ?? `the text "${String(standard)}"`}, not true or false`,
			`'${LABELS.isStandardCertificate}' takes a boolean: true or false. To map text such as "yes", convert it, e.g. {{ $json.standard === 'yes' }}.`,
		);
	}
	certificate.isStandardCertificate = standard;
	const issuer = optionalText(node, itemIndex, label('issuer'), given.issuer);
	if (issuer !== undefined) certificate.issuer = issuer;
	if (given.validTill !== undefined && given.validTill !== null && given.validTill !== '') {
		certificate.validTill = toImochaDateTime(node, itemIndex, label('validTill'), given.validTill, timeZone);
	}
	const licenseNumber = optionalText(node, itemIndex, label('licenseNumber'), given.licenseNumber);
	if (licenseNumber !== undefined) certificate.licenseNumber = licenseNumber;
	return certificate;
}

export const employeeAddCertificates: ImochaOperation = {
	method: 'POST',
	url: '/employees/{employeeId}/certificates',
	host: 'intelligence',
	// iMocha adds what it gets: a repeat after an ambiguous failure may add the certificates twice.
	idempotent: false,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const employeeId = externalEmployeeIdOf.call(this, itemIndex);
		const timeZone = this.getTimezone();
		let given: unknown[];
		let where: (index: number) => string;
		if (this.getNodeParameter('certificatesInput', 'fields') === 'json') {
			const parsed = requireJson(node, itemIndex, 'Certificates (JSON)', this.getNodeParameter('certificatesJson', '[]'));
			given = Array.isArray(parsed) ? parsed : parsed === undefined || parsed === null || parsed === '' ? [] : [parsed];
			where = (index) => `certificate ${index + 1} in Certificates (JSON)`;
		} else {
			const { certificate } = this.getNodeParameter('certificates', {}) as { certificate?: IDataObject[] };
			given = certificate ?? [];
			where = (index) => `certificate ${index + 1}`;
		}
		if (given.length === 0) {
			throw invalidInput(
				node,
				itemIndex,
				'There are no certificates to add',
				"Add at least one certificate under 'Certificates', or map a non-empty list to 'Certificates (JSON)'.",
			);
		}
		request.url = `/employees/${encodeURIComponent(employeeId)}/certificates`;
		request.body = given.map((certificate, index) => certificateOf(node, itemIndex, where(index), certificate, timeZone));
	},
	async run(request, itemIndex, client) {
		const { body, statusCode } = await client.send(this, request, itemIndex);
		// [confirmed-3p] iMocha answers 201 and processes the certificates later; the answer's body is
		// not documented, so an empty one is fine with 201. Any other answer must be JSON to count.
		if ((body === undefined && statusCode !== 201) || (body !== undefined && (body === null || typeof body !== 'object'))) {
			throw unexpectedAnswer(
				this.getNode(),
				itemIndex,
				body === undefined ? `has no body (HTTP ${statusCode}; only iMocha's 201 may be empty)` : 'is not JSON',
			);
		}
		const sent = request.body as IDataObject[];
		return [
			{
				json: {
					externalEmployeeId: decodeURIComponent(request.url.split('/')[2]),
					certificatesSent: sent.length,
					certificates: sent,
					...(body === undefined ? {} : { response: body as IDataObject }),
				},
			},
		];
	},
};
