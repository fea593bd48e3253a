namespace Vigil.Core.Checks.Specs;

/// <summary>A PostgreSQL connection (Npgsql connection string), optionally running a query whose first column must equal <see cref="Expected"/>.</summary>
public sealed record PostgresCheckSpec : CheckSpec
{
    public override string Type => "postgres";

    public required string ConnectionString { get; init; }
    public string? Query { get; init; }
    public string? Expected { get; init; }
}

/// <summary>A MySQL/MariaDB handshake and login, then a ping or a query whose first column must equal <see cref="Expected"/>.</summary>
public sealed record MySqlCheckSpec : CheckSpec
{
    public override string Type => "mysql";

    public required string Host { get; init; }
    public int Port { get; init; } = 3306;
    public string User { get; init; } = "root";
    public string? Password { get; init; }
    public string? Database { get; init; }
    public string? Query { get; init; }
    public string? Expected { get; init; }
}

/// <summary>A Redis PING (after AUTH and SELECT when given), optionally checking INFO fields such as role.</summary>
public sealed record RedisCheckSpec : CheckSpec
{
    public override string Type => "redis";

    public required string Host { get; init; }
    public int Port { get; init; } = 6379;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public int Database { get; init; }

    /// <summary>INFO fields and the values they must have: <c>role: master</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Info { get; init; } = [];
}

/// <summary>A MongoDB <c>hello</c> command over the wire protocol, after SCRAM-SHA-256 authentication when a user is given.</summary>
public sealed record MongoCheckSpec : CheckSpec
{
    public override string Type => "mongodb";

    public required string Host { get; init; }
    public int Port { get; init; } = 27017;
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>The database that holds the user (authSource).</summary>
    public string AuthDatabase { get; init; } = "admin";
}
