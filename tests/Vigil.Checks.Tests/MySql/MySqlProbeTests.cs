using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Protocols.MySql;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;

namespace Vigil.Checks.Tests.MySql;

[Collection(MariaDbCollection.Name)]
public sealed class MySqlProbeTests(MariaDbServer server) : IAsyncLifetime
{
    private readonly PoolRegistry<MySqlConnection> _pools = new("mysql", PoolOptions.Default);

    private MySqlProbe Probe => new(_pools);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Run_Ping_Succeeds()
    {
        var result = await Probe.RunAsync(server.Spec, default);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(CheckError.None, result.Error);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task Run_HostName_IsResolvedAndTheDnsPhaseReported()
    {
        var result = await Probe.RunAsync(server.Spec with { Host = "localhost" }, default);

        Assert.True(result.Ok, result.Message);
        Assert.NotNull(result.Phases?.Dns);
        Assert.NotNull(result.Phases?.Connect);
        Assert.Equal(result.Latency, result.Phases?.Total);
    }

    [Fact]
    public async Task Run_QueryWithExpectedValue_Succeeds()
    {
        var result = await Probe.RunAsync(server.Spec with { Query = "SELECT 6 * 7", Expected = "42" }, default);

        Assert.True(result.Ok, result.Message);
        Assert.Equal("query ok: '42'", result.Message);
    }

    [Fact]
    public async Task Run_QueryWithoutExpectedValue_OnlyNeedsToSucceed()
    {
        var result = await Probe.RunAsync(server.Spec with { Query = "SELECT NULL" }, default);

        Assert.True(result.Ok, result.Message);
        Assert.Equal("query ok: NULL", result.Message);
    }

    [Fact]
    public async Task Run_WrongExpectedValue_IsAssertionAndDropsTheConnection()
    {
        var spec = server.Spec with { Query = "SELECT 'replica'", Expected = "primary" };

        var result = await Probe.RunAsync(spec, default);

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("expected 'primary', got 'replica'", result.Message);
        var stats = Assert.Single(_pools.Stats);
        Assert.Equal(0, stats.Open);
    }

    [Fact]
    public async Task Run_QueryServerError_IsProtocol()
    {
        var result = await Probe.RunAsync(server.Spec with { Query = "SELECT * FROM no_such_table" }, default);

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.Contains("1146", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WrongPassword_IsAuth()
    {
        var result = await Probe.RunAsync(server.Spec with { Password = "wrong" }, default);

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.Contains("1045", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownDatabase_IsAuth()
    {
        // The test user has no rights outside its database, so the server answers 1044 rather than 1049; both are auth.
        var result = await Probe.RunAsync(server.Spec with { Database = "no_such_db" }, default);

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.Contains("no_such_db", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RefusedPort_IsConnect()
    {
        var result = await Probe.RunAsync(server.Spec with { Port = MariaDbServer.FreePort() }, default);

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.Equal("connection refused", result.Message);
    }

    [Fact]
    public async Task Run_UnresolvableHost_IsDns()
    {
        var result = await Probe.RunAsync(server.Spec with { Host = "vigil-test.invalid" }, default);

        Assert.Equal(CheckError.Dns, result.Error);
    }

    [Fact]
    public async Task Run_ServerNeverSendsHandshake_CancellationEscapes()
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var accepted = silent.AcceptTcpClientAsync();
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var waited = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Probe.RunAsync(server.Spec with { Port = port }, timeout.Token));

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(3));
            Assert.Equal(0, Assert.Single(_pools.Stats).Open);
            (await accepted).Dispose();
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Run_Twice_ReusesOnePooledConnection()
    {
        var first = await Probe.RunAsync(server.Spec, default);
        var second = await Probe.RunAsync(server.Spec, default);

        Assert.True(first.Ok && second.Ok);
        Assert.NotNull(first.Phases);
        Assert.Null(second.Phases);
        var stats = Assert.Single(_pools.Stats);
        Assert.Equal(1, stats.Created);
        Assert.Equal(2, stats.Acquired);
        Assert.Equal(1, stats.Idle);
    }

    [Fact]
    public async Task Run_PoolFull_IsPoolExhausted()
    {
        await using var pools = new PoolRegistry<MySqlConnection>("mysql", PoolOptions.Default with { MaxSize = 1, AcquireTimeout = TimeSpan.FromMilliseconds(100) });
        var spec = server.Spec;
        var pool = pools.Get(MySqlProbe.PoolKey(spec), "test", token => server.ConnectAsync(token));
        await using var held = await pool.AcquireAsync(default);

        var result = await new MySqlProbe(pools).RunAsync(spec, default);

        Assert.Equal(CheckError.PoolExhausted, result.Error);
        Assert.Equal(1, pool.Stats.Exhausted);
    }

    [Fact]
    public async Task Run_FreshConnection_OpensANewConnectionEveryRun()
    {
        var spec = server.Spec with { FreshConnection = true, Query = "SELECT CONNECTION_ID()" };

        var first = await Probe.RunAsync(spec, default);
        var second = await Probe.RunAsync(spec, default);

        Assert.True(first.Ok && second.Ok);
        Assert.NotEqual(first.Message, second.Message);
        Assert.NotNull(first.Phases?.Connect);
        Assert.Equal(0, Assert.Single(_pools.Stats).Created);
    }

    [Fact]
    public async Task Run_AfterServerKilledThePooledConnection_OpensANewOne()
    {
        var spec = server.Spec;
        Assert.True((await Probe.RunAsync(spec, default)).Ok);
        var pool = _pools.Get(MySqlProbe.PoolKey(spec), "unused", _ => throw new InvalidOperationException("the pool exists already"));
        uint killedId;
        await using (var lease = await pool.AcquireAsync(default))
            killedId = lease.Connection.ConnectionId;

        await using (var admin = await server.ConnectAsync())
        {
            await admin.QueryScalarAsync($"KILL {killedId}", default);
            await WaitUntilGoneAsync(admin, killedId);
        }
        var result = await Probe.RunAsync(spec, default);

        // The pool sees the closed socket when it hands the idle connection out and opens a new one instead.
        Assert.True(result.Ok, result.Message);
        var stats = pool.Stats;
        Assert.Equal(2, stats.Created);
        Assert.Equal(1, stats.Closed);
    }

    /// <summary>A killed connection leaves the process list once its thread has closed the socket.</summary>
    private static async Task WaitUntilGoneAsync(MySqlConnection admin, uint id)
    {
        var waited = Stopwatch.StartNew();
        while (await admin.QueryScalarAsync($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {id}", default) != "0")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"connection {id} still listed after KILL");
            await Task.Delay(10);
        }
    }
}
