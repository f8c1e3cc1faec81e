"""The encrypted vault: SQLCipher file, keys, open classification, migrations, backups, audit chain. No Qt."""
