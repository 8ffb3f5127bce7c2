import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { employeeAddCertificates, employeeAddCertificatesDescription } from './addCertificates';
import { employeeGetAllSkills, employeeGetAllSkillsDescription } from './getAllSkills';
import { employeeGetSkills, employeeGetSkillsDescription } from './getSkills';
import { employeeUpsert, employeeUpsertDescription } from './upsert';

export const employeeDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['employee'] } },
		options: [
			{
				name: 'Add Certificates',
				value: 'addCertificates',
				action: 'Add certificates to an employee',
				description:
					"Send an employee's certificates (e.g. a completed course or a licence) to Skills Intelligence in one request; returns what was sent. iMocha updates the skills profile later.",
				routing: imochaRoute(employeeAddCertificates),
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update employee',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				routing: imochaRoute(employeeUpsert),
			},
			{
				name: 'Get Many Skills Profiles',
				value: 'getAllSkills',
				action: 'Get many employee skills profiles',
				description: "List employees' skills profiles; returns one item per employee with their skills and scores",
				routing: imochaRoute(employeeGetAllSkills),
			},
			{
				name: 'Get Skills Profile',
				value: 'getSkills',
				action: 'Get employee skills profile',
				description:
					"Read one employee's skills profile; returns their skills with validation scores, experience, AI-inferred ratings and skill gaps",
				routing: imochaRoute(employeeGetSkills),
			},
		],
		default: 'upsert',
	},
	...employeeUpsertDescription,
	...employeeGetSkillsDescription,
	...employeeGetAllSkillsDescription,
	...employeeAddCertificatesDescription,
];
