// The credential's Test (the button in n8n's credential dialog) as one more road through the one
// client: the same https rule, host lock, redirects never followed with the key, time bounds and
// answer size as every other request. n8n gives a credential test only its older request helper,
// so this file adapts that helper to the two calls the client makes; the rules stay in the client.
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { clientForCall, recordsIn, type ImochaContext } from './client';
import { answerBodyOf, imochaErrorText, isValuesRefusal } from './errors';
import { hostBaseUrl, InsecureBaseUrlError } from './hosts';

/** The Test answers while the user waits: 5 s per try and one quick retry, as the pickers. */
const TEST_POLICY = { timeoutMs: 5_000, maxRetries: 1, maxWaitMs: 2_000 };

/** What errors name as the source, since a credential Test runs outside any node. */
const CREDENTIAL_NODE: INode = {
	id: 'imocha-credential-test',
	name: 'iMocha API credential',
	type: 'imochaApi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The older request helper's options for a request the client built. */
function legacyOptions(options: IHttpRequestOptions): Record<string, unknown> {
	return {
		method: options.method ?? 'GET',
		uri: `${options.baseURL ?? ''}${options.url}`,
		qs: options.qs,
		qsStringifyOptions: options.arrayFormat ? { arrayFormat: options.arrayFormat } : undefined,
		headers: options.headers,
		body: options.body,
		json: options.json,
		useStream: options.encoding === 'stream',
		encoding: options.encoding === 'arraybuffer' ? null : undefined,
		resolveWithFullResponse: true,
		// Every status comes back to the client, which judges it.
		simple: options.ignoreHttpStatusErrors === true ? false : undefined,
		followRedirect: options.disableFollowRedirect !== true,
		followAllRedirects: false,
		timeout: options.timeout,
		proxy: options.proxy,
		rejectUnauthorized: options.skipSslCertificateValidation === true ? false : undefined,
	};
}

/**
 * The parts of a node context the client uses, over a credential test's helpers: the credential
 * as given, the key added as the credential's authenticate adds it.
 */
function testContext(functions: ICredentialTestFunctions, data: ICredentialDataDecryptedObject): ImochaContext {
	const request = async (options: IHttpRequestOptions) => (await functions.helpers.request(legacyOptions(options))) as unknown;
	return {
		getNode: () => CREDENTIAL_NODE,
		logger: functions.logger,
		getCredentials: async () => data,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) =>
				await request({ ...options, headers: { ...options.headers, 'x-api-key': String(data.apiKey ?? '') } }),
			httpRequest: request,
		},
	} as unknown as ImochaContext;
}

/**
 * Tests the key on the Skills Assessment host (GET /v3/accounts/business-units, the Users API) and
 * checks the Skills Intelligence base URL against the https rule without calling it: an account
 * without Skills Intelligence must still pass.
 */
export async function testImochaCredential(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		const answer = await clientForCall(TEST_POLICY).json(testContext(this, data), { method: 'GET', url: '/v3/accounts/business-units' });
		recordsIn(CREDENTIAL_NODE, answer, 'businessUnits');
		hostBaseUrl(data, 'intelligence');
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		return { status: 'Error', message: testMessage(error) };
	}
}

function testMessage(error: unknown): string {
	if (error instanceof InsecureBaseUrlError) return error.message;
	if (error instanceof NodeApiError) {
		if (error.httpCode === '401') {
			// iMocha's own words on the key (imochaApiError adds them to its message), read from the answer.
			const text = isValuesRefusal(error) ? undefined : imochaErrorText(answerBodyOf(error));
			return text ? `iMocha rejected the API key: "${text}"` : 'iMocha rejected the API key';
		}
		if (error.httpCode === '403') return 'iMocha accepted the key but it may not use the Users API (403 Forbidden)';
	}
	return error instanceof Error ? error.message : String(error);
}
