// Gates: configuration, evaluation and the exit code they lead to.
export { decideExitCode } from './decide-exit-code.js';
export { evaluateRules, type EvaluateRulesInput } from './evaluate-rules.js';
export { parseRulesConfig } from './parse-rules-config.js';
export {
  defaultRulesConfig,
  isRuleId,
  RULE_IDS,
  RULES,
  type RequiredPrincipal,
  type RuleId,
  type RuleLevel,
  type RuleMeta,
  type RulesConfig,
} from './rules-config.js';
