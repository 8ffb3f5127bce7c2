import type { IDataObject, IDisplayOptions, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import {
	convertTimeWindow,
	requireCallbackUrl,
	requireHttpUrl,
	requirePositiveInteger,
	toFlag,
} from '../../shared/validation';

/** Body names of the access fields iMocha documents in PascalCase for reattempt. */
export const REATTEMPT_KEYS = {
	callbackUrl: 'CallbackUrl',
	redirectUrl: 'RedirectUrl',
	startDateTime: 'StartDateTime',
	endDateTime: 'EndDateTime',
	timeZoneId: 'TimeZoneId',
};
export type AccessKeys = Record<keyof typeof REATTEMPT_KEYS, string>;
/** Invite sends them under their own (camelCase) names. */
export const INVITE_KEYS = Object.fromEntries(Object.keys(REATTEMPT_KEYS).map((name) => [name, name])) as AccessKeys;

const LABELS = {
	callbackUrl: 'Callback URL',
	redirectUrl: 'Redirect URL',
	startDateTime: 'Start Date and Time',
	endDateTime: 'End Date and Time',
	timeZoneId: 'Time Zone ID',
	hideInstruction: 'Hide Instructions',
	sendEmail: 'Send Email',
};

const body = (property: string) => ({ send: { type: 'body' as const, property } });

/** The options invite and reattempt share: callback, redirect, email, instructions, access window. */
export function accessOptions(keys: AccessKeys): INodeProperties[] {
	return [
		{
			displayName: LABELS.callbackUrl,
			name: 'callbackUrl',
			type: 'string',
			placeholder: 'e.g. https://n8n.example.com/webhook/1f0e…/imocha?token=…',
			default: '',
			description:
				"HTTPS address iMocha POSTs to when the candidate starts and finishes the test: an iMocha Trigger's Production URL with ?token= and its Secret Token added. The endpoint must support TLS 1.2 or higher.",
			routing: body(keys.callbackUrl),
		},
		{
			displayName: LABELS.endDateTime,
			name: 'endDateTime',
			type: 'dateTime',
			default: '',
			description: "End of the access window; sent to iMocha in UTC. A time without an offset is read in the workflow's time zone.",
			routing: body(keys.endDateTime),
		},
		{
			displayName: LABELS.hideInstruction,
			name: 'hideInstruction',
			type: 'boolean',
			default: false,
			description: 'Whether the candidate skips the instructions page',
			routing: body('hideInstruction'),
		},
		{
			displayName: LABELS.redirectUrl,
			name: 'redirectUrl',
			type: 'string',
			placeholder: 'e.g. https://example.com/thank-you',
			default: '',
			description: 'Where the candidate goes after the test',
			routing: body(keys.redirectUrl),
		},
		{
			displayName: LABELS.sendEmail,
			name: 'sendEmail',
			type: 'boolean',
			default: false,
			description: 'Whether iMocha emails the invitation to the candidate (it does not by default)',
			routing: body('sendEmail'),
		},
		{
			displayName: LABELS.startDateTime,
			name: 'startDateTime',
			type: 'dateTime',
			default: '',
			description: "Start of the access window; sent to iMocha in UTC. A time without an offset is read in the workflow's time zone.",
			routing: body(keys.startDateTime),
		},
		{
			displayName: LABELS.timeZoneId,
			name: 'timeZoneId',
			type: 'string',
			placeholder: 'e.g. 1720',
			default: '',
			description: 'The iMocha ID of the time zone the access window is shown in',
			routing: body(keys.timeZoneId),
		},
	];
}

/** The "Additional Fields" collection, its options sorted by name as n8n shows them. */
export function additionalFields(show: IDisplayOptions['show'], options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: { show },
		default: {},
		description: 'Optional settings of the invitation',
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Checks and converts the access fields the item set: URLs, 0/1 and yes/no flags, UTC dates, ids. */
export function prepareAccess(
	this: IExecuteSingleFunctions,
	request: IDataObject,
	keys: AccessKeys,
	itemIndex: number,
): void {
	const node = this.getNode();
	const has = (key: string) => request[key] !== undefined;
	if (has(keys.callbackUrl)) request[keys.callbackUrl] = requireCallbackUrl(node, itemIndex, LABELS.callbackUrl, request[keys.callbackUrl]);
	if (has(keys.redirectUrl)) request[keys.redirectUrl] = requireHttpUrl(node, itemIndex, LABELS.redirectUrl, request[keys.redirectUrl]);
	if (has('hideInstruction')) request.hideInstruction = toFlag(node, itemIndex, LABELS.hideInstruction, request.hideInstruction);
	if (has('sendEmail')) request.sendEmail = toFlag(node, itemIndex, LABELS.sendEmail, request.sendEmail) ? 'yes' : 'no';
	convertTimeWindow(node, itemIndex, this.getTimezone(), request, [
		{ key: keys.startDateTime, field: LABELS.startDateTime },
		{ key: keys.endDateTime, field: LABELS.endDateTime },
	]);
	if (has(keys.timeZoneId)) {
		request[keys.timeZoneId] = requirePositiveInteger(node, itemIndex, LABELS.timeZoneId, request[keys.timeZoneId]);
	}
}
