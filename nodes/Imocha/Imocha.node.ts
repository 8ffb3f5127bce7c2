import { NodeConnectionTypes, type INodeProperties, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchBusinessUnits } from './listSearch/searchBusinessUnits';
import { searchTestLinks } from './listSearch/searchTestLinks';
import { searchTests } from './listSearch/searchTests';
import { testImochaCredential } from './transport/credentialTest';
import { emailProperty, mergeSameFields, namesLookup } from './shared/descriptions';
import { requestOptionsProperty } from './transport/policy';
import { NODE_BASE_URL } from './transport/hosts';
import { businessUnitDescription } from './resources/businessUnit';
import { certificateDescription } from './resources/certificate';
import { callbackDescription } from './resources/callback';
import { customApiCallDescription } from './resources/customApiCall';
import { employeeDescription } from './resources/employee';
import { gdprDescription } from './resources/gdpr';
import { invitationDescription } from './resources/invitation';
import { reportDescription } from './resources/report';
import { taxonomyDescription } from './resources/taxonomy';
import { testDescription } from './resources/test';
import { testLinkDescription } from './resources/testLink';
import { userDescription } from './resources/user';

/**
 * Each resource's description is its Operation selector followed by its fields. The selectors are
 * listed first and the fields after them, so a field shared by several resources (Email) is
 * defined once yet shown in the same place for each.
 */
const RESOURCES: INodeProperties[][] = [
	userDescription,
	businessUnitDescription,
	employeeDescription,
	certificateDescription,
	taxonomyDescription,
	testDescription,
	testLinkDescription,
	invitationDescription,
	reportDescription,
	callbackDescription,
	gdprDescription,
	customApiCallDescription,
];

const RESOURCE_OPTIONS = [
	{ name: 'API Request', value: 'customApiCall' },
	{ name: 'Business Unit', value: 'businessUnit' },
	{ name: 'Callback', value: 'callback' },
	{ name: 'Certificate', value: 'certificate' },
	{ name: 'Employee', value: 'employee' },
	{ name: 'GDPR', value: 'gdpr' },
	{ name: 'Invitation', value: 'invitation' },
	{ name: 'Report', value: 'report' },
	{ name: 'Taxonomy', value: 'taxonomy' },
	{ name: 'Test', value: 'test' },
	{ name: 'Test Link', value: 'testLink' },
	{ name: 'User', value: 'user' },
];

/** "Operation: Resource" in display names for every resource.operation pair, e.g. "Update: User". */
const SUBTITLES = Object.fromEntries(
	RESOURCES.flatMap(([selector]) => {
		const resource = String(selector.displayOptions?.show?.resource?.[0]);
		const resourceName = RESOURCE_OPTIONS.find((option) => option.value === resource)?.name ?? resource;
		return (selector.options as Array<{ name: string; value: string }>).map((option) => [`${resource}.${option.value}`, `${option.name}: ${resourceName}`]);
	}),
);

/** Every resource.operation pair of the node, for merging fields that several operations share. */
const OPERATIONS = new Set(
	RESOURCES.flatMap(([selector]) =>
		(selector.options as Array<{ value: string }>).map((option) => `${String(selector.displayOptions?.show?.resource?.[0])}.${option.value}`),
	),
);

export class Imocha implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iMocha',
		name: 'imocha',
		icon: { light: 'file:../../icons/imocha.svg', dark: 'file:../../icons/imocha.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ ${namesLookup(SUBTITLES, '$parameter["resource"] + "." + $parameter["operation"]', '$parameter["operation"] + ": " + $parameter["resource"]')} }}`,
		description:
			'Invite candidates to iMocha tests, fetch their reports, manage users and sync employees with iMocha Skills Intelligence',
		defaults: { name: 'iMocha' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest' }],
		// Each operation's request hook sets the host from the credential (see shared/transport.ts);
		// a static default keeps RoutingNode from evaluating an expression for every item.
		requestDefaults: { baseURL: NODE_BASE_URL },
		properties: mergeSameFields([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCE_OPTIONS,
				default: 'user',
			},
			...RESOURCES.map(([operation]) => operation),
			emailProperty,
			...RESOURCES.flatMap(([, ...fields]) => fields),
			requestOptionsProperty,
		], OPERATIONS),
	};

	methods = {
		listSearch: { searchBusinessUnits, searchTests, searchTestLinks },
		credentialTest: { imochaApiTest: testImochaCredential },
	};
}
