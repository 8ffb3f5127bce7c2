import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// The credential test must never send the key in clear text. n8n expressions cannot raise an
// error, so a base URL that is neither https:// nor loopback http:// resolves to a host under the
// reserved `.invalid` TLD (RFC 2606): the lookup fails before any connection, and the host name
// tells the user what to fix. The node itself refuses such URLs with a full message.
const SECURE_BASE_URL =
	"={{ /^(https:\\/\\/[^\\s/]+|http:\\/\\/(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?)(\\/.*)?$/i.test($credentials.baseUrl) ? $credentials.baseUrl.replace(/\\/+$/, '') : 'https://base-url-must-start-with-https.invalid' }}";

export class ImochaApi implements ICredentialType {
	name = 'imochaApi';

	displayName = 'iMocha API';

	icon = { light: 'file:../icons/imocha.svg', dark: 'file:../icons/imocha.dark.svg' } as const;

	documentationUrl = 'https://developer.imocha.io/authentication-mechanism-1162129m0';

	// Lists the credential in n8n's HTTP Request node (Authentication → Predefined Credential Type)
	// and offers "iMocha" as an HTTP Request variant in the nodes panel. Either iMocha host works there.
	httpRequestNode = {
		name: 'iMocha',
		docsUrl: 'https://developer.imocha.io',
		apiBaseUrlPlaceholder: 'https://apiv3.imocha.io/v3/tests',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The key from iMocha (Settings → Integrations → API Key). Sent as the x-api-key header.',
		},
		{
			displayName: 'Skills Assessment Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://apiv3.imocha.io',
			description:
				'Host of the Skills Assessment API (tests, invitations, reports, users). Must start with https://.',
		},
		{
			displayName: 'Skills Intelligence Base URL',
			name: 'skillsIntelligenceBaseUrl',
			type: 'string',
			default: 'https://api.skillsintelligence.imocha.io',
			description:
				'Host of the Skills Intelligence API (employees, skills profiles, taxonomy). Must start with https://.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: SECURE_BASE_URL,
			url: '/v3/accounts/business-units',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'iMocha rejected the API key: "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'iMocha accepted the key but it may not use the Users API (403 Forbidden)',
				},
			},
		],
	};
}
