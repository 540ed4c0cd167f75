import { RULES, validateCreateJob } from '../../local/engine/validation';
import { ALL_RULES } from '../../local/engine/validation/rules';
import { RULE_CASES, type RuleCase } from './cases';

const ruleOf = (id: string) => ALL_RULES.find((r) => r.id === id)!;

describe('documented semantic rules', () => {
  it('has cases for every rule, and no case for a rule that does not exist', () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(Object.entries(RULE_CASES))('%s', (id, cases: RuleCase[]) => {
    it.each(cases)('reports $name, and nothing else', ({ breaks, at }) => {
      const violations = validateCreateJob(breaks);
      expect(violations.map((v) => [v.rule, v.path])).toEqual(at.map((path) => [id, path]));
      const suffix = ` (${id}, ${ruleOf(id).url})`;
      for (const v of violations) expect(v.message.slice(-suffix.length)).toBe(suffix);
      expect(ruleOf(id).check(breaks)).toEqual(violations);
    });

    it.each(cases)('accepts the close variant of $name', ({ passes }) => {
      expect(validateCreateJob(passes)).toEqual([]);
    });
  });
});
