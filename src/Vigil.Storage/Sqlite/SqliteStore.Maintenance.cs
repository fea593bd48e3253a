using Microsoft.Data.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Sqlite;

/// <summary>Maintenance windows and silences: loaded once at start, written through the batching writer.</summary>
public sealed partial class SqliteStore
{
    public IReadOnlyList<StoredMaintenanceWindow> LoadMaintenanceWindows()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, definition, created_at, updated_at FROM maintenance_window ORDER BY created_at, rowid";
        using var r = command.ExecuteReader();
        var windows = new List<StoredMaintenanceWindow>();
        while (r.Read())
            windows.Add(new StoredMaintenanceWindow(new Guid((byte[])r[0]), r.GetString(1), r.GetString(2), UnixMs.To(r.GetInt64(3)), UnixMs.To(r.GetInt64(4))));
        return windows;
    }

    public IReadOnlyList<StoredSilence> LoadSilences()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT monitor, until_at, reason, created_at FROM silence";
        using var r = command.ExecuteReader();
        var silences = new List<StoredSilence>();
        while (r.Read())
            silences.Add(new StoredSilence(new Guid((byte[])r[0]), UnixMs.To(r.GetInt64(1)), r.GetString(2), UnixMs.To(r.GetInt64(3))));
        return silences;
    }

    private static void Save(SaveMaintenanceWindow save, SqliteCommand sql)
    {
        var window = save.Window;
        sql.CommandText = "INSERT INTO maintenance_window (id, name, definition, created_at, updated_at) VALUES (@id, @name, @definition, @created, @updated) " +
                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at";
        sql.Parameters.AddWithValue("@id", window.Id.ToByteArray());
        sql.Parameters.AddWithValue("@name", window.Name);
        sql.Parameters.AddWithValue("@definition", window.Definition);
        sql.Parameters.AddWithValue("@created", UnixMs.From(window.CreatedAt));
        sql.Parameters.AddWithValue("@updated", UnixMs.From(window.UpdatedAt));
        sql.ExecuteNonQuery();
    }

    private static void Delete(DeleteMaintenanceWindow delete, SqliteCommand sql)
    {
        sql.CommandText = "DELETE FROM maintenance_window WHERE id = @id";
        sql.Parameters.AddWithValue("@id", delete.Id.ToByteArray());
        delete.Found = sql.ExecuteNonQuery() > 0;
    }

    private static void Save(SaveSilence save, SqliteCommand sql)
    {
        var silence = save.Silence;
        sql.CommandText = "INSERT INTO silence (monitor, until_at, reason, created_at) VALUES (@monitor, @until, @reason, @created) " +
                          "ON CONFLICT (monitor) DO UPDATE SET until_at = excluded.until_at, reason = excluded.reason, created_at = excluded.created_at";
        sql.Parameters.AddWithValue("@monitor", silence.MonitorId.ToByteArray());
        sql.Parameters.AddWithValue("@until", UnixMs.From(silence.Until));
        sql.Parameters.AddWithValue("@reason", silence.Reason);
        sql.Parameters.AddWithValue("@created", UnixMs.From(silence.CreatedAt));
        sql.ExecuteNonQuery();
    }

    private static void Delete(DeleteSilence delete, SqliteCommand sql)
    {
        sql.CommandText = "DELETE FROM silence WHERE monitor = @monitor";
        sql.Parameters.AddWithValue("@monitor", delete.MonitorId.ToByteArray());
        delete.Found = sql.ExecuteNonQuery() > 0;
    }

    private static void Delete(DeleteSilences delete, SqliteCommand sql)
    {
        sql.CommandText = "DELETE FROM silence WHERE until_at <= @now";
        sql.Parameters.AddWithValue("@now", UnixMs.From(delete.Now));
        var removed = sql.ExecuteNonQuery();
        sql.CommandText = "DELETE FROM silence WHERE monitor = @monitor";
        var monitor = sql.Parameters.Add("@monitor", SqliteType.Blob);
        foreach (var id in delete.Monitors)
        {
            monitor.Value = id.ToByteArray();
            removed += sql.ExecuteNonQuery();
        }
        delete.Removed = removed;
    }
}
