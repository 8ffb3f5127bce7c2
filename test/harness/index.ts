// Runs this package's nodes through n8n's own execution engine, by concern:
// env (throwaway user folder, debug logs), package (loading dist/ as n8n does), credentialsHelper
// (in-memory credentials, authenticate applied as n8n does), run (a node or a picker),
// credentials (the credential test), triggers (webhook and poll triggers of an active workflow).
import './env';
export * from './package';
export * from './run';
export * from './credentials';
export * from './triggers';
