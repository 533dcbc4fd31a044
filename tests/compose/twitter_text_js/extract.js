// Print the URLs the official twitter-text 3.1.0 extracts from each string of a JSON
// array read from stdin, as a JSON array of arrays on stdout. Used by the link tests.
'use strict';
const twitter = require('twitter-text');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const urls = texts.map((text) => twitter.extractUrls(text));
  process.stdout.write(JSON.stringify(urls));
});
