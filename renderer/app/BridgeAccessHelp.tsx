// Shown instead of the studio when a browser tab has no token for the bridge, or one the
// running bridge refuses: where the right URL comes from, rather than a studio whose every
// call fails.
export type AccessProblem = 'no-token' | 'refused';

export function BridgeAccessHelp({ problem }: { readonly problem: AccessProblem }) {
  return (
    <div className="access-help" role="alert" data-testid="bridge-access-help" data-problem={problem}>
      <div className="access-help-card">
        <h1>
          {problem === 'no-token'
            ? 'Open the studio from the address Strata printed'
            : 'This address is from another session of Strata'}
        </h1>
        <p>
          {problem === 'no-token'
            ? 'This page was opened without the key that lets it talk to Strata, so it cannot show your project.'
            : 'Strata refused the key this page was opened with: ' +
              'the server was restarted since, or the address came from another session.'}
        </p>
        <p>The terminal running Strata printed the right address when it started:</p>
        <pre className="access-help-terminal">
          <span className="access-help-prompt">$ </span>strata serve{'\n'}Strata studio for /path/to/project{'\n'}
          <strong>http://{window.location.host}/#token=…</strong>
        </pre>
        <ul>
          <li>
            Started with <code>strata serve</code> or <code>npm start</code>? Copy the line with{' '}
            <code>http://…/#token=…</code> from that terminal into this tab.
          </li>
          <li>Stopped? Start it again: it prints a new address (each start has a new key).</li>
        </ul>
        <p className="access-help-why">
          The key stays in this tab only, never in a cookie, so other programs on this machine cannot use it; a new tab
          needs the printed address again.
        </p>
      </div>
    </div>
  );
}
