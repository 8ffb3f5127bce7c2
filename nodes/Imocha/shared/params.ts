import type { IExecuteSingleFunctions } from 'n8n-workflow';
import type { ImochaRequest } from '../transport/client';
import { TEST_URL_PATTERN } from './descriptions';
import { requireEmail, requireLocatorId, requirePositiveInteger, requireText } from './validation';

const TEST_URL = new RegExp(TEST_URL_PATTERN);

/** The test picked in the item's "Test" field (list, ID or app URL), as iMocha's numeric id. */
export function testIdOf(this: IExecuteSingleFunctions, itemIndex: number): number {
	return requireLocatorId(this.getNode(), itemIndex, 'Test', this.getNodeParameter('testId', ''), TEST_URL);
}

/** The item's "Email" (the one field several operations share), checked before anything is sent. */
export function emailOf(this: IExecuteSingleFunctions, itemIndex: number): string {
	return requireEmail(this.getNode(), itemIndex, 'Email', this.getNodeParameter('email', ''));
}

/** The item's "Invitation ID", as iMocha's numeric id. */
export function invitationIdOf(this: IExecuteSingleFunctions, itemIndex: number): number {
	return requirePositiveInteger(this.getNode(), itemIndex, 'Invitation ID', this.getNodeParameter('invitationId', ''));
}

/** The item's "External Employee ID" (the HRIS one): text; an id mapped from a number is still iMocha's string id. */
export function externalEmployeeIdOf(this: IExecuteSingleFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('externalEmployeeId', '') as unknown;
	return requireText(this.getNode(), itemIndex, 'External Employee ID', typeof value === 'number' ? String(value) : value);
}

/** Fills the `{name}` placeholders of the operation's URL, e.g. /v3/tests/{testId}/settings. */
export function fillPath(request: ImochaRequest, ids: Record<string, number>): void {
	request.url = String(request.url).replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name]));
}
