import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { accountStatusOptions, externalEmployeeIdField, optionValues } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf, externalEmployeeIdOf } from '../../shared/params';
import { optionalText, requireJsonObject, requireOneOf } from '../../shared/validation';

const showOnlyForEmployeeUpsert = { resource: ['employee'], operation: ['upsert'] };
const STATUS_OPTIONS = accountStatusOptions('The employee is active in Skills Intelligence', 'The employee is deactivated; their data is kept');
/** [inferred] Body fields besides externalEmployeeId, email and status are not in the public docs. */
const TEXT_FIELDS: Record<string, string> = {
	firstName: 'First Name',
	lastName: 'Last Name',
	fullName: 'Full Name',
	jobProfile: 'Job Profile',
	jobCode: 'Job Code',
};

const textField = (name: string, placeholder: string, description: string): INodeProperties => ({
	displayName: TEXT_FIELDS[name],
	name,
	type: 'string',
	placeholder,
	default: '',
	description,
	routing: { send: { type: 'body', property: name } },
});

export const employeeUpsertDescription: INodeProperties[] = [
	externalEmployeeIdField(showOnlyForEmployeeUpsert),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: { show: showOnlyForEmployeeUpsert },
		default: {},
		description: 'More fields of the employee; only the ones added here are sent, and an added field left empty is not sent',
		options: [
			textField('firstName', 'e.g. Nathan', "The employee's first name"),
			textField('fullName', 'e.g. Nathan Smith', "The employee's full name"),
			textField('jobCode', 'e.g. ENG-2', 'Code of the job the employee holds in iMocha'),
			textField('jobProfile', 'e.g. Software Engineer', 'Job profile of the employee in iMocha; it sets the skills the employee is measured against'),
			textField('lastName', 'e.g. Smith', "The employee's last name"),
			{
				displayName: 'Other Fields (JSON)',
				name: 'otherFields',
				type: 'json',
				default: '{}',
				description:
					'More body fields iMocha accepts, as a JSON object, e.g. {"department": "Sales"}. The fields above take precedence over the same names here.',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: STATUS_OPTIONS,
				default: 'Active',
				description: 'Whether the employee is active in iMocha Skills Intelligence',
				routing: { send: { type: 'body', property: 'status' } },
			},
		],
	},
];

export const employeeUpsert: ImochaOperation = {
	method: 'POST',
	url: '/employees/upsert',
	host: 'intelligence',
	// It sets the employee matched on external ID and email: sending it twice gives the same state.
	idempotent: true,
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = (request.body ?? {}) as IDataObject;
		body.externalEmployeeId = externalEmployeeIdOf.call(this, itemIndex);
		body.email = emailOf.call(this, itemIndex);
		for (const [name, label] of Object.entries(TEXT_FIELDS)) {
			// An added but empty field is not "set"; a list or an object is refused, never sent as "[object Object]".
			const text = optionalText(node, itemIndex, label, body[name]);
			if (text === undefined) delete body[name];
			else body[name] = text;
		}
		if (body.status !== undefined) body.status = requireOneOf(node, itemIndex, 'Status', body.status, optionValues(STATUS_OPTIONS));
		const { otherFields } = this.getNodeParameter('additionalFields', {}) as IDataObject;
		const extra = otherFields === undefined ? {} : requireJsonObject(node, itemIndex, 'Other Fields (JSON)', otherFields);
		request.body = { ...extra, ...body };
	},
};
