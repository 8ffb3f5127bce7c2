import './env';
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INodeType, IRunExecutionData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { loadPackage } from './package';
import { buildWorkflow } from './run';

/**
 * Tests credentials the way n8n's CredentialsTester does for a credential with `test.request`:
 * the node that uses the credential runs the test request through RoutingNode, and a failed
 * answer is matched against the test's `rules` (otherwise n8n shows the status text or the code).
 */
export async function testCredentials(
	credentials: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { credentialTypes } = await loadPackage();
	const { workflow: nodeWorkflow, node, additionalData } = await buildWorkflow({ parameters: {}, credentials });
	const testRequest = credentialTypes.imochaApi.test!;
	const baseType = nodeWorkflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const testNodeType: INodeType = {
		description: {
			...baseType.description,
			credentials: [{ name: 'imochaApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } }],
		},
	};
	const workflow = new Workflow({
		nodes: [{ ...node, parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => testNodeType,
			getByNameAndVersion: () => testNodeType,
			getKnownTypes: () => ({}),
		},
	});
	const context = new ExecuteContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, { id: 'cred-1', name: 'iMocha account', type: 'imochaApi', data: credentials });
	try {
		await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const rule = testRequest.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === cause.response!.status,
			);
			if (rule) return { status: 'Error', message: (rule.properties as { message: string }).message };
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: String((error as Error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
