// The build: every source file must compile. (A real service would bundle or transpile here.)
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const src = path.join(__dirname, '..', 'src');
for (const file of fs.readdirSync(src).filter(f => f.endsWith('.js'))) {
  execFileSync(process.execPath, ['--check', path.join(src, file)]);
  console.log(`ok ${file}`);
}
