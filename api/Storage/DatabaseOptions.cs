namespace Matchmaker.Api.Storage;

public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "Matchmaker";
    public const string DefaultConnectionString = "Data Source=matchmaker.db";

    public required string ConnectionString { get; init; }
}
