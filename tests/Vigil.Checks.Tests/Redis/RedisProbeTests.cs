using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Protocols.Redis;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Redis;

public sealed class RedisProbeTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private PoolRegistry<RedisConnection> _pools = new("redis", PoolOptions.Default);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Run_ServerUp_AnswersPongWithConnectPhase()
    {
        var result = await RunAsync(Spec());

        Assert.True(result.Ok, result.Message);
        Assert.Equal("PONG", result.Message);
        Assert.NotNull(result.Phases?.Connect);
        Assert.Null(result.Phases!.Dns);
    }

    [Fact]
    public async Task Run_InfoRoleMaster_Ok()
    {
        var result = await RunAsync(Spec() with { Info = [new("role", "master"), new("connected_slaves", "0")] });

        Assert.True(result.Ok, result.Message);
        Assert.Equal("PONG, role=master, connected_slaves=0", result.Message);
    }

    [Fact]
    public async Task Run_InfoRoleSlaveOnAMaster_FailsAssertionNamingFieldAndValues()
    {
        var result = await RunAsync(Spec() with { Info = [new("role", "slave")] });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("INFO role is master, expected slave", result.Message);
    }

    [Fact]
    public async Task Run_ConnectedSlavesExpectedOne_FailsAssertion()
    {
        var result = await RunAsync(Spec() with { Info = [new("connected_slaves", "1")] });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("INFO connected_slaves is 0, expected 1", result.Message);
    }

    [Fact]
    public async Task Run_InfoFieldMissing_FailsAssertion()
    {
        var result = await RunAsync(Spec() with { Info = [new("no_such_field", "1")] });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Contains("no_such_field", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_Database_SelectsIt()
    {
        await using (var db5 = await Open(database: 5))
            await db5.CommandAsync(["SET", "vigil-db-test", "five"], CancellationToken.None);
        await using var again5 = await Open(database: 5);
        await using var db0 = await Open(database: 0);

        Assert.Equal("five", (await again5.CommandAsync(["GET", "vigil-db-test"], CancellationToken.None)).Text);
        Assert.Equal(RespType.Null, (await db0.CommandAsync(["GET", "vigil-db-test"], CancellationToken.None)).Type);
        Assert.True((await RunAsync(Spec() with { Database = 5 })).Ok);
    }

    [Fact]
    public async Task Run_DatabaseOutOfRange_FailsProtocolWithServerError()
    {
        var result = await RunAsync(Spec() with { Database = 999 });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.Contains("DB index is out of range", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PasswordForAServerWithout_FailsAuth()
    {
        var result = await RunAsync(Spec() with { Password = "unneeded" });

        Assert.Equal(CheckError.Auth, result.Error);
    }

    [Fact]
    public async Task Run_NothingListening_FailsConnect()
    {
        var result = await RunAsync(Spec() with { Port = RedisServer.FreePort() });

        Assert.Equal(CheckError.Connect, result.Error);
    }

    [Fact]
    public async Task Run_UnknownHost_FailsDns()
    {
        var result = await RunAsync(Spec() with { Host = "no-such-host.invalid" });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.DoesNotContain("\n", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerNeverAnswers_CancellationEscapesAndConnectionIsClosed()
    {
        await using var silent = FaultyTcpServer.Silent();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(Spec() with { Port = silent.Port }, timeout.Token));

        var stats = Assert.Single(_pools.Stats);
        Assert.Equal(0, stats.Open);
    }

    [Fact]
    public async Task Run_ServerAnswersGarbage_FailsProtocol()
    {
        await using var http = FaultyTcpServer.Answering("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());

        var result = await RunAsync(Spec() with { Port = http.Port });

        Assert.Equal(CheckError.Protocol, result.Error);
    }

    [Fact]
    public async Task Run_Repeated_ReusesOnePooledConnection()
    {
        var results = new List<ProbeResult>();
        for (var i = 0; i < 5; i++)
            results.Add(await RunAsync(Spec()));

        Assert.All(results, r => Assert.True(r.Ok, r.Message));
        Assert.All(results.Skip(1), r => Assert.Null(r.Phases!.Connect));
        var stats = Assert.Single(_pools.Stats);
        Assert.Equal(1, stats.Created);
        Assert.Equal(1, stats.Idle);
    }

    [Fact]
    public async Task Run_PoolHeldByAnotherCheck_FailsPoolExhausted()
    {
        _pools = new PoolRegistry<RedisConnection>("redis", PoolOptions.Default with { MaxSize = 1, AcquireTimeout = TimeSpan.FromMilliseconds(50) });
        var spec = Spec();
        var pool = _pools.Get(RedisProbe.PoolKey(spec), "held", token => RedisConnection.OpenAsync(spec.Host, spec.Port, null, null, 0, token));
        await using var held = await pool.AcquireAsync(CancellationToken.None);

        var result = await RunAsync(spec);

        Assert.Equal(CheckError.PoolExhausted, result.Error);
    }

    [Fact]
    public async Task Run_FreshConnection_ConnectsEveryTimeAndKeepsNothingOpen()
    {
        var results = new List<ProbeResult>();
        for (var i = 0; i < 3; i++)
            results.Add(await RunAsync(Spec() with { FreshConnection = true }));

        Assert.All(results, r => Assert.True(r.Ok, r.Message));
        Assert.All(results, r => Assert.NotNull(r.Phases!.Connect));
        var stats = Assert.Single(_pools.Stats);
        Assert.Equal(0, stats.Created);
        Assert.Equal(0, stats.Open);
    }

    [Fact]
    public async Task Run_PooledConnectionKilledByServer_NextRunSucceedsOnANewOne()
    {
        Assert.True((await RunAsync(Spec())).Ok);
        await using (var admin = await Open(database: 0))
            await admin.CommandAsync(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"], CancellationToken.None);

        var result = await RunAsync(Spec());

        Assert.True(result.Ok, result.Message);
        Assert.Equal(2, Assert.Single(_pools.Stats).Created);
    }

    [Fact]
    public async Task Run_ReusedConnectionDropsMidCommand_RetriesOnANewConnection()
    {
        // The first connection answers one PING and closes on the next, as a server does that times out idle clients.
        await using var flaky = new FaultyTcpServer(async (stream, connection, stop) =>
        {
            var buffer = new byte[256];
            if (connection == 0)
            {
                await stream.ReadAtLeastAsync(buffer, 1, cancellationToken: stop);
                await stream.WriteAsync("+PONG\r\n"u8.ToArray(), stop);
                await stream.ReadAtLeastAsync(buffer, 1, cancellationToken: stop);
                stream.Close();
                return;
            }
            while (await stream.ReadAsync(buffer, stop) > 0)
                await stream.WriteAsync("+PONG\r\n"u8.ToArray(), stop);
        });

        var first = await RunAsync(Spec() with { Port = flaky.Port });
        var second = await RunAsync(Spec() with { Port = flaky.Port });

        Assert.True(first.Ok, first.Message);
        Assert.True(second.Ok, second.Message);
        Assert.Equal(2, Assert.Single(_pools.Stats).Created);
    }

    [Fact]
    public async Task Connection_CancelledMidCommand_IsNoLongerUsable()
    {
        await using var silent = FaultyTcpServer.Silent();
        await using var connection = await RedisConnection.OpenAsync("127.0.0.1", silent.Port, null, null, 0, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.True(connection.IsUsable);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.PingAsync(timeout.Token));

        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Connection_Garbage_IsNoLongerUsable()
    {
        await using var http = FaultyTcpServer.Answering("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());
        await using var connection = await RedisConnection.OpenAsync("127.0.0.1", http.Port, null, null, 0, CancellationToken.None);

        await Assert.ThrowsAsync<RedisProtocolException>(() => connection.PingAsync(CancellationToken.None));

        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Connection_KilledByServerWhileIdle_IsNoLongerUsable()
    {
        await using var connection = await Open(database: 0);
        var id = (await connection.CommandAsync(["CLIENT", "ID"], CancellationToken.None)).Integer;
        await using (var admin = await Open(database: 0))
            await admin.CommandAsync(["CLIENT", "KILL", "ID", $"{id}"], CancellationToken.None);

        // The server's FIN arrives asynchronously; poll for it rather than guess how long it takes.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (connection.IsUsable && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(5);

        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Connection_ServerError_StaysUsable()
    {
        await using var connection = await Open(database: 0);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => connection.CommandAsync(["NO-SUCH-COMMAND"], CancellationToken.None));

        Assert.Equal("ERR", error.Prefix);
        Assert.False(error.IsAuthFailure);
        Assert.True(connection.IsUsable);
        Assert.Equal("PONG", await connection.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Connection_Info_ParsesFieldsAndSkipsSections()
    {
        await using var connection = await Open(database: 0);

        var info = await connection.InfoAsync(CancellationToken.None);

        Assert.Equal("master", info["role"]);
        Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), info["tcp_port"]);
        Assert.DoesNotContain(info.Keys, key => key.StartsWith('#'));
        Assert.All(info.Values, value => Assert.DoesNotContain("\r", value, StringComparison.Ordinal));
    }

    private RedisCheckSpec Spec() => new() { Host = "127.0.0.1", Port = server.Port };

    private Task<RedisConnection> Open(int database) =>
        RedisConnection.OpenAsync("127.0.0.1", server.Port, null, null, database, CancellationToken.None);

    private Task<ProbeResult> RunAsync(RedisCheckSpec spec, CancellationToken cancellationToken = default) =>
        new RedisProbe(_pools).RunAsync(spec, cancellationToken);
}
