import type { IDataObject, INodeProperties, NodeApiError } from 'n8n-workflow';
import { isValuesRefusal, unexpectedAnswer } from '../../transport/errors';
import type { ImochaOperation } from '../../shared/operation';
import { requireIdList } from '../../shared/validation';

/** iMocha takes at most 100 ids per Process Callbacks call (docs/imocha-api.md §6.16). */
export const MAX_IDS_PER_CALL = 100;

export const callbackReplayDescription: INodeProperties[] = [
	{
		displayName: 'Invitation IDs',
		name: 'invitationIds',
		type: 'string',
		placeholder: 'e.g. 2932950, 2932951',
		required: true,
		displayOptions: { show: { resource: ['callback'], operation: ['replay'] } },
		default: '',
		description:
			'Test invitation IDs whose callbacks iMocha sends again, separated by commas, or a list mapped from an earlier node. Any number: the node sends them 100 per call.',
	},
];

function idsOf(value: unknown): number[] | undefined {
	return Array.isArray(value) && value.every((id) => typeof id === 'number') ? (value as number[]) : undefined;
}

/**
 * Splits the ids into calls of at most 100 and merges their `successful` and `failed` lists. A call
 * iMocha refuses (a 400, or its documented 401 `{result: null, errors: ["testinvitationIds does not
 * belong to account or not found", …]}`) puts its ids in `failed` and iMocha's text in `messages`,
 * and the other calls are still sent; if no id at all succeeded, that refusal is the item's error.
 */
export const callbackReplay: ImochaOperation = {
	method: 'POST',
	url: '/v3/callbacks/process',
	// Not repeated after an ambiguous failure (a time-out, a reset, 502/503/504): iMocha may have
	// queued the callbacks already, and a second call would run the workflows behind them twice.
	// Only a 429 or a refused connection, which prove nothing was queued, are sent again.
	idempotent: false,
	async run(request, itemIndex, client) {
		const node = this.getNode();
		const ids = [...new Set(requireIdList(node, itemIndex, 'Invitation IDs', this.getNodeParameter('invitationIds', '')))];
		const successful: number[] = [];
		const failed: number[] = [];
		const messages: string[] = [];
		let refusal: NodeApiError | undefined;
		for (let start = 0; start < ids.length; start += MAX_IDS_PER_CALL) {
			const chunk = ids.slice(start, start + MAX_IDS_PER_CALL);
			// send() fails only with a NodeApiError; a refusal of the ids is kept, anything else stops the item.
			const outcome = await client.send(this, { ...request, body: { testinvitationIds: chunk } }, itemIndex).then(
				({ body }) => ({ body, refused: undefined }),
				(error: NodeApiError) => ({ body: undefined, refused: error }),
			);
			if (outcome.refused) {
				if (!isValuesRefusal(outcome.refused)) throw outcome.refused;
				refusal ??= outcome.refused;
				failed.push(...chunk);
				messages.push(outcome.refused.message.replace(/ \[item \d+\]$/, ''));
				continue;
			}
			const { body } = outcome;
			const lists = ((body as IDataObject | undefined)?.result as IDataObject | undefined)?.testinvitationIds as
				| IDataObject
				| undefined;
			const ok = idsOf(lists?.successful);
			const notOk = idsOf(lists?.failed);
			if (!ok || !notOk) throw unexpectedAnswer(node, itemIndex, 'has no successful and failed lists');
			successful.push(...ok);
			failed.push(...notOk);
		}
		if (refusal && successful.length === 0) throw refusal;
		return [{ json: { successful, failed, ...(messages.length ? { messages } : {}) } }];
	},
};
