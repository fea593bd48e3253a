using Microsoft.Data.Sqlite;
using Vigil.Core.Channels;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public IReadOnlyList<ChannelDefinition> LoadChannels()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, type, settings, created_at, updated_at FROM channel ORDER BY created_at, id";
        using var r = command.ExecuteReader();
        var channels = new List<ChannelDefinition>();
        while (r.Read())
            channels.Add(new ChannelDefinition(new Guid((byte[])r[0]), r.GetString(1), r.GetString(2), r.GetString(3), UnixMs.To(r.GetInt64(4)), UnixMs.To(r.GetInt64(5))));
        return channels;
    }

    private static void WriteChannel(SqliteCommand sql, StoreCommand command)
    {
        switch (command)
        {
            case CreateChannel create:
                sql.CommandText = "INSERT INTO channel (id, name, type, settings, created_at, updated_at) VALUES (@id, @name, @type, @settings, @created, @updated)";
                BindChannel(sql, create.Channel);
                sql.Parameters.AddWithValue("@created", UnixMs.From(create.Channel.CreatedAt));
                break;
            case UpdateChannel update:
                sql.CommandText = "UPDATE channel SET name = @name, type = @type, settings = @settings, updated_at = @updated WHERE id = @id";
                BindChannel(sql, update.Channel);
                break;
            case DeleteChannel delete:
                sql.CommandText = "DELETE FROM channel WHERE id = @id";
                sql.Parameters.AddWithValue("@id", delete.Id.ToByteArray());
                break;
        }
        sql.ExecuteNonQuery();
    }

    private static void BindChannel(SqliteCommand sql, ChannelDefinition channel)
    {
        sql.Parameters.AddWithValue("@id", channel.Id.ToByteArray());
        sql.Parameters.AddWithValue("@name", channel.Name);
        sql.Parameters.AddWithValue("@type", channel.Type);
        sql.Parameters.AddWithValue("@settings", channel.SettingsJson);
        sql.Parameters.AddWithValue("@updated", UnixMs.From(channel.UpdatedAt));
    }
}
