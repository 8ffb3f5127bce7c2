// The two iMocha hosts and the one rule for their base URLs. The credential's authenticate (and so
// its Test), the node, the pickers and the triggers all read a base URL through `imochaBaseUrl`,
// so they can never disagree on what is accepted.

/** The two iMocha hosts; both take the same x-api-key (docs/imocha-api.md §1). */
export type ImochaHost = 'assessment' | 'intelligence';

export interface ImochaCredentials {
	apiKey: string;
	baseUrl: string;
	skillsIntelligenceBaseUrl: string;
}

export const HOSTS: Record<ImochaHost, { key: 'baseUrl' | 'skillsIntelligenceBaseUrl'; label: string }> = {
	assessment: { key: 'baseUrl', label: 'Skills Assessment Base URL' },
	intelligence: { key: 'skillsIntelligenceBaseUrl', label: 'Skills Intelligence Base URL' },
};

/** The Skills Assessment base URL the node itself names (its requestDefaults); n8n counts its host as the node's own. */
export const NODE_BASE_URL = 'https://apiv3.imocha.io';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const NOT_TLS =
	'iMocha accepts only TLS connections, and the API key must never be sent in clear text. Plain http:// is accepted only for localhost, e.g. a local test server.';
const NOT_A_HOST =
	'Enter the base URL as iMocha gives it, e.g. https://apiv3.imocha.io: a host name of letters, digits, hyphens and dots, without spaces or invisible characters (retype a pasted value).';

/** A base URL the key may not be sent to; its message names the setting and what to fix. */
export class InsecureBaseUrlError extends Error {
	constructor(
		message: string,
		readonly description = NOT_TLS,
	) {
		super(message);
	}
}

/** The absolute URL `text` spells, or undefined when it spells none. */
export function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** Whether the key may travel to this URL: https, or plain http to this machine only. */
export function isSecureUrl(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * A credential's base URL as requests use it: white space (a pasted newline), trailing slashes and
 * a trailing `/v3` removed, and refused unless it is https:// (or http:// to localhost).
 *
 * Many of iMocha's pages give the base URL as `https://apiv3.imocha.io/v3`, but every path of the
 * node already starts with `/v3/` (and Skills Intelligence paths have no version at all), so a
 * trailing `/v3` (any case, any slashes around it) is dropped rather than sent as `/v3/v3/…`.
 */
export function imochaBaseUrl(value: unknown, label = HOSTS.assessment.label): string {
	const text = trimmedBaseUrl(value);
	const url = parseUrl(text);
	if (url && isSecureUrl(url) && !/\s/.test(text)) return text;
	const refusal = `The ${label} "${text}" in the iMocha API credential`;
	// https:// with a host that is not one (white space, a broken Unicode paste, a bad port): say so.
	if (/^https:(\/\/|$)/i.test(text)) {
		const host = text.slice('https://'.length).split(/[/?#]/)[0];
		const problem = !host
			? 'it has no host name'
			: url && !/\s/.test(host)
				? 'it contains white space'
				: `the host "${host}" is not valid`;
		throw new InsecureBaseUrlError(`${refusal} is not a valid URL: ${problem}`, NOT_A_HOST);
	}
	throw new InsecureBaseUrlError(`${refusal} must start with https://`);
}

/** A base URL with white space, trailing slashes and a trailing `/v3` removed (not yet checked). */
export function trimmedBaseUrl(value: unknown): string {
	return typeof value === 'string' ? value.trim().replace(/\/+$/, '').replace(/(?<=[^/:])\/+v3$/i, '').replace(/\/+$/, '') : '';
}

/** The base URL of `host` in the credential. */
export function hostBaseUrl(credentials: Partial<ImochaCredentials>, host: ImochaHost): string {
	const setting = HOSTS[host];
	return imochaBaseUrl(credentials[setting.key], setting.label);
}

/**
 * The domains the credential allows, as RoutingNode reads them for this node: with Allowed HTTP
 * Request Domains (n8n's setting) on Specific Domains, the list plus the node's own host; else undefined.
 */
export function credentialAllowedDomains(credentials: object): string | undefined {
	const { allowedHttpRequestDomains: mode, allowedDomains } = credentials as { allowedHttpRequestDomains?: unknown; allowedDomains?: unknown };
	if (mode !== 'domains') return undefined;
	const list = typeof allowedDomains === 'string' ? allowedDomains.trim() : '';
	return list && isDomainAllowed(NODE_BASE_URL, list) ? list : [hostOf(NODE_BASE_URL), list].filter(Boolean).join(', ');
}

/** Whether the host of `url` is on a comma-separated list of domains: a name matches itself, `*.example.com` its subdomains only. */
export function isDomainAllowed(url: string, list: string): boolean {
	const host = hostOf(url);
	const matches = (domain: string) => (domain.startsWith('*.') ? domain.length > 2 && host?.endsWith(domain.slice(1)) : domain === host);
	return host !== undefined && list.split(',').map(hostName).filter(Boolean).some(matches);
}

/** The host name of a URL, lower case and without a final dot; undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
	const name = parseUrl(url)?.hostname;
	return name === undefined ? undefined : hostName(name);
}

const hostName = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');
