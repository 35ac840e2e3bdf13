using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Scoreboard.Storage.Sqlite;

/// <summary>
/// Copies one SQLite database into another with SQLite's online backup API, a range of pages at a time so the copy
/// can report progress. A read transaction held on the source for the whole copy pins one snapshot: the server keeps
/// committing beside it (WAL), and the copy is the store as it was at one moment.
/// </summary>
public static class SqliteBackup
{
    private const int PagesPerStep = 1024;
    private const int MaxBusyRetries = 200;

    public static async Task CopyAsync(SqliteConnection source, SqliteConnection destination, IProgress<double> progress, CancellationToken cancellationToken)
    {
        using var snapshot = source.BeginTransaction(deferred: true);
        await using (var read = source.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync(cancellationToken);
        }

        var backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
        if (backup is null)
        {
            throw new SqliteException(raw.sqlite3_errmsg(destination.Handle).utf8_to_string(), raw.sqlite3_errcode(destination.Handle));
        }

        try
        {
            for (var busy = 0; ;)
            {
                var rc = raw.sqlite3_backup_step(backup, PagesPerStep);
                var total = raw.sqlite3_backup_pagecount(backup);
                progress.Report(total == 0 ? 1 : (double)(total - raw.sqlite3_backup_remaining(backup)) / total);
                if (rc == raw.SQLITE_DONE)
                {
                    break;
                }

                if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && ++busy < MaxBusyRetries)
                {
                    await Task.Delay(25, cancellationToken);
                }
                else if (rc != raw.SQLITE_OK)
                {
                    throw new SqliteException($"SQLite backup failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
                }
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }

        snapshot.Commit();
    }
}
