using System.Diagnostics;
using Npgsql;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Postgres;

/// <summary>The probe against a real PostgreSQL 15 that the fixture starts.</summary>
public sealed class PostgresProbeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly PoolOptions Pool = new(4, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task RunAsync_SelectOne_Succeeds()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec(), CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(CheckError.None, result.Error);
        Assert.True(result.Latency > TimeSpan.Zero);
        Assert.NotNull(result.Phases?.Connect);
        Assert.True(result.Phases.Total >= result.Latency);
    }

    [Theory]
    [InlineData("SELECT 'ok'::text", "ok")]
    [InlineData("SELECT 41 + 1", "42")]
    [InlineData("SELECT 1.5::numeric", "1.5")]
    [InlineData("SELECT true", "true")]
    [InlineData("SELECT current_database()", PostgresServer.Database)]
    public async Task RunAsync_FirstColumnEqualsExpected_Succeeds(string query, string expected)
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec() with { Query = query, Expected = expected }, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task RunAsync_FirstColumnDiffers_FailsAsAssertionShowingBoth()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec() with { Query = "SELECT 41 + 1", Expected = "41" }, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("expected '41', got '42'", result.Message);
    }

    [Fact]
    public async Task RunAsync_LongValueDiffers_MessageShowsItShortened()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec() with { Query = "SELECT repeat('x', 5000)", Expected = "y" }, CancellationToken.None);

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.StartsWith("expected 'y', got 'xxx", result.Message);
        Assert.True(result.Message.Length < 200, result.Message);
    }

    [Theory]
    [InlineData("SELECT NULL::int")]
    [InlineData("SELECT 1 WHERE false")]
    public async Task RunAsync_NullOrNoRowWhileExpecting_FailsAsAssertion(string query)
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec() with { Query = query, Expected = "1" }, CancellationToken.None);

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("expected '1', got null", result.Message);
    }

    [Fact]
    public async Task RunAsync_WrongPassword_FailsAsAuth()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec(server.ConnectionString(password: "wrong")), CancellationToken.None);

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.StartsWith("28P01", result.Message);
    }

    [Fact]
    public async Task RunAsync_MissingDatabase_FailsAsAuth()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec(server.ConnectionString(database: "missing")), CancellationToken.None);

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.StartsWith("3D000", result.Message);
    }

    [Fact]
    public async Task RunAsync_BadQuery_FailsAsProtocol()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec() with { Query = "SELECT * FROM no_such_table" }, CancellationToken.None);

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith("42P01", result.Message);
    }

    [Fact]
    public async Task RunAsync_TlsRequiredByClientButServerHasNone_FailsAsTls()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec(server.ConnectionString() + ";SSL Mode=Require"), CancellationToken.None);

        Assert.Equal(CheckError.Tls, result.Error);
    }

    [Fact]
    public async Task RunAsync_Twice_ReusesOnePooledBackend()
    {
        var table = await CreatePidTableAsync("pooled_runs");
        await using var probe = new PostgresProbe(Pool);
        var spec = Spec() with { Query = $"INSERT INTO {table} VALUES (pg_backend_pid()) RETURNING 1", Expected = "1" };

        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);
        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);

        Assert.Equal(1L, await ScalarAsync($"SELECT count(DISTINCT pid) FROM {table}"));
        var stats = Assert.Single(probe.Stats);
        Assert.Equal(1, probe.DataSourceCount);
        Assert.Equal(1, stats.Created);
        Assert.Equal(2, stats.Acquired);
        Assert.Equal(1, stats.Idle);
        Assert.Equal(0, stats.InUse);
    }

    [Fact]
    public async Task RunAsync_FreshConnection_OpensNewBackendEachRun()
    {
        var table = await CreatePidTableAsync("fresh_runs");
        await using var probe = new PostgresProbe(Pool);
        var spec = Spec() with { Query = $"INSERT INTO {table} VALUES (pg_backend_pid()) RETURNING 1", Expected = "1", FreshConnection = true };

        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);
        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);

        Assert.Equal(2L, await ScalarAsync($"SELECT count(DISTINCT pid) FROM {table}"));
        Assert.Equal(1, probe.DataSourceCount);
    }

    [Fact]
    public async Task RunAsync_PoolOfOneHeldElsewhere_FailsAsPoolExhausted()
    {
        await using var probe = new PostgresProbe(new PoolOptions(1, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1)));
        var spec = Spec();

        await using (var held = await probe.DataSourceFor(spec).OpenConnectionAsync())
        {
            var result = await probe.RunAsync(spec, CancellationToken.None);

            Assert.Equal(CheckError.PoolExhausted, result.Error);
            var stats = Assert.Single(probe.Stats);
            Assert.Equal(1, stats.Exhausted);
            Assert.Equal(1, stats.InUse);
        }

        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task RunAsync_UserSetPoolSize_WinsOverPoolOptions()
    {
        // Pool options say 1; the connection string says 2, so a second connection is still allowed.
        await using var probe = new PostgresProbe(new PoolOptions(1, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1)));
        var spec = Spec(server.ConnectionString() + ";Maximum Pool Size=2");

        await using var held = await probe.DataSourceFor(spec).OpenConnectionAsync();
        var result = await probe.RunAsync(spec, CancellationToken.None);

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task RunAsync_IdleTimeoutShorterThanNpgsqlPruningInterval_Runs()
    {
        // Npgsql rejects an idle lifetime under its 10 s pruning interval unless the interval comes down with it.
        await using var probe = new PostgresProbe(Pool with { IdleTimeout = TimeSpan.FromSeconds(2) });

        var result = await probe.RunAsync(Spec(), CancellationToken.None);

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task DisposeAsync_ClosesPooledConnections()
    {
        var probe = new PostgresProbe(Pool);
        var spec = Spec(server.ConnectionString() + ";Application Name=vigil-dispose-test");
        Assert.True((await probe.RunAsync(spec, CancellationToken.None)).Ok);
        Assert.Equal(1, await BackendsNamedAsync("vigil-dispose-test"));

        await probe.DisposeAsync();

        Assert.Equal(0, probe.DataSourceCount);
        Assert.Empty(probe.Stats);
        // The backend leaves pg_stat_activity a moment after the client says goodbye: poll with a deadline.
        for (var waited = Stopwatch.StartNew(); await BackendsNamedAsync("vigil-dispose-test") != 0; await Task.Delay(20))
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the pooled backend is still there");
    }

    private async Task<long> BackendsNamedAsync(string applicationName) =>
        (long)(await ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{applicationName}'"))!;

    private PostgresCheckSpec Spec(string? connectionString = null) => new() { ConnectionString = connectionString ?? server.ConnectionString() };

    private async Task<string> CreatePidTableAsync(string name)
    {
        await ScalarAsync($"CREATE TABLE {name} (pid int NOT NULL)");
        return name;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
