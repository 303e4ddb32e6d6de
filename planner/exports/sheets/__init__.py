"""Spreadsheets and CRM files: the lead sheet, the impact workbook, CRM exports."""
