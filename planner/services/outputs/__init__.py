"""What exports need beyond the file writers: briefing data, calendars sent, pack revisions, export jobs and their log."""
