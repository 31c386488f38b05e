"""Running a build: the Pelican run, the output guard, the cache policy and cache files, fingerprints, the atomic file write and work beside the build."""
