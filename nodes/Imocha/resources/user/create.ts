import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { businessUnitIdOf } from '../../api/businessUnits';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requireName } from '../../shared/validation';
import { jsonObjectIn } from '../../transport/client';
import { imochaApiError, imochaErrorText } from '../../transport/errors';

const showOnlyForUserCreate = { resource: ['user'], operation: ['create'] };

export const userCreateDescription: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		placeholder: 'e.g. Nathan Smith',
		required: true,
		displayOptions: { show: showOnlyForUserCreate },
		default: '',
		description: 'Full name of the new user',
		routing: { send: { type: 'body', property: 'fullName' } },
	},
	{
		displayName: 'If the User Already Exists',
		name: 'ifUserExists',
		type: 'options',
		displayOptions: { show: showOnlyForUserCreate },
		options: [
			{
				name: 'Fail',
				value: 'fail',
				description: "The item fails with iMocha's message",
			},
			{
				name: 'Continue',
				value: 'continue',
				description:
					'The item gives {email, alreadyExisted: true} and nothing is changed in iMocha; created users get alreadyExisted: false. For running a batch again after a crash.',
			},
		],
		default: 'fail',
		description:
			"What to do when iMocha answers that a user with this email exists. Continue makes running a batch again safe (e.g. after a worker crashed part-way); the existing user's name and business unit are not checked, as iMocha offers no way to read a user.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: { show: showOnlyForUserCreate },
		default: {},
		description: 'Optional details of the new user',
		options: [
			businessUnitLocator({
				description:
					"The new user's business unit: from the list, by numeric ID (businessUnitId from Business Unit → Get Many) or by name (matched ignoring case and spaces around it). Without it, the account's default business unit.",
			}),
		],
	},
];

export const userCreate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/create',
	async prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		body.fullName = requireName(node, itemIndex, 'Full Name', body.fullName);
		const unit = await businessUnitIdOf.call(this, 'additionalFields.businessUnitId', itemIndex, { optional: true });
		if (unit === undefined) delete body.businessunitId;
		else body.businessunitId = unit;
	},
	async run(request, itemIndex, client) {
		const node = this.getNode();
		const tolerateExisting = this.getNodeParameter('ifUserExists', 'fail') === 'continue';
		if (!tolerateExisting) return [{ json: jsonObjectIn(node, await client.json(this, request, itemIndex), itemIndex) }];
		const answer = await client.send(this, request, itemIndex, (status) => status === 400);
		if (answer.statusCode === 400) {
			if (!isUserExists(answer.body)) throw imochaApiError(node, { status: 400, body: answer.body, headers: answer.headers }, itemIndex);
			const { email } = request.body as IDataObject;
			return [{ json: { email, alreadyExisted: true } }];
		}
		return [{ json: { ...jsonObjectIn(node, answer.body, itemIndex), alreadyExisted: false } }];
	},
};

/**
 * iMocha's refusal of an email that is already a user. Not documented (docs/operations.md,
 * "Running a batch again"): [inferred] the endpoint's 400 `{"errors": [...]}` shape (§3) with a
 * message saying the user already exists, e.g. "User with this email address already exists".
 */
export function isUserExists(body: unknown): boolean {
	return /\balready exists?\b/i.test(imochaErrorText(body) ?? '');
}
