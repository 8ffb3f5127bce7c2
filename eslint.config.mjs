// Exactly the configuration `n8n-node lint` applies (the rules n8n's verification holds community nodes to).
import { config } from '@n8n/node-cli/eslint';

export default config;
