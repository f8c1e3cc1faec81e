"""The window's frame: starting up, first run, unlocking, the main window, locking, About."""
