using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Scoreboard.Storage.Postgres;

/// <summary>Applies the numbered SQL files embedded under Postgres/Migrations/ that the database has not seen yet.</summary>
internal static class PostgresMigrations
{
    // Several instances may start at once: one migrates, the others wait on this lock and then find nothing to do.
    private const long MigrationLock = 0x5C0_4EB0_A4D;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)", cancellationToken);

        var assembly = typeof(PostgresMigrations).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Postgres.Migrations.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        foreach (var name in scripts)
        {
            var fileName = name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            var version = int.Parse(fileName[..4], CultureInfo.InvariantCulture);

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE version = $1", connection, transaction))
            {
                check.Parameters.AddWithValue(version);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, await ReadAsync(assembly, name), cancellationToken);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.AddWithValue(version);
                record.Parameters.AddWithValue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task<string> ReadAsync(Assembly assembly, string name)
    {
        await using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
