package migrations

// MigrateFS is Migrate with other migration files.
var MigrateFS = migrate
