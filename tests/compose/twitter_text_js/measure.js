// Print the official twitter-text 3.1.0 weighted length of each string of a JSON array
// read from stdin, as a JSON array on stdout. Used by tests/compose/test_x_length.py.
'use strict';
const twitter = require('twitter-text');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const lengths = texts.map((text) => twitter.parseTweet(text).weightedLength);
  process.stdout.write(JSON.stringify(lengths));
});
