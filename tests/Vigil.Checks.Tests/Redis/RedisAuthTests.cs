using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Protocols.Redis;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Redis;

public sealed class RedisAuthTests(PasswordRedisServer server) : IClassFixture<PasswordRedisServer>, IAsyncLifetime
{
    private readonly PoolRegistry<RedisConnection> _pools = new("redis", PoolOptions.Default);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pools.DisposeAsync();

    [Fact]
    public async Task Run_PasswordRequiredAndGiven_Ok()
    {
        var result = await RunAsync(Spec() with { Password = PasswordRedisServer.Secret, Info = [new("role", "master")] });

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task Run_WrongPassword_FailsAuth()
    {
        var result = await RunAsync(Spec() with { Password = "hunter2-typo" });

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.Contains("WRONGPASS", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PasswordRequiredButMissing_FailsAuth()
    {
        var result = await RunAsync(Spec());

        Assert.Equal(CheckError.Auth, result.Error);
        Assert.Contains("NOAUTH", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AclUser_OkWithItsPasswordAndAuthFailureWithAnother()
    {
        await AdminAsync("ACL", "SETUSER", "vigil-probe", "on", ">probe-pass", "~*", "+@all");

        var good = await RunAsync(Spec() with { Username = "vigil-probe", Password = "probe-pass" });
        var bad = await RunAsync(Spec() with { Username = "vigil-probe", Password = PasswordRedisServer.Secret });

        Assert.True(good.Ok, good.Message);
        Assert.Equal(CheckError.Auth, bad.Error);
    }

    [Fact]
    public async Task Run_AclUserWithoutInfoPermission_FailsAuth()
    {
        await AdminAsync("ACL", "SETUSER", "ping-only", "on", ">ping-pass", "+ping");

        var pingOnly = await RunAsync(Spec() with { Username = "ping-only", Password = "ping-pass" });
        var withInfo = await RunAsync(Spec() with { Username = "ping-only", Password = "ping-pass", Info = [new("role", "master")] });

        Assert.True(pingOnly.Ok, pingOnly.Message);
        Assert.Equal(CheckError.Auth, withInfo.Error);
        Assert.Contains("NOPERM", withInfo.Message, StringComparison.Ordinal);
    }

    private async Task AdminAsync(params string[] command)
    {
        await using var admin = await RedisConnection.OpenAsync("127.0.0.1", server.Port, null, PasswordRedisServer.Secret, 0, CancellationToken.None);
        await admin.CommandAsync(command, CancellationToken.None);
    }

    private RedisCheckSpec Spec() => new() { Host = "127.0.0.1", Port = server.Port };

    private Task<ProbeResult> RunAsync(RedisCheckSpec spec) => new RedisProbe(_pools).RunAsync(spec, CancellationToken.None);
}
