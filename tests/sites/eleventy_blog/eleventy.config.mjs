// The site's Eleventy config: syndicator cannot run it, but reads the literal input
// folder below (dir.input), as people usually write it.
export default function (eleventyConfig) {
  return {
    dir: {
      input: "src",
      output: "_site",
    },
  };
}
