import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { getImochaList, pickerResults } from './imochaList';

/** The links of the test chosen in the node's "Test" field. */
export async function searchTestLinks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	// The editor passes the parameters being edited; a node run from saved parameters has them as its own.
	const testId =
		this.getCurrentNodeParameter('testId', { extractValue: true }) ??
		this.getNodeParameter('testId', undefined, { extractValue: true });
	const id = String(testId ?? '').trim();
	if (!/^\d+$/.test(id)) {
		throw new NodeOperationError(this.getNode(), 'Choose a test first', {
			description: "The list shows the links of the test in the 'Test' field. Pick the test (not an expression), then open this list again.",
		});
	}
	const links = await getImochaList.call(this, `/v3/tests/${id}/testlinks`, 'testLinks');
	return pickerResults(
		links.map((link) => ({ ...link, label: link.testLinkStatus === 'inactive' ? `${String(link.testLinkName)} (inactive)` : link.testLinkName })),
		{ id: 'testLinkId', name: 'label' },
		filter,
	);
}
