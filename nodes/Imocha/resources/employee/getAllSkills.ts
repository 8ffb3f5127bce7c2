import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { skillsIntelligenceFilters, skillsIntelligenceList } from '../../shared/skillsIntelligence';

const showOnlyForEmployeeGetAllSkills = { resource: ['employee'], operation: ['getAllSkills'] };

/** At most 10 fields: who the employee is, and one line per skill. */
function simplifySkillsProfile(profile: IDataObject): IDataObject {
	const skills = Array.isArray(profile.skills) ? (profile.skills as IDataObject[]) : [];
	return {
		employeeId: profile.employeeId,
		externalEmployeeId: profile.externalEmployeeId,
		email: profile.email,
		fullName: profile.fullName,
		skills: skills.map((entry) => ({
			skillName: (entry.skill as IDataObject | undefined)?.skillName,
			weightedProficiencyScore: entry.weightedProficiencyScore,
			skillRequiredProficiency: entry.skillRequiredProficiency,
			skillGapInPercentage: entry.skillGapInPercentage,
		})),
	};
}

const list = {
	url: '/employees/skills-profile',
	pageParameter: 'pageNumber',
	sizeParameter: 'pageSize',
	modifiedSinceParameter: 'SkillProfileModifiedSince',
	searchParameter: 'searchText',
	simplify: simplifySkillsProfile,
};

export const employeeGetAllSkillsDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForEmployeeGetAllSkills),
	skillsIntelligenceFilters(showOnlyForEmployeeGetAllSkills, list, {
		modifiedSince: 'Only employees whose skills profile changed at or after this date and time',
		search: "Only employees whose name, email or external employee ID contains this text",
	}),
	simplifyField(showOnlyForEmployeeGetAllSkills),
];

export const employeeGetAllSkills = skillsIntelligenceList(list);
