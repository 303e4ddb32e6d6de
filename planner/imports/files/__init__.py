"""Reading import files: encodings, CSV dialects, XLSX (defended), calendars; into one Table."""
