namespace Vigil.Server.Configuration;

/// <summary>Where monitors and pings are stored. Only <see cref="Sqlite"/> works today.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>How log lines are written.</summary>
public enum LogFormat
{
    Json,
    Text,
}
