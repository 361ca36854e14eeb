"""Report writers: each turns an Assessment into one output format."""
