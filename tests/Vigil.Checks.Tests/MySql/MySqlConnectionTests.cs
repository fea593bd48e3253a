using System.Diagnostics;
using Vigil.Checks.Protocols.MySql;
using Vigil.Checks.Tests.Fixtures;

namespace Vigil.Checks.Tests.MySql;

[Collection(MariaDbCollection.Name)]
public sealed class MySqlConnectionTests(MariaDbServer server)
{
    [Fact]
    public async Task Open_ReadsTheHandshake()
    {
        await using var connection = await server.ConnectAsync();

        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(connection.ConnectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), await connection.QueryScalarAsync("SELECT CONNECTION_ID()", default));
        Assert.True(connection.IsUsable);
    }

    [Fact]
    public async Task QueryScalar_SeveralRowsAndColumns_ReturnsFirstValueAndDrainsTheRest()
    {
        await using var connection = await server.ConnectAsync();

        var value = await connection.QueryScalarAsync("SELECT 'first', 2 UNION ALL SELECT 'second', 3 UNION ALL SELECT REPEAT('x', 300), 4", default);

        Assert.Equal("first", value);
        Assert.Equal("ok", await connection.QueryScalarAsync("SELECT 'ok'", default));
    }

    [Fact]
    public async Task QueryScalar_NullsEmptyResultsAndStatements_ReturnNull()
    {
        await using var connection = await server.ConnectAsync();

        Assert.Null(await connection.QueryScalarAsync("SELECT NULL", default));
        Assert.Null(await connection.QueryScalarAsync("SELECT 1 FROM DUAL WHERE 1 = 0", default));
        Assert.Null(await connection.QueryScalarAsync("DO 1", default));
        Assert.Equal("", await connection.QueryScalarAsync("SELECT ''", default));
        Assert.Equal("héllo ✓", await connection.QueryScalarAsync("SELECT 'héllo ✓'", default));
    }

    [Fact]
    public async Task QueryScalar_ServerError_ThrowsWithCodeAndStateAndKeepsTheConnection()
    {
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<MySqlServerException>(() => connection.QueryScalarAsync("SELECT * FROM no_such_table", default));

        Assert.Equal(1146, error.ErrorCode);
        Assert.Equal("42S02", error.SqlState);
        Assert.False(error.IsAuthenticationFailure);
        Assert.True(connection.IsUsable);
        await connection.PingAsync(default);
    }

    [Fact]
    public async Task Open_WrongPassword_IsAnAuthenticationFailure()
    {
        var error = await Assert.ThrowsAsync<MySqlServerException>(
            () => MySqlConnection.OpenAsync("127.0.0.1", server.Port, MariaDbServer.User, "wrong", null, default));

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.True(error.IsAuthenticationFailure);
    }

    [Fact]
    public async Task Command_CancelledMidway_LeavesTheConnectionUnusable()
    {
        await using var connection = await server.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.QueryScalarAsync("SELECT SLEEP(5)", timeout.Token));

        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task IsUsable_TurnsFalseWhenTheServerKillsTheConnection()
    {
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();

        await admin.QueryScalarAsync($"KILL {connection.ConnectionId}", default);

        var waited = Stopwatch.StartNew();
        while (connection.IsUsable)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "still usable after KILL");
            await Task.Delay(10);
        }
    }
}
