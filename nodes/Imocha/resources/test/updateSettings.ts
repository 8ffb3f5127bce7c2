import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { testLocator } from '../../shared/descriptions';
import { jsonObjectIn } from '../../transport/client';
import { invalidInput } from '../../transport/errors';
import { fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';
import { requireOneOf, requireCount, requireText, toFlag } from '../../shared/validation';

const showOnlyForTestUpdateSettings = { resource: ['test'], operation: ['updateSettings'] };

type SettingKind = 'flag' | 'count' | 'text' | 'layout';

interface Setting {
	name: string;
	displayName: string;
	/** Where the value sits in iMocha's settings object (docs/imocha-api.md §6.5). */
	path: string;
	kind: SettingKind;
	description: string;
}

const LAYOUTS = { manyPerPage: 0, onePerPage: 1 } as const;

/** Every setting of Update Test Settings; toggles are iMocha's 0/1 flags. */
const SETTINGS: Setting[] = [
	{ name: 'copyPaste', displayName: 'Allow Copy and Paste', path: 'windowViolationSettings.copyPaste', kind: 'flag', description: 'Whether candidates may copy and paste during the test. iMocha then turns off the window violation popup.' },
	{ name: 'candidateFeedback', displayName: 'Candidate Feedback', path: 'displayMessageSettings.candidateFeedback', kind: 'flag', description: 'Whether candidates are asked for feedback at the end of the test' },
	{ name: 'sendTestReportEmailToCandidate', displayName: 'Email Report to Candidate', path: 'emailSettings.sendTestReportEmailToCandidate', kind: 'flag', description: 'Whether iMocha emails the test report to the candidate' },
	{ name: 'imageViolationCount', displayName: 'Image Violations Before Termination', path: 'imageProctoringSettings.terminateTestAfterViolationCount', kind: 'count', description: 'How many image proctoring violations end the test when Terminate on Image Violation is on' },
	{ name: 'practiceTest', displayName: 'Practice Test', path: 'testSettings.practiceTest', kind: 'flag', description: 'Whether the test is a practice test' },
	{ name: 'typeOfTest', displayName: 'Question Layout', path: 'testSettings.typeOfTest', kind: 'layout', description: 'How many questions a page shows' },
	{ name: 'randomAnswers', displayName: 'Random Answer Order', path: 'questionSettings.randomAnswers', kind: 'flag', description: "Whether each candidate sees a question's answer choices in a random order" },
	{ name: 'randomQuestions', displayName: 'Random Question Order', path: 'questionSettings.randomQuestions', kind: 'flag', description: 'Whether each candidate gets the questions in a random order' },
	{ name: 'sectionEndPopup', displayName: 'Section End Popup', path: 'displayMessageSettings.sectionEndPopup', kind: 'flag', description: 'Whether a message shows when the candidate finishes a section' },
	{ name: 'sectionTimeLeftAlert', displayName: 'Section Time Left Alert', path: 'displayMessageSettings.sectionTimeLeftAlert', kind: 'flag', description: "Whether candidates are warned when a section's time runs out" },
	{ name: 'showQuestionScore', displayName: 'Show Question Score', path: 'questionSettings.showQuestionScore', kind: 'flag', description: 'Whether candidates see how many points each question is worth' },
	{ name: 'terminateTestOnImageViolation', displayName: 'Terminate on Image Violation', path: 'imageProctoringSettings.terminateTestOnImageViolation', kind: 'flag', description: 'Whether image proctoring violations end the test' },
	{ name: 'terminateTestOnWindowViolation', displayName: 'Terminate on Window Violation', path: 'windowViolationSettings.displayViolationSettings.terminateTestOnWindowViolation', kind: 'flag', description: 'Whether leaving the test window too often ends the test' },
	{ name: 'testAliasName', displayName: 'Test Alias Name', path: 'testSettings.testAliasName', kind: 'text', description: 'The test name candidates see' },
	{ name: 'testName', displayName: 'Test Name', path: 'testSettings.testName', kind: 'text', description: 'The name of the test in iMocha' },
	{ name: 'displayViolationPopUp', displayName: 'Window Violation Popup', path: 'windowViolationSettings.displayViolationSettings.displayViolationPopUp', kind: 'flag', description: 'Whether a warning shows when the candidate leaves the test window' },
	{ name: 'windowViolationCount', displayName: 'Window Violations Before Termination', path: 'windowViolationSettings.displayViolationSettings.terminateTestAfterViolationCount', kind: 'count', description: 'How many window violations end the test when Terminate on Window Violation is on' },
];

function settingField({ name, displayName, kind, description }: Setting): INodeProperties {
	const field = { displayName, name, description };
	if (kind === 'flag') return { ...field, type: 'boolean', default: false };
	if (kind === 'count') return { ...field, type: 'number', typeOptions: { minValue: 0 }, default: 3 };
	if (kind === 'text') return { ...field, type: 'string', default: '' };
	return {
		...field,
		type: 'options',
		options: [
			{ name: 'Many Questions per Page', value: 'manyPerPage', description: 'Several questions a page, with mark for review' },
			{ name: 'One Question per Page', value: 'onePerPage' },
		],
		default: 'manyPerPage',
	};
}

export const testUpdateSettingsDescription: INodeProperties[] = [
	testLocator(showOnlyForTestUpdateSettings),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Setting',
		displayOptions: { show: showOnlyForTestUpdateSettings },
		default: {},
		description: 'The settings to change; every other setting keeps its current value',
		options: SETTINGS.map(settingField),
	},
];

function setIn(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[string];
}

/**
 * iMocha has no partial update (docs/imocha-api.md §6.5): read the current settings, change only the
 * fields the user set, post the whole object back, then read the settings again: the output is what
 * iMocha saved (one GET more than the write needs).
 */
export const testUpdateSettings: ImochaOperation = {
	method: 'POST',
	url: '/v3/tests/{testId}/settings',
	// Posts the whole settings object: the same request twice gives the same settings.
	idempotent: true,
	async run(request, itemIndex, client) {
		const node = this.getNode();
		const testId = testIdOf.call(this, itemIndex);
		const changes = this.getNodeParameter('updateFields', {}) as IDataObject;
		// Every value is checked before anything is sent. A mapped value that comes out empty leaves
		// that setting as it is, so items of one run can each change different settings.
		const given = (value: unknown) =>
			value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
		const updates = SETTINGS.filter((setting) => given(changes[setting.name])).map((setting) => {
			const value = changes[setting.name];
			const label = setting.displayName;
			if (setting.kind === 'flag') return [setting.path, toFlag(node, itemIndex, label, value)] as const;
			if (setting.kind === 'count') return [setting.path, requireCount(node, itemIndex, label, value)] as const;
			if (setting.kind === 'text') return [setting.path, requireText(node, itemIndex, label, value)] as const;
			const layout = requireOneOf(node, itemIndex, label, value, Object.keys(LAYOUTS) as Array<keyof typeof LAYOUTS>);
			return [setting.path, LAYOUTS[layout]] as const;
		});
		if (updates.length === 0) {
			// Settings were added but all came out empty: name them rather than "Update Fields is empty".
			const empty = SETTINGS.filter((setting) => setting.name in changes).map((setting) => setting.displayName);
			if (empty.length > 0) {
				const names = empty.length === 1 ? empty[0] : `${empty.slice(0, -1).join(', ')} and ${empty[empty.length - 1]}`;
				throw invalidInput(
					node,
					itemIndex,
					`${names} ${empty.length === 1 ? 'is' : 'are'} empty`,
					`An empty setting is left unchanged, so this item changes nothing. Enter a value in '${empty[0]}', or add another setting under 'Update Fields'.`,
				);
			}
			throw invalidInput(node, itemIndex, 'Update Fields is empty', "Add the settings to change under 'Update Fields'.");
		}
		fillPath(request, { testId });
		// Read, change, write back: two items of one run on the same test take turns, so neither
		// undoes the other's change; each item's output is the settings as saved after its own change.
		return await client.serial(`test-settings:${testId}`, async () => {
			const current = await client.json(this, { ...request, method: 'GET' }, itemIndex);
			const settings = structuredClone(jsonObjectIn(node, current, itemIndex, 'with the current settings is not a JSON object'));
			for (const [path, value] of updates) setIn(settings, path, value);
			await client.send(this, { ...request, method: 'POST', body: settings }, itemIndex);
			// iMocha answers the POST with a message only, and applies its own rules to what it saves
			// (e.g. copy and paste turns off the window violation popup): read back what it saved.
			let saved: unknown;
			try {
				saved = await client.json(this, { ...request, method: 'GET' }, itemIndex);
			} catch (error) {
				const failure = error as Error & { description?: string | null };
				failure.description = `iMocha saved the settings; only reading them back failed. Test → Get Settings shows them.${failure.description ? ` ${failure.description}` : ''}`;
				throw failure;
			}
			return [{ json: jsonObjectIn(node, saved, itemIndex, 'with the saved settings is not a JSON object') }];
		});
	},
};
