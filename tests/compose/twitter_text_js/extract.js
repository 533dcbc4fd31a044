// Print what the official twitter-text 3.1.0 extracts from each string of a JSON array
// read from stdin, as a JSON array of arrays on stdout: URLs, or with the argument
// "hashtags", hashtags (without "#"). Used by the link and hashtag tests.
'use strict';
const twitter = require('twitter-text');

const kind = process.argv[2] || 'urls';
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const extract = kind === 'hashtags' ? twitter.extractHashtags : twitter.extractUrls;
  process.stdout.write(JSON.stringify(texts.map((text) => extract(text))));
});
