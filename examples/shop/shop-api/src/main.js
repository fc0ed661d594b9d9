'use strict';

const { createServer } = require('./server');

const port = Number(process.env.PORT ?? 8080);
createServer().listen(port, () =>
  console.log(`shop-api listening on :${port}`),
);
