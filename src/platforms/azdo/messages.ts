// Every user-facing string of the Azure DevOps task: written into task.json `messages`, read back through task.loc.

export const MESSAGES = {
  TemplatesMatched: 'Templates (%s): %s',
  SigningIn: "Signing in with service connection '%s' (%s).",
  UnsupportedScheme:
    "Service connection '%s' uses the authorization scheme '%s', which this task cannot use. Use an Azure Resource Manager connection with a service principal, workload identity federation or managed identity.",
  MissingEndpointValue: "Service connection '%s' has no '%s'. Edit the service connection and verify it, or recreate it.",
  MissingOidcContext:
    'Workload identity federation needs System.AccessToken and the OIDC request URL (SYSTEM_OIDCREQUESTURI). Run on an agent of version 3.227 or later and keep the job access token enabled.',
  Result: 'Mode %s: %s vault(s), %s principal(s) would lose access, %s finding(s).',
  GateFailed: "%s finding(s) at or above failOn '%s'. Fix them, or add an exception in the rule configuration.",
  AzureFailed: 'Azure could not be read (exit code 3); the findings above say what to grant or fix.',
  VaultUnchecked: 'A vault could not be checked (exit code 2): the errors above name the parameters or inputs to give.',
  InputFailed: '%s',
  UnexpectedFailure: 'Unexpected failure: %s',
  SarifWritten: 'SARIF written to %s.',
  SnapshotWritten: 'Snapshot written to %s.',
  PrThreadCreated: 'Created pull request thread %s.',
  PrThreadUpdated: 'Updated pull request thread %s.',
  PrThreadFailed: 'Could not write the pull request thread (%s). Give the build service "Contribute to pull requests" on the repository.',
  PrThreadNoToken: 'No System.AccessToken: skipping the pull request thread.',
} as const;

export type MessageKey = keyof typeof MESSAGES;
