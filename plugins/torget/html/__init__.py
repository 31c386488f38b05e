"""HTML: one Markdown configuration, the one sanitizer, and fragments the pages share (phone links, charts)."""
