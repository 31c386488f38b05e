"""Following up the channel's effect: named figures, statistics, content gaps and Matomo's reports."""
