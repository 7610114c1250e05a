"""The console's views, one module per area: attention, people, personal data, the audit
trail and mail log, and the coordinator's settings (organisation sign-in, security policy)."""
