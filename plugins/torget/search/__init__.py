"""The client-side search: the sharded index and the language pipelines it is built with."""
