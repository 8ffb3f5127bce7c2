// scripts/layers.mjs, the layering check of `npm run lint`, on small fake trees.
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'layers.mjs');

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'imocha-layers-'));
	dirs.push(dir);
	for (const [file, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, file)), { recursive: true });
		writeFileSync(join(dir, file), text);
	}
	return dir;
}

function check(dir: string) {
	const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
	return { code: result.status, out: result.stdout, err: result.stderr };
}

const clean = {
	'nodes/Imocha/transport/client.ts': "import { NodeApiError } from 'n8n-workflow';\nexport const send = () => NodeApiError;\n",
	'nodes/Imocha/shared/operation.ts': "import { send } from '../transport/client';\nexport const run = send;\n",
	'nodes/Imocha/api/reports.ts': "import { run } from '../shared/operation';\nexport const report = run;\n",
	'nodes/Imocha/resources/user/update.ts': "import { run } from '../../shared/operation';\nexport const update = run;\n",
	'nodes/Imocha/resources/user/index.ts': "export * from './update';\n",
	'nodes/Imocha/listSearch/searchUsers.ts': "import { send } from '../transport/client';\nexport const search = send;\n",
	'nodes/Imocha/Imocha.node.ts':
		"import { update } from './resources/user';\nimport { search } from './listSearch/searchUsers';\nexport const node = [update, search];\n",
	'nodes/ImochaTrigger/ImochaTrigger.node.ts':
		"import { report } from '../Imocha/api/reports';\nimport { parse } from './callback';\nexport const trigger = [report, parse];\n",
	'nodes/ImochaTrigger/callback.ts': 'export const parse = 1;\n',
	'credentials/ImochaApi.credentials.ts': "import { send } from '../nodes/Imocha/transport/client';\nexport const cred = send;\n",
};

describe('scripts/layers.mjs', () => {
	it('passes a tree whose imports all point down, and the repository itself', () => {
		const fake = check(tree(clean));
		expect(fake.out).toContain('0 circles, 0 upward imports');
		expect(fake.code).toBe(0);

		const repo = check(ROOT);
		expect(repo.out).toContain('0 circles, 0 upward imports');
		expect(repo.code).toBe(0);
	});

	it('fails on an import circle and prints the path round it', () => {
		const dir = tree({
			...clean,
			// A multi-line, type-only import closing a circle inside shared/.
			'nodes/Imocha/shared/operation.ts':
				"import { send } from '../transport/client';\nimport type {\n\tField,\n} from './fields';\nexport const run = send;\nexport type F = Field;\n",
			'nodes/Imocha/shared/fields.ts': "import { run } from './operation';\nexport type Field = typeof run;\n",
		});
		const result = check(dir);
		expect(result.code).toBe(1);
		expect(result.out).toContain(
			'import circle: nodes/Imocha/shared/fields.ts -> nodes/Imocha/shared/operation.ts -> nodes/Imocha/shared/fields.ts',
		);
		expect(result.out).toContain('1 circles, 0 upward imports');
	});

	it('fails on upward imports: shared/ or transport/ into a resource, a picker or a trigger', () => {
		const dir = tree({
			...clean,
			'nodes/Imocha/shared/operation.ts':
				"import { send } from '../transport/client';\nimport { update } from '../resources/user/update';\nexport const run = [send, update];\n",
			'nodes/Imocha/transport/client.ts':
				"export { search } from '../listSearch/searchUsers';\nconst t = require('../../ImochaTrigger/callback');\nexport const send = t;\n",
		});
		const result = check(dir);
		expect(result.code).toBe(1);
		expect(result.out).toContain(
			'upward import: nodes/Imocha/shared/operation.ts -> nodes/Imocha/resources/user/update.ts (shared imports resource, which sits above it)',
		);
		expect(result.out).toContain(
			'upward import: nodes/Imocha/transport/client.ts -> nodes/Imocha/listSearch/searchUsers.ts (transport imports listSearch, which sits above it)',
		);
		expect(result.out).toContain(
			'upward import: nodes/Imocha/transport/client.ts -> nodes/ImochaTrigger/callback.ts (transport imports node, which sits above it)',
		);
	});

	it('fails on sideways imports: a resource into another resource, a node folder into another', () => {
		const dir = tree({
			...clean,
			'nodes/Imocha/resources/test/get.ts': "import { update } from '../user/update';\nexport const get = update;\n",
			'nodes/ImochaPollTrigger/ImochaPollTrigger.node.ts': "import { parse } from '../ImochaTrigger/callback';\nexport const poll = parse;\n",
		});
		const result = check(dir);
		expect(result.code).toBe(1);
		expect(result.out).toContain(
			'upward import: nodes/Imocha/resources/test/get.ts -> nodes/Imocha/resources/user/update.ts (Imocha/resources/test imports Imocha/resources/user, beside it rather than below it)',
		);
		expect(result.out).toContain(
			'upward import: nodes/ImochaPollTrigger/ImochaPollTrigger.node.ts -> nodes/ImochaTrigger/callback.ts (ImochaPollTrigger imports ImochaTrigger, beside it rather than below it)',
		);
	});
});
