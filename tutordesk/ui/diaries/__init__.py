"""The Diaries tab, the practice journal, diary search and spoken entries."""
