// The published package itself: `npm pack`, unpacked where another project's node_modules would
// hold it, then `require('n8n-nodes-imocha')` in a separate Node process. Needs `npm run build`.
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
let work: string;
let files: string[];

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'imocha-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: ROOT,
		encoding: 'utf8',
		env: { ...process.env, npm_config_loglevel: 'silent' },
	});
	const [packed] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	files = packed.files.map((f) => f.path);
	// A project that depends on the package: the tarball unpacked into its node_modules, and what
	// n8n provides at run time, provided by the project (here: links to ours): n8n-workflow, the
	// package's peer dependency, and luxon, which n8n-workflow depends on (npm hoists it).
	const modules = join(work, 'project', 'node_modules');
	const target = join(modules, 'n8n-nodes-imocha');
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', target, '--strip-components=1']);
	for (const provided of ['n8n-workflow', 'luxon']) {
		symlinkSync(join(ROOT, 'node_modules', provided), join(modules, provided), 'dir');
	}
}, 120_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
	it('ships index.js as its main entry, beside dist/ and package.json', () => {
		expect(files).toContain('index.js');
		expect(files).toContain('package.json');
		expect(files).toContain('dist/nodes/Imocha/Imocha.node.js');
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.main).toBe('index.js');
	});

	it("require('n8n-nodes-imocha') gives the node and credential classes", () => {
		const script = `
			const pkg = require('n8n-nodes-imocha');
			const out = {
				keys: Object.keys(pkg).sort(),
				resolved: require.resolve('n8n-nodes-imocha'),
				nodes: ['Imocha', 'ImochaTrigger', 'ImochaPollTrigger'].map((name) => {
					const node = new pkg[name]();
					return [name, node.description.name, node.description.displayName];
				}),
				credential: (() => { const c = new pkg.ImochaApi(); return [c.name, c.displayName]; })(),
			};
			console.log(JSON.stringify(out));
		`;
		const out = JSON.parse(
			execFileSync(process.execPath, ['-e', script], { cwd: join(work, 'project'), encoding: 'utf8' }),
		);
		expect(out.resolved).toBe(join(work, 'project', 'node_modules', 'n8n-nodes-imocha', 'index.js'));
		expect(out.keys).toEqual(['Imocha', 'ImochaApi', 'ImochaPollTrigger', 'ImochaTrigger']);
		expect(out.nodes).toEqual([
			['Imocha', 'imocha', 'iMocha'],
			['ImochaTrigger', 'imochaTrigger', 'iMocha Trigger'],
			['ImochaPollTrigger', 'imochaPollTrigger', 'iMocha Poll Trigger'],
		]);
		expect(out.credential).toEqual(['imochaApi', 'iMocha API']);
	});
});
