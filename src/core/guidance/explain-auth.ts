// Sign-in failures: the AADSTS code decides the cause; the fix names the app and what to change.
import type { AccessProblem, Finding, SourceLocation } from '../types.js';
import type { GuidanceCode } from './catalog.js';
import { guidanceFinding } from './guidance-finding.js';
import { describePrincipal } from './grant-commands.js';

type AuthFailed = Extract<AccessProblem, { kind: 'auth-failed' }>;

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** `AADSTS700016`, `700016` or a message that contains `AADSTS700016:` → `700016`. */
export function aadCodeOf(problem: Pick<AuthFailed, 'aadCode' | 'message'>): string | undefined {
  const raw = problem.aadCode ?? /AADSTS(\d+)/i.exec(problem.message)?.[0];
  return raw?.replace(/^AADSTS/i, '');
}

const CODES: Record<string, GuidanceCode> = {
  '7000215': 'KVPG401-INVALID-SECRET',
  '7000222': 'KVPG401-EXPIRED-SECRET',
  '700016': 'KVPG401-APP-NOT-FOUND',
  '70021': 'KVPG401-FEDERATED-SUBJECT',
  '700213': 'KVPG401-FEDERATED-SUBJECT',
};

export function explainAuthFailure(problem: AuthFailed, at: { location?: SourceLocation }): Finding {
  const aad = aadCodeOf(problem);
  const code = (aad && CODES[aad]) || 'KVPG401-TOKEN';
  const app = problem.principal?.applicationId ?? '<client-id>';
  const tenant = problem.principal?.tenantId ?? '<tenant-id>';
  const who = describePrincipal(problem.principal);
  const message = `Sign-in as ${who} in tenant ${tenant} failed${aad ? ` (AADSTS${aad})` : ''}: ${problem.message}`;
  return guidanceFinding(code, { ...at, message, fix: fixFor(code, problem, app, tenant) });
}

function fixFor(code: GuidanceCode, problem: AuthFailed, app: string, tenant: string): string {
  const store = problem.host === 'azdo' ? 'the service connection' : problem.host === 'github' ? 'the repository secret' : 'your credential';
  switch (code) {
    case 'KVPG401-INVALID-SECRET':
    case 'KVPG401-EXPIRED-SECRET':
      return (
        `${code === 'KVPG401-EXPIRED-SECRET' ? 'Create a new secret' : 'Copy the secret value (not its id) or create a new one'} ` +
        `for application ${app} and store it in ${store}; better, switch to workload identity federation (no secret to expire):\n` +
        `  az:         az ad app credential reset --id ${app} --append\n` +
        `  PowerShell: New-AzADAppCredential -ApplicationId ${app}`
      );
    case 'KVPG401-APP-NOT-FOUND':
      return (
        `Check the client id ${app} and tenant ${tenant}. If the app lives in another tenant, create its service principal here:\n` +
        `  az:         az ad sp create --id ${app}\n` +
        `  PowerShell: New-AzADServicePrincipal -ApplicationId ${app}`
      );
    case 'KVPG401-FEDERATED-SUBJECT':
      return federatedFix(problem, app);
    default:
      return `Check the client id, tenant id and credential in ${store}, then re-run.`;
  }
}

/** Entra names the presented subject in AADSTS70021 ("Assertion Subject: '…'") and AADSTS700213 ("assertion subject '…'"). */
function subjectInMessage(message: string): string | undefined {
  return /assertion subject:? '([^']+)'/i.exec(message)?.[1];
}

function federatedFix(problem: AuthFailed, app: string): string {
  const subject = problem.principal?.subject ?? subjectInMessage(problem.message);
  const presented = subject ? `The workflow presented subject "${subject}". ` : 'The presented subject is unknown here; read it from the error. ';
  if (problem.host === 'azdo') {
    return `${presented}Open the service connection, copy its issuer and subject identifier, and add a federated credential with exactly those values to application ${app}.`;
  }
  const sub = subject ?? '<subject>';
  const params = JSON.stringify({ name: 'keyvault-policy-guard', issuer: GITHUB_ISSUER, subject: sub, audiences: ['api://AzureADTokenExchange'] });
  return (
    `${presented}Add a federated credential with exactly that subject (branch, environment or pull_request) to application ${app}:\n` +
    `  az:         az ad app federated-credential create --id ${app} --parameters '${params}'\n` +
    `  PowerShell: New-AzADAppFederatedCredential -ApplicationObjectId (Get-AzADApplication -ApplicationId ${app}).Id ` +
    `-Name keyvault-policy-guard -Issuer ${GITHUB_ISSUER} -Subject '${sub}' -Audience api://AzureADTokenExchange`
  );
}
