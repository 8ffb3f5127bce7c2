import type { INodeProperties } from 'n8n-workflow';
import { jsonObjectIn } from '../../transport/client';
import type { ImochaOperation } from '../../shared/operation';
import { requirePositiveInteger } from '../../shared/validation';

const showOnlyForEmployeeGetSkills = { resource: ['employee'], operation: ['getSkills'] };

export const employeeGetSkillsDescription: INodeProperties[] = [
	{
		displayName: 'Employee ID',
		name: 'employeeId',
		type: 'string',
		placeholder: 'e.g. 1024',
		required: true,
		displayOptions: { show: showOnlyForEmployeeGetSkills },
		default: '',
		description:
			'The numeric iMocha ID of the employee (employeeId in Get Many Skills Profiles or in the answer of Create or Update), not the HRIS ID',
	},
];

export const employeeGetSkills: ImochaOperation = {
	method: 'GET',
	url: '/employees/{employeeId}/skills-profile',
	host: 'intelligence',
	prepare(request, itemIndex) {
		const id = requirePositiveInteger(this.getNode(), itemIndex, 'Employee ID', this.getNodeParameter('employeeId', ''));
		request.url = `/employees/${id}/skills-profile`;
	},
	async run(request, itemIndex, client) {
		// The docs label this answer text/plain although it is JSON: the client parses it all the same.
		return [{ json: jsonObjectIn(this.getNode(), await client.json(this, request, itemIndex), itemIndex, 'is not a skills profile') }];
	},
};
