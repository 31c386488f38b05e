"""What the published site shows of threads: relevance, ordering and the thread view templates use."""
