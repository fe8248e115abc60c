namespace Matchmaker.Api.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "Matchmaker";
    public const string DefaultConnectionString = "Data Source=matchmaker.db";

    // Database:Provider (Database__Provider in the environment): "sqlite", the embedded default, or "postgres".
    public const string ProviderKey = "Database:Provider";

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    public required string ConnectionString { get; init; }

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var provider = configuration[ProviderKey];
        return new DatabaseOptions
        {
            Provider = provider switch
            {
                null or "" or "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" => DatabaseProvider.Postgres,
                _ => throw new InvalidOperationException(
                    $"Database__Provider is '{provider}'; it must be 'sqlite' (the default) or 'postgres'."),
            },
            ConnectionString = configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString,
        };
    }
}
