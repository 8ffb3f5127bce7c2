import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { HOSTS, imochaBaseUrl, InsecureBaseUrlError, isSecureUrl, parseUrl, trimmedBaseUrl } from '../nodes/Imocha/transport/hosts';

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
				'Host of the Skills Assessment API (tests, invitations, reports, users). Must start with https://; a trailing /v3 is removed.',
		},
		{
			displayName: 'Skills Intelligence Base URL',
			name: 'skillsIntelligenceBaseUrl',
			type: 'string',
			default: 'https://api.skillsintelligence.imocha.io',
			description:
				'Host of the Skills Intelligence API (employees, skills profiles, taxonomy, certificates). Must start with https://; a trailing /v3 is removed.',
		},
	];

	/**
	 * Adds the x-api-key header, after the one https rule the node also applies (so Test and the
	 * node accept the same base URLs): a base URL is trimmed and must be https:// (or http:// to
	 * localhost); in n8n's HTTP Request node, where the whole URL is given, that URL must be. The
	 * key is never added to a request that would carry it in clear text. A function rather than
	 * n8n's generic expression: no expression is evaluated per request.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const options = { ...requestOptions };
		if (options.baseURL !== undefined) {
			const given = trimmedBaseUrl(String(options.baseURL));
			const intelligence = trimmedBaseUrl(String(credentials.skillsIntelligenceBaseUrl ?? ''));
			options.baseURL = imochaBaseUrl(options.baseURL, given === intelligence ? HOSTS.intelligence.label : HOSTS.assessment.label);
		} else {
			// n8n's HTTP Request node sends through its older request helper, which names the address `uri`.
			const url = parseUrl(String(options.url ?? (options as { uri?: unknown }).uri).trim());
			if (url && !isSecureUrl(url)) {
				throw new InsecureBaseUrlError(`The iMocha API key is sent only over https://, not to ${url.origin}`);
			}
		}
		options.headers = { ...options.headers, 'x-api-key': String(credentials.apiKey ?? '') };
		return options;
	}

	// The Test button runs the iMocha node's `imochaApiTest` (the nodes name it with `testedBy`):
	// through the package's one client, so the Test keeps every rule the node keeps (redirects never
	// followed with the key, time bounds, answer size). See nodes/Imocha/transport/credentialTest.ts.
}
