using System.Buffers.Binary;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Protocols.Mongo;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Mongo;

/// <summary>
/// No MongoDB server can run here, so these cover only what needs none: the fault cases and the bytes the client
/// sends. Talking to a real server (hello, SCRAM against real stored keys) is untested.
/// </summary>
public sealed class MongoProbeTests : IAsyncLifetime
{
    private readonly PoolRegistry<MongoConnection> _pools = new("mongodb", PoolOptions.Default);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Run_NothingListening_FailsConnect()
    {
        var result = await RunAsync(new MongoCheckSpec { Host = "127.0.0.1", Port = RedisServer.FreePort() });

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.StartsWith("127.0.0.1:", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownHost_FailsDns()
    {
        var result = await RunAsync(new MongoCheckSpec { Host = "no-such-host.invalid" });

        Assert.Equal(CheckError.Dns, result.Error);
    }

    [Fact]
    public async Task Run_ServerNeverAnswers_CancellationEscapesAndNothingStaysOpen()
    {
        await using var silent = FaultyTcpServer.Silent();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(Spec(silent.Port), timeout.Token));

        Assert.Equal(0, Assert.Single(_pools.Stats).Open);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData("-ERR unknown command\r\n")]
    public async Task Run_ServerAnswersGarbage_FailsProtocol(string garbage)
    {
        await using var server = FaultyTcpServer.Answering(System.Text.Encoding.ASCII.GetBytes(garbage));

        var result = await RunAsync(Spec(server.Port));

        Assert.Equal(CheckError.Protocol, result.Error);
    }

    [Fact]
    public async Task Run_ServerClosesWithoutAnswering_FailsConnect()
    {
        await using var server = new FaultyTcpServer((stream, _, _) =>
        {
            stream.Close();
            return Task.CompletedTask;
        });

        var result = await RunAsync(Spec(server.Port));

        Assert.Equal(CheckError.Connect, result.Error);
    }

    [Fact]
    public async Task Open_SendsHelloToAdminAsOpMsg()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FaultyTcpServer(async (stream, _, stop) =>
        {
            var header = new byte[OpMsg.HeaderLength];
            await stream.ReadExactlyAsync(header, stop);
            var rest = new byte[BinaryPrimitives.ReadInt32LittleEndian(header) - OpMsg.HeaderLength];
            await stream.ReadExactlyAsync(rest, stop);
            received.SetResult([.. header, .. rest]);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var open = MongoConnection.OpenAsync("127.0.0.1", server.Port, null, null, "admin", timeout.Token);
        var message = await received.Task.WaitAsync(timeout.Token);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => open);

        Assert.Equal(OpMsg.OpCode, BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(12)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(16)));
        Assert.Equal(0, message[20]);
        var command = BsonReader.Decode(message.AsSpan(21));
        Assert.Equal(["hello", "$db"], command.Select(e => e.Key));
        Assert.Equal("admin", command["$db"]);
    }

    [Fact]
    public void Describe_PrimaryHello_NamesRoleAndWireVersion()
    {
        var hello = new BsonDocument { { "isWritablePrimary", true }, { "setName", "rs0" }, { "maxWireVersion", 21 }, { "ok", 1.0 } };

        Assert.Equal("hello ok, isWritablePrimary=true, setName=rs0, maxWireVersion=21", MongoProbe.Describe(hello));
    }

    private static MongoCheckSpec Spec(int port) => new() { Host = "127.0.0.1", Port = port };

    private Task<ProbeResult> RunAsync(MongoCheckSpec spec, CancellationToken cancellationToken = default) =>
        new MongoProbe(_pools).RunAsync(spec, cancellationToken);
}
