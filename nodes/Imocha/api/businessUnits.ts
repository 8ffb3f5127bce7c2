// The Business Unit field (User → Update, User → Create): From List, By ID, or By Name. A name is
// matched, trimmed and ignoring case, against the account's business units (docs/imocha-api.md
// §6.18), which are read once per node run through the run's client: every item of the run waits
// on the same read, and nothing is kept after the run.
import type { IDataObject, IExecuteSingleFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { requirePositiveInteger } from '../shared/validation';
import { clientForRun, recordsIn, type ImochaClient } from '../transport/client';
import { invalidInput, unexpectedAnswer } from '../transport/errors';

const FIELD = 'Business Unit';

/** The account's business units by matching key (trimmed, lower case): usually one id per name. */
interface AccountUnits {
	byName: Map<string, Array<{ id: unknown; name: string }>>;
	/** How many units the answer listed, and how many its `count` says the account has. */
	listed: number;
	count?: number;
}

interface RunLookup {
	units?: Promise<AccountUnits>;
	failures: number;
}

/**
 * How many times one run may read the business units. Items already waiting share a failed read
 * (and fail with it); an item that asks after it failed (n8n's Batching starts items later) reads
 * once more; after that the failure stands for the rest of the run.
 */
const MAX_READS = 2;

/** Keyed by the run's client, which lives exactly as long as the run (transport/client.ts). */
const lookups = new WeakMap<ImochaClient, RunLookup>();

const keyOf = (name: string) => name.trim().toLowerCase();

/**
 * GET /v3/accounts/business-units: `{businessUnits: [...], count}`, every unit in one answer (the
 * contract documents no paging for it, docs/imocha-api.md §5).
 */
async function readUnits(context: IExecuteSingleFunctions, client: ImochaClient): Promise<AccountUnits> {
	// No item index: the answer serves every item of the run; each item words its own failure.
	const body = await client.json(context, { method: 'GET', url: '/v3/accounts/business-units' });
	const records = recordsIn(context.getNode(), body, 'businessUnits');
	const byName: AccountUnits['byName'] = new Map();
	for (const unit of records) {
		if (typeof unit.businessUnitName !== 'string') continue;
		const key = keyOf(unit.businessUnitName);
		const entry = { id: unit.businessUnitId, name: unit.businessUnitName.trim() };
		const same = byName.get(key);
		if (same) same.push(entry);
		else byName.set(key, [entry]);
	}
	const count = (body as IDataObject).count;
	return { byName, listed: records.length, count: typeof count === 'number' ? count : undefined };
}

/** The business units of this run, read on the first ask and shared by every later one. */
function unitsOfRun(context: IExecuteSingleFunctions): Promise<AccountUnits> {
	const client = clientForRun(context);
	let lookup = lookups.get(client);
	if (!lookup) {
		lookup = { failures: 0 };
		lookups.set(client, lookup);
	}
	const run = lookup;
	if (!run.units) {
		const units = readUnits(context, client);
		run.units = units;
		units.catch(() => {
			run.failures++;
			if (run.failures < MAX_READS && run.units === units) run.units = undefined;
		});
	}
	return run.units;
}

/** Levenshtein distance, for the "closest names" of an unknown name. */
function distance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length];
}

/** Up to three names of the account nearest to `key`: those containing it (or contained in it) first, then by edit distance. */
export function closestNames(key: string, names: string[], count = 3): string[] {
	return names
		.map((name) => {
			const other = keyOf(name);
			return { name, contains: other.includes(key) || key.includes(other), distance: distance(key, other) };
		})
		.sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || a.name.localeCompare(b.name))
		.slice(0, count)
		.map(({ name }) => name);
}

/** The failed read, worded for this item: the field, the name, and iMocha's own reason. */
function readFailed(node: INode, itemIndex: number, name: string, error: unknown): Error {
	const reason = error instanceof Error ? error.message : String(error);
	const message = `Could not read the account's business units to find ${FIELD} "${name}": ${reason} [item ${itemIndex}]`;
	if (error instanceof NodeApiError) {
		return new NodeApiError(node, {}, { message, description: error.description ?? undefined, httpCode: error.httpCode ?? undefined, itemIndex });
	}
	const description = error instanceof NodeOperationError ? (error.description ?? undefined) : undefined;
	return new NodeOperationError(node, message, { itemIndex, description });
}

/** The id of the business unit named `value`: exactly one unit of the account must bear the name. */
async function unitIdByName(context: IExecuteSingleFunctions, itemIndex: number, value: unknown): Promise<number> {
	const node = context.getNode();
	if (value !== null && typeof value === 'object') {
		throw invalidInput(node, itemIndex, `${FIELD} is ${Array.isArray(value) ? 'a list' : 'an object'}, not a name`, `Map one business unit name (text) to '${FIELD}', e.g. Engineering.`);
	}
	const name = value === undefined || value === null ? '' : String(value).trim();
	if (!name) {
		throw invalidInput(node, itemIndex, `${FIELD} is empty`, `Enter the name of the business unit in '${FIELD}', e.g. Engineering.`);
	}
	let units: AccountUnits;
	try {
		units = await unitsOfRun(context);
	} catch (error) {
		throw readFailed(node, itemIndex, name, error);
	}
	const key = keyOf(name);
	const matches = units.byName.get(key) ?? [];
	if (matches.length === 0) {
		const nearest = closestNames(key, [...units.byName.values()].map((same) => same[0].name));
		const incomplete =
			units.count !== undefined && units.count > units.listed
				? `iMocha listed ${units.listed} of the account's ${units.count} business units: the unit may be one it left out; use By ID. `
				: '';
		throw invalidInput(
			node,
			itemIndex,
			`${FIELD} "${name}" is not the name of a business unit of this iMocha account; ${nearest.length ? `closest: ${nearest.map((n) => `"${n}"`).join(', ')}` : 'the account has no business units'}`,
			`${incomplete}Names are matched ignoring case and spaces around them. Business Unit → Get Many lists the account's units; or pick the unit from the list.`,
		);
	}
	if (matches.length > 1) {
		throw invalidInput(
			node,
			itemIndex,
			`${FIELD} "${name}" matches ${matches.length} business units of this iMocha account: ids ${matches.map((unit) => String(unit.id)).join(', ')}`,
			`Several units bear this name: switch '${FIELD}' to By ID and enter the id of the one you mean.`,
		);
	}
	const [unit] = matches;
	if (typeof unit.id !== 'number' || !Number.isSafeInteger(unit.id) || unit.id <= 0) {
		throw unexpectedAnswer(node, itemIndex, `gives business unit "${unit.name}" no numeric businessUnitId`);
	}
	return unit.id;
}

/**
 * The numeric id the Business Unit field `parameter` (a resource locator) stands for, or undefined
 * when it is empty and `optional`. From List and By ID are read as they are, with no request; By
 * Name looks the name up in the run's business units. Read once per item (one evaluation).
 */
export async function businessUnitIdOf(
	this: IExecuteSingleFunctions,
	parameter: string,
	itemIndex: number,
	options: { optional?: boolean } = {},
): Promise<number | undefined> {
	const locator = this.getNodeParameter(parameter, '') as unknown;
	const { mode, value } = (
		locator !== null && typeof locator === 'object' && !Array.isArray(locator) ? locator : { value: locator }
	) as IDataObject;
	if (options.optional && (value === undefined || value === null || String(value).trim() === '')) return undefined;
	if (mode === 'name') return await unitIdByName(this, itemIndex, value);
	return requirePositiveInteger(this.getNode(), itemIndex, FIELD, value);
}
