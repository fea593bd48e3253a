using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Postgres;

/// <summary>The probe against targets that are not a working PostgreSQL: nothing listening, a silent listener, no such host.</summary>
public sealed class PostgresProbeConnectTests
{
    // Npgsql's own Timeout comes from AcquireTimeout: keep it far above the caller's token in these tests.
    private static readonly PoolOptions Pool = new(4, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task RunAsync_NothingListening_FailsAsConnect()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec($"Host=127.0.0.1;Port={ClosedPort()};Username=u;Password=p"), CancellationToken.None);

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.Equal("connection refused", result.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownHost_FailsAsDns()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec("Host=vigil-no-such-host.invalid;Username=u;Password=p"), CancellationToken.None);

        Assert.Equal(CheckError.Dns, result.Error);
    }

    [Fact]
    public async Task RunAsync_SilentServer_CancellationEscapesWhenTokenFires()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
                accepted.Add(await listener.AcceptSocketAsync());
        });
        await using var probe = new PostgresProbe(Pool);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var elapsed = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            probe.RunAsync(Spec($"Host=127.0.0.1;Port={port};Username=u;Password=p"), timeout.Token));

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(5), $"took {elapsed.Elapsed}");
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
        accepted.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task RunAsync_InvalidConnectionString_FailsAsProtocolWithoutThrowing()
    {
        await using var probe = new PostgresProbe(Pool);

        var result = await probe.RunAsync(Spec("Host=127.0.0.1;No Such Keyword=1"), CancellationToken.None);

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith("invalid connection string", result.Message);
        Assert.Equal(0, probe.DataSourceCount);
    }

    [Fact]
    public async Task RunAsync_MoreConnectionStringsThanKept_RunsTheRestOnThrowawayDataSources()
    {
        await using var probe = new PostgresProbe(Pool, maxDataSources: 1);

        await probe.RunAsync(Spec($"Host=127.0.0.1;Port={ClosedPort()};Username=a;Password=p"), CancellationToken.None);
        var result = await probe.RunAsync(Spec($"Host=127.0.0.1;Port={ClosedPort()};Username=b;Password=p"), CancellationToken.None);

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.Equal(1, probe.DataSourceCount);
    }

    [Fact]
    public void ToInvariantText_IgnoresCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("1.5", PostgresProbe.ToInvariantText(1.5m));
            Assert.Equal("false", PostgresProbe.ToInvariantText(false));
            Assert.Null(PostgresProbe.ToInvariantText(DBNull.Value));
            Assert.Null(PostgresProbe.ToInvariantText(null));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static PostgresCheckSpec Spec(string connectionString) => new() { ConnectionString = connectionString };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
