using Vigil.Checks.Probes;
using Vigil.Checks.Probes.Http;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Http;

/// <summary>Status, redirect, body, JSON, header and timing assertions against a real Kestrel over plain HTTP.</summary>
public sealed class HttpProbeTests(HttpTargetFixture target) : IClassFixture<HttpTargetFixture>, IDisposable
{
    private readonly HttpProbe _probe = new(HttpProbeOptions.Default, TimeProvider.System);

    public void Dispose() => _probe.Dispose();

    private Task<ProbeResult> RunAsync(HttpCheckSpec spec) => HttpProbeRunner.RunAsync(_probe, spec);

    private HttpCheckSpec Spec(string path) => new() { Url = target.Http(path) };

    [Fact]
    public async Task RunAsync_OkRoute_SucceedsWithStatusMessage()
    {
        var result = await RunAsync(Spec("/ok"));

        Assert.True(result.Ok, result.Message);
        Assert.Equal(CheckError.None, result.Error);
        Assert.Equal("HTTP 200", result.Message);
        Assert.NotNull(result.Phases);
        Assert.Equal(result.Latency, result.Phases.Total);
        Assert.NotNull(result.Phases.FirstByte);
    }

    [Fact]
    public async Task RunAsync_ServerError_FailsAsHttpStatus()
    {
        var result = await RunAsync(Spec("/status/503"));

        Assert.False(result.Ok);
        Assert.Equal(CheckError.HttpStatus, result.Error);
        Assert.Equal("HTTP 503, expected 200-399", result.Message);
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(418, true)]
    [InlineData(204, true)]
    [InlineData(200, false)]
    [InlineData(500, false)]
    public async Task RunAsync_ExpectedStatusRanges_AcceptOnlyCodesInside(int code, bool accepted)
    {
        var spec = Spec($"/status/{code}") with { ExpectedStatus = [new(204, 204), new(400, 499)] };

        var result = await RunAsync(spec);

        Assert.Equal(accepted, result.Ok);
        if (!accepted)
            Assert.Equal($"HTTP {code}, expected 204, 400-499", result.Message);
    }

    [Fact]
    public async Task RunAsync_RedirectsWithinLimit_AreFollowed()
    {
        var result = await RunAsync(Spec("/redirect/3") with { MaxRedirects = 3, BodyContains = "redirected" });

        Assert.True(result.Ok, result.Message);
        Assert.Equal("HTTP 200", result.Message);
    }

    [Fact]
    public async Task RunAsync_RedirectNotFollowed_IsJudgedByExpectedStatus()
    {
        var accepted = await RunAsync(Spec("/redirect/1") with { FollowRedirects = false });
        var rejected = await RunAsync(Spec("/redirect/1") with { FollowRedirects = false, ExpectedStatus = [new(200, 299)] });

        Assert.True(accepted.Ok, accepted.Message);
        Assert.Equal("HTTP 302", accepted.Message);
        Assert.Equal(CheckError.HttpStatus, rejected.Error);
        Assert.Equal("HTTP 302, expected 200-299", rejected.Message);
    }

    [Fact]
    public async Task RunAsync_MoreRedirectsThanAllowed_FailsAsProtocol()
    {
        var result = await RunAsync(Spec("/redirect/4") with { MaxRedirects = 2 });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith("too many redirects (more than 2)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RedirectLoop_FailsAsProtocol()
    {
        var result = await RunAsync(Spec("/loop"));

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.Contains("too many redirects", result.Message, StringComparison.Ordinal);
        Assert.Contains("/loop", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BodyContains_PassesOrNamesTheMissingText()
    {
        var pass = await RunAsync(Spec("/json") with { BodyContains = "\"status\":\"up\"" });
        var fail = await RunAsync(Spec("/json") with { BodyContains = "down" });

        Assert.True(pass.Ok, pass.Message);
        Assert.Equal(CheckError.Assertion, fail.Error);
        Assert.Equal("body does not contain \"down\"", fail.Message);
    }

    [Fact]
    public async Task RunAsync_BodyRegex_PassesOrNamesThePattern()
    {
        var pass = await RunAsync(Spec("/json") with { BodyRegex = "\"count\":\\s*\\d+" });
        var fail = await RunAsync(Spec("/json") with { BodyRegex = "^ok$" });
        var invalid = await RunAsync(Spec("/json") with { BodyRegex = "(" });

        Assert.True(pass.Ok, pass.Message);
        Assert.Equal(CheckError.Assertion, fail.Error);
        Assert.Equal("body does not match /^ok$/", fail.Message);
        Assert.Equal(CheckError.Assertion, invalid.Error);
        Assert.StartsWith("invalid body regex /(/", invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.status", null)]
    [InlineData("$.status", "\"up\"")]
    [InlineData("$.count", "3")]
    [InlineData("$.count", "3.0")]
    [InlineData("$.ratio", "1.50")]
    [InlineData("$.ok", "true")]
    [InlineData("$.none", "null")]
    [InlineData("$.items[1].name", "\"b\"")]
    [InlineData("$['dotted.key']", "\"x\"")]
    public async Task RunAsync_JsonAssertionThatHolds_Passes(string path, string? equalsJson)
    {
        var result = await RunAsync(Spec("/json") with { Json = [new JsonAssertion(path, equalsJson)] });

        Assert.True(result.Ok, result.Message);
    }

    [Theory]
    [InlineData("$.missing", null, "JSON path $.missing not found")]
    [InlineData("$.items[5].name", null, "JSON path $.items[5].name not found")]
    [InlineData("$.status", "\"down\"", "JSON path $.status is \\\"up\\\", expected \\\"down\\\"")]
    [InlineData("$.status", "\"UP\"", "JSON path $.status is \\\"up\\\", expected \\\"UP\\\"")]
    [InlineData("$.count", "4", "JSON path $.count is 3, expected 4")]
    [InlineData("$.count", "\"3\"", "JSON path $.count is 3, expected \\\"3\\\"")]
    [InlineData("$.ok", "false", "JSON path $.ok is true, expected false")]
    [InlineData("$.none", "0", "JSON path $.none is null, expected 0")]
    [InlineData("status", null, "invalid JSON path status")]
    [InlineData("$.status", "up", "expected value of $.status is not JSON: up")]
    public async Task RunAsync_JsonAssertionThatFails_FailsAsAssertion(string path, string? equalsJson, string message)
    {
        var result = await RunAsync(Spec("/json") with { Json = [new JsonAssertion(path, equalsJson)] });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public async Task RunAsync_JsonAssertionOnNonJsonBody_FailsAsAssertion()
    {
        var result = await RunAsync(Spec("/ok") with { Json = [new JsonAssertion("$.a", null)] });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("body is not valid JSON", result.Message);
    }

    [Fact]
    public async Task RunAsync_HeaderAssertions_CheckPresenceAndCaseInsensitiveContains()
    {
        var pass = await RunAsync(Spec("/headers") with { ResponseHeaders = [new("x-test", "hello"), new("Cache-Control", null), new("Content-Type", "text/plain")] });
        var missing = await RunAsync(Spec("/headers") with { ResponseHeaders = [new("X-Absent", null)] });
        var different = await RunAsync(Spec("/headers") with { ResponseHeaders = [new("X-Test", "goodbye")] });

        Assert.True(pass.Ok, pass.Message);
        Assert.Equal(CheckError.Assertion, missing.Error);
        Assert.Equal("header X-Absent missing", missing.Message);
        Assert.Equal(CheckError.Assertion, different.Error);
        Assert.Equal("header X-Test is \"Hello-World\", expected it to contain \"goodbye\"", different.Message);
    }

    [Fact]
    public async Task RunAsync_SlowerThanMaxResponseTime_FailsAsAssertion()
    {
        var slow = await RunAsync(Spec("/slow?ms=300") with { MaxResponseTime = TimeSpan.FromMilliseconds(100) });
        var fast = await RunAsync(Spec("/ok") with { MaxResponseTime = TimeSpan.FromSeconds(5) });

        Assert.Equal(CheckError.Assertion, slow.Error);
        Assert.Matches(@"^response took \d+ ms, limit 100 ms$", slow.Message);
        Assert.True(slow.Latency >= TimeSpan.FromMilliseconds(300));
        Assert.True(fast.Ok, fast.Message);
    }

    [Theory]
    [InlineData("/big")]
    [InlineData("/big?withLength=true")]
    public async Task RunAsync_BodyOverTheLimit_FailsTheBodyAssertion(string path)
    {
        var result = await RunAsync(Spec(path) with { BodyContains = "x" });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("body larger than the 1048576-byte limit", result.Message);
    }

    [Fact]
    public async Task RunAsync_BigBodyWithoutBodyAssertion_Passes()
    {
        var result = await RunAsync(Spec("/big"));

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task RunAsync_ServerAbortsTheConnection_FailsAsProtocol()
    {
        var result = await RunAsync(Spec("/abort"));

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }
}
