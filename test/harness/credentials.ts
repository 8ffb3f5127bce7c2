import './env';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, INodeType } from 'n8n-workflow';
import { loadPackage } from './package';
import { buildWorkflow } from './run';

/**
 * Tests credentials the way n8n's CredentialsTester does for a credential that a node tests
 * (`testedBy` naming a function in the node's `methods.credentialTest`): the first node of the
 * package that names one, called on n8n-core's own CredentialTestContext, whose only helper is
 * n8n's older request helper.
 */
export async function testCredentials(
	credentials: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	if (credentialTypes.imochaApi.test) throw new Error('the credential declares its own test request: n8n would run that instead');
	const { additionalData } = await buildWorkflow({ parameters: {}, credentials });
	let testFunction: ICredentialTestFunction | undefined;
	for (const type of Object.values(nodeTypes) as INodeType[]) {
		const testedBy = type.description.credentials?.find((c) => c.name === 'imochaApi')?.testedBy;
		if (typeof testedBy === 'string') {
			testFunction = type.methods?.credentialTest?.[testedBy];
			break;
		}
	}
	if (!testFunction) throw new Error('no node of the package tests the imochaApi credential');
	const context = new CredentialTestContext(additionalData);
	const result = await testFunction.call(context, { id: 'cred-1', name: 'iMocha account', type: 'imochaApi', data: credentials });
	return { status: result.status, message: result.message };
}
