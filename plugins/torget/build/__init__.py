"""Running a build: the Pelican run, the output guard, caches, fingerprints and work beside the build."""
