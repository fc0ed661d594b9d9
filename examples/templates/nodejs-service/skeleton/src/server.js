const http = require('http');
const { greeting } = require('./greeting');

const name = require('../package.json').name;
const port = Number(process.env.PORT ?? 8080);

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(greeting(name)));
});

if (require.main === module) {
  server.listen(port, () => console.log(`${name} listening on ${port}`));
}

module.exports = { server };
