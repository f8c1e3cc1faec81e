"""The domain: tables, enumerations, taxonomies and pure rules. No database session, no Qt."""
