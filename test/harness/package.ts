// Runs this package's nodes through n8n's own execution engine (n8n-core's WorkflowExecute, which
// drives the real declarative RoutingNode and real HTTP requests) after loading them from dist/
// with n8n's PackageDirectoryLoader, exactly as an n8n instance loads a community package.
// Nothing of the engine is mocked; only credential storage is replaced by an in-memory map.
import './env';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-imocha';
export const NODE_TYPE = `${PACKAGE_NAME}.imocha`;
export const TEST_API_KEY = 'test-key';

type LoadedPackage = {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
};

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ the way n8n does (package.json "n8n" block, codex, icons, declarative options). */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		// n8n's logger (which LoggerProxy, WorkflowExecute and the node contexts all use) writes here.
		// n8n-core ships its own copies of @n8n/di and @n8n/backend-common: use those.
		const coreRequire = createRequire(require.resolve('n8n-core'));
		const { Container } = coreRequire('@n8n/di');
		const { Logger } = coreRequire('@n8n/backend-common');
		const logger = Container.get(Logger);
		(logger as unknown as { setInternalLogger(l: unknown): void }).setInternalLogger(captureTransport);
		LoggerProxy.init(logger);
		const loader = new PackageDirectoryLoader(resolve(__dirname, '..', '..'));
		await loader.loadAll();
		const nodeTypes: LoadedPackage['nodeTypes'] = {};
		for (const [name, data] of Object.entries(loader.nodeTypes)) nodeTypes[`${PACKAGE_NAME}.${name}`] = data.type;
		const credentialTypes: LoadedPackage['credentialTypes'] = {};
		for (const [name, data] of Object.entries(loader.credentialTypes)) credentialTypes[name] = data.type;
		return { nodeTypes, credentialTypes };
	})();
	return loaded;
}

/** Every line n8n logs during runs (at debug level), so tests can check that no secret is ever logged. */
export const capturedLogs: string[] = [];
const captureTransport = {
	levels: { error: 0, warn: 1, info: 2, debug: 3 },
	log(level: string, message: string, meta?: object) {
		capturedLogs.push(`${level} ${message} ${meta ? safeStringify(meta) : ''}`);
	},
	child() {
		return captureTransport;
	},
};

export function safeStringify(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, val: unknown) => {
		if (val instanceof Error) {
			return { ...val, name: val.name, message: val.message, stack: val.stack };
		}
		if (typeof val === 'object' && val !== null) {
			if (seen.has(val)) return '[circular]';
			seen.add(val);
		}
		if (typeof val === 'bigint') return val.toString();
		return val;
	});
}
