using System.CommandLine;
using Microsoft.Data.Sqlite;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Cli;

/// <summary>
/// <c>backup</c> and <c>restore</c> of the embedded store, with SQLite's online backup API: a backup is a consistent copy
/// taken while the server keeps serving; a restore needs the data folder to itself. PostgreSQL has its own tools.
/// </summary>
public static class BackupCommands
{
    private const string PostgresBackup = "distributed mode keeps the ledger in PostgreSQL: back it up with pg_dump and restore it with pg_restore (docs/cli.md).";

    public static Command Backup(CommandHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy (replaced if it exists)." };
        var command = new Command("backup", "Copy the embedded store to a file while the server keeps serving.") { file };
        command.SetAction((parse, ct) => BackupAsync(host, parse.GetRequiredValue(file), ct));
        return command;
    }

    public static Command Restore(CommandHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "A file written by backup." };
        var command = new Command("restore", "Replace the embedded store with a backup. Refuses a data folder a running server holds.") { file };
        command.SetAction((parse, ct) => RestoreAsync(host, parse.GetRequiredValue(file), ct));
        return command;
    }

    private static async Task<int> BackupAsync(CommandHost host, FileInfo file, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        var database = EmbeddedDatabase(app);
        if (!File.Exists(database))
        {
            Console.Error.WriteLine($"scoreboard: there is no store at {database} to back up.");
            return ExitCodes.Failed;
        }

        if (file.FullName.StartsWith(database, StringComparison.Ordinal))
        {
            throw new CommandRefusedException($"{file.FullName} is the store itself; name a file outside it.");
        }

        // Written beside the target and renamed at the end, so the target is never a half-written copy.
        var partial = file.FullName + ".partial";
        File.Delete(partial);
        await using (var source = await OpenAsync(database, SqliteOpenMode.ReadWrite, cancellationToken))
        await using (var copy = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, cancellationToken))
        {
            await SqliteBackup.CopyAsync(source, copy, new ProgressLine("backup"), cancellationToken);

            // One self-contained file, with no -wal beside it, that opens read-only.
            await using var journal = copy.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE";
            await journal.ExecuteScalarAsync(cancellationToken);
        }

        File.Move(partial, file.FullName, overwrite: true);
        Console.WriteLine($"scoreboard: backed up {database} to {file.FullName} ({new FileInfo(file.FullName).Length} bytes).");
        return ExitCodes.Done;
    }

    private static async Task<int> RestoreAsync(CommandHost host, FileInfo file, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        var database = EmbeddedDatabase(app);
        if (!file.Exists)
        {
            Console.Error.WriteLine($"scoreboard: there is no file {file.FullName}.");
            return ExitCodes.Failed;
        }

        using var folder = DataFolderLock.Acquire(app.DataDir());
        await using var source = await OpenAsync(file.FullName, SqliteOpenMode.ReadOnly, cancellationToken);
        if (await CheckAsync(source, cancellationToken) is { } problem)
        {
            throw new CommandRefusedException($"{file.FullName} is not a scoreboard backup: {problem}");
        }

        await using (var store = await OpenAsync(database, SqliteOpenMode.ReadWriteCreate, cancellationToken))
        {
            // The backup API writes the store in one transaction: a restore that stops half-way leaves the old store.
            await SqliteBackup.CopyAsync(source, store, new ProgressLine("restore"), cancellationToken);
        }

        Console.WriteLine($"scoreboard: restored {file.FullName} into {database}; the next start serves it (and migrates it if it is older).");
        return ExitCodes.Done;
    }

    private static string EmbeddedDatabase(WebApplication app) =>
        app.IsEmbedded() ? app.DatabasePath() : throw new CommandRefusedException(PostgresBackup);

    private static async Task<string?> CheckAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = source.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            if (await command.ExecuteScalarAsync(cancellationToken) is not "ok" and var result)
            {
                return $"{result}";
            }

            command.CommandText = "SELECT count(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        // Not pooled: the file is renamed or handed to a server as soon as this command is done with it.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout=5000";
        await wait.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
