#!/usr/bin/env node
// The layering check (part of `npm run lint`): reads every import of the TypeScript files under
// nodes/ and credentials/ (TypeScript's own import scanner, so multi-line, type-only, `export …
// from` and require() all count) and fails on
//   - an import circle (A imports B … imports A), printed as the path round it;
//   - an upward import: imports point down the layers of CONTRIBUTING.md's diagram
//       node files, trigger folders, credentials   (top)
//       resources/<resource>/, listSearch/
//       api/
//       shared/
//       transport/                                  (bottom)
//     so transport/ imports nothing above it, shared/ only transport/, api/ only shared/ and
//     transport/; and a resource never imports another resource, the pickers or a node, the
//     pickers never import a resource, and one node folder never imports another's node files
//     or trigger code (only the shared layers of nodes/Imocha/).
//
//   node scripts/layers.mjs [PROJECT_DIR]     (default: the current directory)
//
// Prints one line per finding and a summary; exit code 1 on any finding, 2 on a usage error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const root = resolve(process.argv[2] || '.');
if (!existsSync(join(root, 'nodes'))) {
	console.error(`layers: ${root} has no nodes/ folder`);
	process.exit(2);
}

const files = [];
function walk(dir) {
	if (!existsSync(dir)) return;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) walk(full);
		else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(full);
	}
}
walk(join(root, 'nodes'));
walk(join(root, 'credentials'));

const rel = (file) => relative(root, file).split(sep).join('/');

/** The file a relative specifier names, as TypeScript resolves it; null for packages and non-TS files. */
function resolveImport(from, specifier) {
	if (!specifier.startsWith('.')) return null;
	const base = resolve(dirname(from), specifier);
	for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
		if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

/**
 * Where a file sits: { layer, rank, unit }. rank orders the layers (higher = further up); unit
 * names the folder that may import itself freely (a resource, the pickers, a node folder).
 */
function place(file) {
	const parts = rel(file).split('/');
	if (parts[0] === 'credentials') return { layer: 'credentials', rank: 4, unit: 'credentials' };
	// nodes/<Node>/...
	const node = parts[1];
	const inner = parts.slice(2);
	const sub = inner.length > 1 ? inner[0] : null;
	if (sub === 'transport') return { layer: 'transport', rank: 0, unit: `${node}/transport` };
	if (sub === 'shared') return { layer: 'shared', rank: 1, unit: `${node}/shared` };
	if (sub === 'api') return { layer: 'api', rank: 2, unit: `${node}/api` };
	if (sub === 'resources') return { layer: 'resource', rank: 3, unit: `${node}/resources/${inner[1]}` };
	if (sub === 'listSearch') return { layer: 'listSearch', rank: 3, unit: `${node}/listSearch` };
	// A node file, or a node folder's own code (a trigger's callback.ts, attempts.ts).
	return { layer: 'node', rank: 4, unit: `${node}` };
}

const edges = new Map();
for (const file of files) {
	const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	const targets = new Set();
	for (const { fileName } of importedFiles) {
		const target = resolveImport(file, fileName);
		if (target) targets.add(target);
	}
	edges.set(file, [...targets].sort());
}

const findings = [];

// Upward and sideways imports.
for (const [from, targets] of edges) {
	const a = place(from);
	for (const to of targets) {
		const b = place(to);
		if (a.unit === b.unit) continue;
		let why = null;
		if (b.rank > a.rank) why = `${a.layer} imports ${b.layer}, which sits above it`;
		else if (b.rank === a.rank) why = `${a.unit} imports ${b.unit}, beside it rather than below it`;
		if (why) findings.push(`upward import: ${rel(from)} -> ${rel(to)} (${why})`);
	}
}

// Import circles: Tarjan's strongly connected components; each with more than one file (or a
// file importing itself) is printed as one path round it.
let index = 0;
const indexOf = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
function connect(v) {
	indexOf.set(v, index);
	low.set(v, index);
	index++;
	stack.push(v);
	onStack.add(v);
	for (const w of edges.get(v) || []) {
		if (!indexOf.has(w)) {
			connect(w);
			low.set(v, Math.min(low.get(v), low.get(w)));
		} else if (onStack.has(w)) {
			low.set(v, Math.min(low.get(v), indexOf.get(w)));
		}
	}
	if (low.get(v) === indexOf.get(v)) {
		const component = [];
		let w;
		do {
			w = stack.pop();
			onStack.delete(w);
			component.push(w);
		} while (w !== v);
		components.push(component);
	}
}
for (const file of [...edges.keys()].sort()) if (!indexOf.has(file)) connect(file);

for (const component of components) {
	const members = new Set(component);
	const start = component.sort()[0];
	if (component.length === 1 && !(edges.get(start) || []).includes(start)) continue;
	// Breadth-first from start back to start, staying inside the component: the shortest circle.
	const previous = new Map();
	const queue = [start];
	let found = false;
	while (queue.length && !found) {
		const v = queue.shift();
		for (const w of edges.get(v) || []) {
			if (!members.has(w)) continue;
			if (w === start) {
				previous.set('end', v);
				found = true;
				break;
			}
			if (!previous.has(w)) {
				previous.set(w, v);
				queue.push(w);
			}
		}
	}
	const path = [start];
	for (let v = previous.get('end'); v !== start; v = previous.get(v)) path.splice(1, 0, v);
	path.push(start);
	const others = component.length > path.length - 1 ? ` (${component.length} files in all)` : '';
	findings.push(`import circle: ${path.map(rel).join(' -> ')}${others}`);
}

for (const line of findings) console.log(line);
const importCount = [...edges.values()].reduce((n, targets) => n + targets.length, 0);
console.log(
	`layers: ${files.length} files, ${importCount} imports between them, ${findings.filter((f) => f.startsWith('import circle')).length} circles, ${findings.filter((f) => f.startsWith('upward')).length} upward imports`,
);
process.exitCode = findings.length ? 1 : 0;
