"""The Diaries tab's shortcuts, in a module of their own so the tab, the diary panel and the practice journal
can all name them without importing each other."""

NEW_ENTRY_KEYS = "Ctrl+Shift+E"
NEW_REFLECTION_KEYS = "Ctrl+Shift+F"
