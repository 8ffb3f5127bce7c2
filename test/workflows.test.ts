// The GitHub workflows (.github/workflows/*.yml): they parse, their expressions are balanced and
// name only contexts, steps, jobs and matrix keys that exist, and they keep the release rules
// (README, Releasing): nothing published unless the tagged commit passed CI; trusted publishing
// first, the token only when one is set; the tarball attached to a GitHub release.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import * as YAML from 'yaml';

const ROOT = resolve(__dirname, '..');
const DIR = join(ROOT, '.github', 'workflows');

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
	name?: string;
	'runs-on'?: string;
	uses?: string;
	needs?: string | string[];
	strategy?: { matrix?: Record<string, unknown> };
	steps?: Step[];
	permissions?: Record<string, string>;
	container?: unknown;
};
type Workflow = {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	concurrency?: { group: string; 'cancel-in-progress': boolean };
	jobs: Record<string, Job>;
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));
const text = (file: string) => readFileSync(join(DIR, file), 'utf8');
const load = (file: string) => YAML.parse(text(file)) as Workflow;

const CONTEXTS = new Set(['github', 'env', 'vars', 'secrets', 'inputs', 'matrix', 'strategy', 'steps', 'needs', 'runner', 'job']);
const FUNCTIONS = new Set(['hashFiles', 'format', 'contains', 'startsWith', 'endsWith', 'join', 'toJSON', 'fromJSON', 'success', 'always', 'failure', 'cancelled']);

/** Every ${{ … }} in a string, or an error for one left open. */
function expressions(value: string): string[] {
	const found: string[] = [];
	let from = 0;
	for (;;) {
		const start = value.indexOf('${{', from);
		if (start === -1) return found;
		const end = value.indexOf('}}', start);
		if (end === -1) throw new Error(`unclosed expression: ${value.slice(start, start + 40)}`);
		found.push(value.slice(start + 3, end).trim());
		from = end + 2;
	}
}

/** Strings anywhere in a value, with where they sit. */
function strings(value: unknown, where: string, out: Array<[string, string]> = []): Array<[string, string]> {
	if (typeof value === 'string') out.push([where, value]);
	else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${where}[${i}]`, out));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${where}.${k}`, out);
	return out;
}

describe.each(files)('.github/workflows/%s', (file) => {
	const workflow = load(file);

	it('parses as YAML, with a trigger and jobs', () => {
		expect(YAML.parseDocument(text(file)).errors).toEqual([]);
		expect(typeof workflow.name).toBe('string');
		expect(workflow.on).toBeTruthy();
		expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
	});

	it('names only existing jobs, steps, matrix keys and known contexts in its expressions', () => {
		const problems: string[] = [];
		const jobIds = Object.keys(workflow.jobs);
		const check = (where: string, value: string, job?: Job) => {
			let list: string[];
			try {
				list = expressions(value);
			} catch (error) {
				problems.push(`${where}: ${(error as Error).message}`);
				return;
			}
			for (const expression of list) {
				const withoutStrings = expression.replace(/'[^']*'/g, "''");
				for (const match of withoutStrings.matchAll(/(^|[^.\w])([A-Za-z_][\w-]*)(\s*\()?/g)) {
					const [, , name, call] = match;
					if (call) {
						if (!FUNCTIONS.has(name)) problems.push(`${where}: unknown function ${name}() in \${{ ${expression} }}`);
					} else if (!CONTEXTS.has(name) && !['true', 'false', 'null'].includes(name)) {
						problems.push(`${where}: unknown context ${name} in \${{ ${expression} }}`);
					}
				}
				for (const [, id] of withoutStrings.matchAll(/\bsteps\.([\w-]+)/g)) {
					if (!job?.steps?.some((step) => step.id === id)) problems.push(`${where}: no step with id ${id}`);
				}
				for (const [, id] of withoutStrings.matchAll(/\bneeds\.([\w-]+)/g)) {
					if (![job?.needs ?? []].flat().includes(id)) problems.push(`${where}: needs.${id} without needs: ${id}`);
				}
				for (const [, key] of withoutStrings.matchAll(/\bmatrix\.([\w-]+)/g)) {
					if (!job?.strategy?.matrix || !(key in job.strategy.matrix)) problems.push(`${where}: no matrix key ${key}`);
				}
			}
		};
		for (const [where, value] of strings({ on: workflow.on, concurrency: workflow.concurrency }, file)) check(where, value);
		for (const [id, job] of Object.entries(workflow.jobs)) {
			if (!job['runs-on'] && !job.uses) problems.push(`${file}.jobs.${id}: neither runs-on nor uses`);
			for (const need of [job.needs ?? []].flat()) {
				if (!jobIds.includes(need)) problems.push(`${file}.jobs.${id}: needs ${need}, which does not exist`);
			}
			for (const [where, value] of strings(job, `${file}.jobs.${id}`)) check(where, value, job);
			const ids = (job.steps ?? []).map((step) => step.id).filter(Boolean);
			if (new Set(ids).size !== ids.length) problems.push(`${file}.jobs.${id}: duplicate step ids`);
			if (job.uses?.startsWith('./')) {
				const called = join(ROOT, job.uses);
				if (!existsSync(called)) problems.push(`${file}.jobs.${id}: ${job.uses} does not exist`);
				else if (!('workflow_call' in (YAML.parse(readFileSync(called, 'utf8')) as Workflow).on)) {
					problems.push(`${file}.jobs.${id}: ${job.uses} has no workflow_call trigger`);
				}
			}
			for (const step of job.steps ?? []) {
				if (!step.uses && !step.run) problems.push(`${file}.jobs.${id}: a step with neither uses nor run`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('ci.yml', () => {
	const ci = load('ci.yml');

	it('tests on Node 22 and 24, cancels superseded runs and can be called by publish.yml', () => {
		expect(ci.jobs.test.strategy?.matrix?.node).toEqual([22, 24]);
		expect(ci.concurrency?.['cancel-in-progress']).toBe(true);
		expect(ci.on).toHaveProperty('workflow_call');
	});

	it('runs build, lint, unit tests, the end-to-end suite and the queue-mode suite, caching the n8n runtimes', () => {
		const runs = Object.values(ci.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run ?? ''));
		for (const command of ['npm run build', 'npm run lint', 'npm test', 'npm run test:e2e', 'npm run test:queue']) {
			expect(runs).toContain(command);
		}
		for (const id of ['e2e', 'queue']) {
			const cache = ci.jobs[id].steps?.find((step) => step.uses?.startsWith('actions/cache@'));
			expect(cache?.with?.path).toBe('~/.cache/n8n-nodes-imocha');
		}
	});
});

describe('publish.yml', () => {
	const publish = load('publish.yml');
	const job = publish.jobs.publish;
	const steps = job.steps ?? [];
	const runs = steps.map((step) => step.run ?? '');
	const at = (needle: string) => runs.findIndex((run) => run.includes(needle));

	it('publishes only after the whole CI passed on the tagged commit', () => {
		expect(publish.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
		expect([job.needs].flat()).toContain('ci');
	});

	it('builds, lints and runs the unit tests before it publishes', () => {
		const publishAt = at('npm publish');
		expect(publishAt).toBeGreaterThan(-1);
		for (const command of ['npm run build', 'npm run lint', 'npm test']) {
			expect(at(command)).toBeGreaterThan(-1);
			expect(at(command)).toBeLessThan(publishAt);
		}
	});

	it('uses trusted publishing first and the token only when one is set', () => {
		// setup-node's registry-url writes an .npmrc with the token variable even when it is empty.
		for (const step of steps) expect(step.with ?? {}).not.toHaveProperty('registry-url');
		expect(job.permissions?.['id-token']).toBe('write');
		const step = steps[at('npm publish')];
		expect(step.env?.NPM_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
		expect(step.env).not.toHaveProperty('NODE_AUTH_TOKEN');
		expect(step.run).toMatch(/if \[ -n "\$\{NPM_TOKEN\}" \]; then\s+npm config set \/\/registry\.npmjs\.org\/:_authToken "\$\{NPM_TOKEN\}"\s+fi/);
		expect(step.run).toContain('--provenance');
	});

	it('attaches the packed tarball to a GitHub release', () => {
		expect(runs[at('npm pack')]).toBeDefined();
		expect(at('npm pack')).toBeLessThan(at('npm publish'));
		const release = runs[at('gh release create')];
		expect(release).toContain('"${TARBALL}"');
		expect(job.permissions?.contents).toBe('write');
	});
});
