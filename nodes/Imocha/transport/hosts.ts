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

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A base URL the key may not be sent to; its message names the setting and what to fix. */
export class InsecureBaseUrlError extends Error {
	readonly description =
		'iMocha accepts only TLS connections, and the API key must never be sent in clear text. Plain http:// is accepted only for localhost, e.g. a local test server.';
}

/** Whether the key may travel to this URL: https, or plain http to this machine only. */
export function isSecureUrl(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * A credential's base URL as requests use it: white space (a pasted newline) and trailing slashes
 * removed, and refused unless it is https:// (or http:// to localhost).
 */
export function imochaBaseUrl(value: unknown, label = HOSTS.assessment.label): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !isSecureUrl(url) || /\s/.test(text)) {
		throw new InsecureBaseUrlError(`The ${label} "${text}" in the iMocha API credential must start with https://`);
	}
	return text;
}

/** The base URL of `host` in the credential. */
export function hostBaseUrl(credentials: Partial<ImochaCredentials>, host: ImochaHost): string {
	const setting = HOSTS[host];
	return imochaBaseUrl(credentials[setting.key], setting.label);
}
