// A tiny HTTP server: the Dockerfile next to it is the point of this example.
const http = require('node:http');

http.createServer((req, res) => res.end('hello from the Layerwise example\n')).listen(3000);
