// The migrate room: access policies → least-privilege Key Vault built-in roles → role assignments in the template.
//   role-catalog.ts       the built-in roles (GUIDs, data actions) and the permission → data action table
//   least-privilege.ts    leastPrivilegeRoles(entry) → roles, over-grant, gaps (the ranking rule lives there)
//   add-role-assignments  text in → text out: role-assignment resources and enableRbacAuthorization: true
//   migrate-vaults.ts     migrateVaults({ templates, vaults, snapshot, finalPolicies, switchToRbac }) → texts + report
//   migration-markdown.ts the report as markdown and as the --report JSON
export { KEY_VAULT_ROLES, ALL_ROLES, roleById, actionMatches, grantedDataActions, PERMISSION_DATA_ACTIONS, type BuiltInRole } from './role-catalog.js';
export { leastPrivilegeRoles, type MappingGap, type PrincipalMapping, type RoleGrant } from './least-privilege.js';
export { addRoleAssignments, vaultIdExpression, roleAssignmentName } from './add-role-assignments.js';
export { migrateVaults, type MigrationReport, type MigrationVault, type MigrationPrincipal } from './migrate-vaults.js';
export { renderMigrationMarkdown, migrationReportJson, type MigrationReportJson, type NamedMigrationPrincipal } from './migration-markdown.js';
