namespace Vigil.Server.Configuration;

/// <summary>Where monitors and pings are stored. Only <see cref="Sqlite"/> works today.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>When a ping write counts as stored.</summary>
public enum Durability
{
    /// <summary>The ping is answered after its batch is committed to disk.</summary>
    Commit,

    /// <summary>The ping is answered once queued; a crash can lose up to flush_interval_ms of pings.</summary>
    Buffered,
}

/// <summary>How log lines are written.</summary>
public enum LogFormat
{
    Json,
    Text,
}
