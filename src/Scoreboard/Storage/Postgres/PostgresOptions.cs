using Npgsql;

namespace Scoreboard.Storage.Postgres;

/// <summary>
/// Where the distributed store lives: <c>ConnectionStrings:Postgres</c>, or seed 002 §8.1's <c>DB_*</c> variables
/// (mapped onto <c>Scoreboard:Database:*</c>). Neither set means embedded mode.
/// </summary>
public sealed class PostgresOptions
{
    public const string Section = "Scoreboard:Database";

    /// <summary>A full Npgsql connection string; wins over the separate fields.</summary>
    public string? ConnectionString { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 5432;

    public string Name { get; set; } = "scoreboard";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Connections per instance (<c>DB_POOL_SIZE</c>).</summary>
    public int PoolSize { get; set; } = 20;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Host);

    /// <summary>The connection string with durability forced on: a success reply means the commit reached the WAL on disk.</summary>
    public string BuildConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString ?? string.Empty);
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            builder.Host = Host;
            builder.Port = Port;
            builder.Database = Name;
            builder.Username = User;
            builder.Password = Password;
            builder.MaxPoolSize = PoolSize;
        }

        // Whatever the server's default, this session commits durably (synchronous_commit=on).
        builder.Options = $"{builder.Options} -c synchronous_commit=on".Trim();
        builder.ApplicationName ??= "scoreboard";
        // Fail fast while the database is down, so credits answer 503 promptly instead of hanging.
        if (builder.Timeout == 15)
        {
            builder.Timeout = 5;
        }

        return builder.ConnectionString;
    }

    /// <summary>Names what is wrong, or null.</summary>
    public string? Check()
    {
        if (!IsConfigured)
        {
            return null;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(BuildConnectionString());
        }
        catch (ArgumentException ex)
        {
            return $"ConnectionStrings:Postgres is not a valid connection string ({ex.Message}).";
        }

        return Port is < 1 or > 65535 ? $"DB_PORT must be from 1 to 65535 (got {Port})."
            : PoolSize is < 1 or > 1000 ? $"DB_POOL_SIZE must be from 1 to 1000 (got {PoolSize})."
            : string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(User) ? "DB_USER must be set when DB_HOST is."
            : null;
    }
}
