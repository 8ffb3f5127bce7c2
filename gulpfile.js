const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads node and credential icons from dist next to the code.
function buildIcons() {
	return src('icons/**/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

exports['build:icons'] = buildIcons;
