// Gates: configuration, evaluation and the exit code they lead to.
export { decideExitCode } from './decide-exit-code.js';
export { evaluateRules, type EvaluateRulesInput } from './evaluate-rules.js';
// parseRulesConfig is not re-exported: it loads yaml and ajv, so run() imports it only when a config file is given.
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
