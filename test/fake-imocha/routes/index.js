'use strict';
// Every part of the fake iMocha API. Each module exports `routes` ({method, path: RegExp, handle})
// and `seed()` (its part of the starting state). Add a module here to grow the fake.
module.exports = [require('./users'), require('./intelligence')];
module.exports.push(require('./tests'), require('./reports'), require('./invitations'), require('./callbacks'), require('./gdpr'));
