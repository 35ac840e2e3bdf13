using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Scoreboard.Storage.Sqlite;

/// <summary>Applies the numbered SQL files embedded under Migrations/ that the database has not seen yet.</summary>
internal static class SqliteMigrations
{
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)", cancellationToken);

        var assembly = typeof(SqliteMigrations).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Sqlite.Migrations.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        foreach (var name in scripts)
        {
            var fileName = name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            var version = int.Parse(fileName[..4], System.Globalization.CultureInfo.InvariantCulture);

            using var transaction = connection.BeginTransaction();
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                continue;
            }

            await Execute(connection, transaction, await ReadAsync(assembly, name), cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            transaction.Commit();
        }
    }

    private static async Task<string> ReadAsync(Assembly assembly, string name)
    {
        await using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
