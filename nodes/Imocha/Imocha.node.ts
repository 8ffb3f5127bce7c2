import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchBusinessUnits } from './listSearch/searchBusinessUnits';
import { businessUnitDescription } from './resources/businessUnit';
import { userDescription } from './resources/user';

export class Imocha implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iMocha',
		name: 'imocha',
		icon: { light: 'file:../../icons/imocha.svg', dark: 'file:../../icons/imocha.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage iMocha users and business units through the iMocha API',
		defaults: { name: 'iMocha' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'imochaApi', required: true }],
		// Each operation's request hook sets the host from the credential (see shared/transport.ts);
		// a static default keeps RoutingNode from evaluating an expression for every item.
		requestDefaults: { baseURL: 'https://apiv3.imocha.io' },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Business Unit', value: 'businessUnit' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...userDescription,
			...businessUnitDescription,
		],
	};

	methods = {
		listSearch: { searchBusinessUnits },
	};
}
