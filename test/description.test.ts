// n8n's UX rules for node descriptions (Title Case names, sentence-case actions, every field
// described, Return All + Limit on lists), checked on the node exactly as n8n loads it.
import type { INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkflow, loadPackage, NODE_TYPE, TEST_API_KEY } from './harness';
import codex from '../nodes/Imocha/Imocha.node.json';
import pollTriggerCodex from '../nodes/ImochaPollTrigger/ImochaPollTrigger.node.json';
import triggerCodex from '../nodes/ImochaTrigger/ImochaTrigger.node.json';
import packageJson from '../package.json';

const SMALL_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'to', 'the', 'in', 'on', 'by', 'for', 'with', 'from', 'per']);
const PROPER = new Set(['iMocha', 'ID', 'IDs', 'URL', 'PDF', 'GDPR', 'API', 'JSON', 'UTC', 'ISO']);

const isTitleCase = (text: string) =>
	text.split(/\s+/).every((word, i) => PROPER.has(word) || /^[A-Z0-9(]/.test(word) || (i > 0 && SMALL_WORDS.has(word)));
const isSentenceCase = (text: string) =>
	/^[A-Z]/.test(text) && text.split(/\s+/).slice(1).every((word) => PROPER.has(word) || !/^[A-Z][a-z]/.test(word));

/** n8n's documented codex categories (docs.n8n.io, "Node codex files" → Node categories). */
const CODEX_CATEGORIES = [
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
];
const REPOSITORY = packageJson.homepage.replace(/#readme$/, '');

/** A node's subtitle as the editor shows it for these parameters. */
async function subtitleOf(type: string, typeVersion: number, parameters: Record<string, unknown>): Promise<unknown> {
	const { workflow, node } = await buildWorkflow({
		parameters: parameters as never,
		credentials: { apiKey: TEST_API_KEY, baseUrl: 'https://apiv3.imocha.io' },
		nodeType: type,
	});
	const { nodeTypes } = await loadPackage();
	const subtitle = (nodeTypes[type] as INodeType).description.subtitle as string;
	return workflow.expression.getSimpleParameterValue({ ...node, typeVersion }, subtitle, 'internal', {});
}

let description: INodeTypeDescription;
beforeAll(async () => {
	const { nodeTypes } = await loadPackage();
	description = (nodeTypes[NODE_TYPE] as INodeType).description;
});

const ownProperties = () => description.properties.filter((p) => p.name !== 'requestOptions');
const operationProperties = () => ownProperties().filter((p) => p.name === 'operation');
const operationsOf = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];

test('is declarative, usable as an AI tool, with themed icons and a subtitle', () => {
	expect(description.name).toBe('imocha');
	expect(description.displayName).toBe('iMocha');
	expect(description.requestDefaults).toBeDefined();
	expect(description.usableAsTool).toBe(true);
	expect(description.subtitle).toBeTruthy();
	expect(description.credentials).toEqual([{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest' }]);
	// n8n's loader turns file: icons into the package's served paths; the files must exist.
	expect(description.iconUrl).toEqual({
		light: 'icons/n8n-nodes-imocha/dist/icons/imocha.svg',
		dark: 'icons/n8n-nodes-imocha/dist/icons/imocha.dark.svg',
	});
	for (const url of Object.values(description.iconUrl as Record<string, string>)) {
		expect(existsSync(join(__dirname, '..', url.replace('icons/n8n-nodes-imocha/', '')))).toBe(true);
	}
	// The loader adds n8n's own Batching/Timeout/Proxy options to declarative nodes.
	expect(description.properties.some((p) => p.name === 'requestOptions')).toBe(true);
});

test('codex and package.json agree on the node', () => {
	expect(codex.node).toBe(`${packageJson.name}.${description.name}`);
	expect(packageJson.n8n.nodes).toEqual([
		'dist/nodes/Imocha/Imocha.node.js',
		'dist/nodes/ImochaTrigger/ImochaTrigger.node.js',
		'dist/nodes/ImochaPollTrigger/ImochaPollTrigger.node.js',
	]);
	expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect((packageJson as { dependencies?: object }).dependencies).toBeUndefined();
});

describe.each([
	['imocha', codex],
	['imochaTrigger', triggerCodex],
	['imochaPollTrigger', pollTriggerCodex],
])('the codex of %s', (name, nodeCodex) => {
	test("uses only n8n's documented categories", () => {
		expect(nodeCodex.categories.length).toBeGreaterThan(0);
		for (const category of nodeCodex.categories) expect(CODEX_CATEGORIES).toContain(category);
	});

	test("has the node's default version as nodeVersion", async () => {
		const { nodeTypes } = await loadPackage();
		const node = (nodeTypes[`${packageJson.name}.${name}`] as INodeType).description;
		const versions = Array.isArray(node.version) ? node.version : [node.version];
		expect(Number(nodeCodex.nodeVersion)).toBe(node.defaultVersion ?? Math.max(...versions));
	});

	test("links to the repository's README and docs, as package.json names it", () => {
		expect(nodeCodex.resources.primaryDocumentation.map((d) => d.url)).toEqual([
			expect.stringMatching(new RegExp(`^${REPOSITORY}(#|/blob/main/)`)),
		]);
		for (const { url } of [...nodeCodex.resources.primaryDocumentation, ...nodeCodex.resources.credentialDocumentation]) {
			expect(url).not.toMatch(/npmjs\.com/);
			const file = /\/blob\/main\/([^#]+)/.exec(url)?.[1];
			if (file) expect([url, existsSync(join(__dirname, '..', file))]).toEqual([url, true]);
		}
	});
});

test.each([
	[{ resource: 'user', operation: 'update' }, 'Update: User'],
	[{ resource: 'testLink', operation: 'getAll' }, 'Get Many: Test Link'],
	[{ resource: 'customApiCall', operation: 'send' }, 'Send: API Request'],
	[{ resource: 'gdpr', operation: 'mask' }, 'Mask: GDPR'],
])('the subtitle shows display names: %j → %s', async (parameters, expected) => {
	expect(await subtitleOf(NODE_TYPE, 1, parameters)).toBe(expected);
});

test('every resource and operation has a subtitle of display names', async () => {
	const resources = (ownProperties().find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
	for (const property of operationProperties()) {
		const resource = resources.find((r) => r.value === property.displayOptions?.show?.resource?.[0])!;
		for (const operation of operationsOf(property)) {
			const subtitle = await subtitleOf(NODE_TYPE, 1, { resource: resource.value, operation: operation.value });
			expect(subtitle).toBe(`${operation.name}: ${resource.name}`);
		}
	}
});

test.each([
	['imochaTrigger', 2, { events: ['completed', 'testLeft'] }, 'On: Test Completed, Test Left'],
	['imochaPollTrigger', 1, { states: ['completed'] }, 'Attempts: Completed'],
])('the %s subtitle shows display names', async (name, typeVersion, parameters, expected) => {
	expect(await subtitleOf(`${packageJson.name}.${name}`, typeVersion, parameters)).toBe(expected);
});

test('every operation has an action in sentence case, a description and a route', () => {
	const operations = operationProperties().flatMap(operationsOf);
	expect(operations.length).toBeGreaterThanOrEqual(4);
	for (const operation of operations) {
		expect(isTitleCase(operation.name)).toBe(true);
		expect(operation.action).toBeTruthy();
		expect(isSentenceCase(operation.action!)).toBe(true);
		expect(operation.description).toBeTruthy();
		expect(operation.routing?.request?.method).toBeTruthy();
		expect(operation.routing?.request?.url).toMatch(/^\//);
		// Every request goes through the package's request hook (shared/transport.ts).
		expect(typeof operation.routing?.operations?.pagination).toBe('function');
		expect(operation.routing?.send?.paginate).toBe(true);
	}
});

test('operation options are sorted by name, as n8n lint expects', () => {
	for (const property of operationProperties()) {
		const names = operationsOf(property).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	}
});

test('every field has a Title Case name and a description', () => {
	const fields = ownProperties().filter((p) => !['resource', 'operation'].includes(p.name));
	expect(fields.length).toBeGreaterThan(0);
	for (const field of fields) {
		expect([field.name, isTitleCase(field.displayName)]).toEqual([field.name, true]);
		expect([field.name, Boolean(field.description)]).toEqual([field.name, true]);
		for (const option of (field.options ?? []) as INodePropertyOptions[]) {
			if ('name' in option && 'value' in option) expect(isTitleCase(option.name)).toBe(true);
		}
	}
});

test('every Get Many operation has Return All and Limit', () => {
	for (const property of operationProperties()) {
		const resource = property.displayOptions?.show?.resource?.[0] as string;
		for (const operation of operationsOf(property).filter((o) => o.value === 'getAll')) {
			expect(operation.name).toBe('Get Many');
			expect(operation.action).toMatch(/^Get many /);
			const shownFor = (name: string) =>
				ownProperties().find(
					(p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes('getAll'),
				);
			expect(shownFor('returnAll')?.default).toBe(false);
			expect(shownFor('limit')?.default).toBe(50);
			expect(shownFor('limit')?.displayOptions?.show?.returnAll).toEqual([false]);
		}
	}
});

test('a user picks a business unit with a resource locator: a searchable list, an ID or a name', () => {
	const locators = ownProperties().filter((p) => p.name === 'businessUnitId');
	expect(locators.length).toBeGreaterThan(0);
	for (const locator of locators) {
		expect(locator.type).toBe('resourceLocator');
		expect(locator.modes?.map((m) => m.name)).toEqual(['list', 'id', 'name']);
		expect(locator.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchBusinessUnits', searchable: true });
	}
});

describe.each([
	['imochaTrigger', 'iMocha Trigger', triggerCodex],
	['imochaPollTrigger', 'iMocha Poll Trigger', pollTriggerCodex],
])('the %s node', (name, displayName, nodeCodex) => {
	let trigger: INodeTypeDescription;
	beforeAll(async () => {
		const { nodeTypes } = await loadPackage();
		trigger = (nodeTypes[`${packageJson.name}.${name}`] as INodeType).description;
	});

	test('is a trigger as n8n and its lint rules expect: no inputs, not an AI tool, themed icons, a subtitle', () => {
		expect([trigger.name, trigger.displayName, trigger.group, trigger.inputs]).toEqual([name, displayName, ['trigger'], []]);
		expect(trigger.usableAsTool).toBeUndefined();
		expect(trigger.subtitle).toBeTruthy();
		expect(trigger.iconUrl).toEqual({
			light: 'icons/n8n-nodes-imocha/dist/icons/imocha.svg',
			dark: 'icons/n8n-nodes-imocha/dist/icons/imocha.dark.svg',
		});
		expect(nodeCodex.node).toBe(`${packageJson.name}.${name}`);
	});

	test('every field has a Title Case name and a description; options are sorted', () => {
		const fields = trigger.properties.filter((p) => p.type !== 'notice' && p.name !== 'pollTimes');
		for (const field of [...fields, ...fields.flatMap((f) => (f.type === 'collection' ? (f.options as INodeProperties[]) : []))]) {
			expect([field.name, isTitleCase(field.displayName)]).toEqual([field.name, true]);
			expect([field.name, Boolean(field.description)]).toEqual([field.name, true]);
		}
		for (const field of fields.filter((f) => f.type === 'multiOptions' || f.type === 'options')) {
			const names = (field.options as INodePropertyOptions[]).map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			for (const option of names) expect(isTitleCase(option)).toBe(true);
		}
	});
});
