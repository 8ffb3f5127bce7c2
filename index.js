'use strict';
// The package's main entry, for programmatic use (another package's tests, a custom loader):
// the compiled node and credential classes. n8n does not read it; it loads the files listed in
// package.json's "n8n" block. Needs `npm run build` (dist/) in a checkout; the published tarball
// ships dist/.
const { Imocha } = require('./dist/nodes/Imocha/Imocha.node.js');
const { ImochaTrigger } = require('./dist/nodes/ImochaTrigger/ImochaTrigger.node.js');
const { ImochaPollTrigger } = require('./dist/nodes/ImochaPollTrigger/ImochaPollTrigger.node.js');
const { ImochaApi } = require('./dist/credentials/ImochaApi.credentials.js');

module.exports = { Imocha, ImochaTrigger, ImochaPollTrigger, ImochaApi };
