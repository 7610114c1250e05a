"""Rules of this app, registered on portal.permissions."""
