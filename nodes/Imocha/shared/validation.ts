import type { INode } from 'n8n-workflow';
import { invalidInput } from './errors';

// Deliberately simple: one @, no spaces, a dot in the domain. iMocha applies its own stricter check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireEmail(node: INode, itemIndex: number, field: string, value: unknown): string {
	const email = typeof value === 'string' ? value.trim() : '';
	if (!email) {
		throw invalidInput(node, itemIndex, `${field} is empty`, `Enter the person's email address in '${field}', e.g. nathan@example.com.`);
	}
	if (!EMAIL.test(email)) {
		throw invalidInput(
			node,
			itemIndex,
			`${field} "${email}" is not a valid email address`,
			`Use an address like nathan@example.com in '${field}'.`,
		);
	}
	return email;
}

/** iMocha ids are 64-bit integers; anything that is not a whole number above zero is refused. */
export function requirePositiveInteger(node: INode, itemIndex: number, field: string, value: unknown): number {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const id = /^\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `${field} "${text}" is not a positive whole number` : `${field} is empty`,
			`'${field}' takes iMocha's numeric ID, e.g. 42.`,
		);
	}
	return id;
}

export function requireOneOf<T extends string>(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw invalidInput(
		node,
		itemIndex,
		`${field} "${String(value)}" is not one of ${allowed.join(', ')}`,
		`Pick one of: ${allowed.join(', ')}.`,
	);
}

export function requireText(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw invalidInput(node, itemIndex, `${field} is empty`, `Enter a value for '${field}'.`);
	return text;
}
