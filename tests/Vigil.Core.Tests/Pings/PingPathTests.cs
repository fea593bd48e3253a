using Vigil.Core.Pings;

namespace Vigil.Core.Tests.Pings;

public sealed class PingPathTests
{
    private const string Uuid = "5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278";
    private static readonly Guid Id = Guid.Parse(Uuid);

    [Theory]
    [InlineData("", PingKind.Success, -1)]
    [InlineData("/", PingKind.Success, -1)]
    [InlineData("/start", PingKind.Start, -1)]
    [InlineData("/start/", PingKind.Start, -1)]
    [InlineData("/fail", PingKind.Fail, -1)]
    [InlineData("/log", PingKind.Log, -1)]
    [InlineData("/0", PingKind.Success, 0)]
    [InlineData("/1", PingKind.Fail, 1)]
    [InlineData("/7/", PingKind.Fail, 7)]
    [InlineData("/255", PingKind.Fail, 255)]
    [InlineData("/007", PingKind.Fail, 7)]
    public void Parse_UuidForms_IdKindAndExitStatus(string suffix, PingKind kind, short exitStatus)
    {
        var path = PingPath.Parse(Uuid + suffix);

        Assert.True(path.IsValid, path.Detail);
        Assert.Equal(PingPathError.None, path.Error);
        Assert.Equal(Id, path.Id);
        Assert.Null(path.PingKey);
        Assert.Null(path.Slug);
        Assert.Equal(kind, path.Kind);
        Assert.Equal(exitStatus, path.ExitStatus);
        Assert.Null(path.Detail);
    }

    [Theory]
    [InlineData("", PingKind.Success, -1)]
    [InlineData("/", PingKind.Success, -1)]
    [InlineData("/start", PingKind.Start, -1)]
    [InlineData("/fail", PingKind.Fail, -1)]
    [InlineData("/log/", PingKind.Log, -1)]
    [InlineData("/0", PingKind.Success, 0)]
    [InlineData("/7", PingKind.Fail, 7)]
    [InlineData("/255", PingKind.Fail, 255)]
    public void Parse_KeyAndSlugForms_KeySlugKindAndExitStatus(string suffix, PingKind kind, short exitStatus)
    {
        var path = PingPath.Parse("k3y-AbC_123/nightly-backup" + suffix);

        Assert.True(path.IsValid, path.Detail);
        Assert.Equal(Guid.Empty, path.Id);
        Assert.Equal("k3y-AbC_123", path.PingKey);
        Assert.Equal("nightly-backup", path.Slug);
        Assert.Equal(kind, path.Kind);
        Assert.Equal(exitStatus, path.ExitStatus);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("abc")]
    [InlineData("1000")]
    [InlineData("0256")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("START")]
    public void Parse_InvalidExitStatus_InvalidExitStatusWithMessage(string status)
    {
        foreach (var path in new[] { PingPath.Parse(Uuid + "/" + status + "/"), PingPath.Parse("key/slug/" + status + "/") })
        {
            Assert.False(path.IsValid);
            Assert.Equal(PingPathError.InvalidExitStatus, path.Error);
            Assert.Equal($"invalid exit status '{status}': expected 0-255, start, fail or log", path.Detail);
            Assert.Equal(Guid.Empty, path.Id);
            Assert.Null(path.Slug);
        }
    }

    [Fact]
    public void Parse_LongInvalidSuffix_MessageTruncated()
    {
        var path = PingPath.Parse(Uuid + "/" + new string('x', 100));

        Assert.Equal(PingPathError.InvalidExitStatus, path.Error);
        Assert.Equal($"invalid exit status '{new string('x', 40)}…': expected 0-255, start, fail or log", path.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("a/b/c/d")]
    [InlineData("a/b/c/d/e/f")]
    [InlineData(Uuid + "/start/x")]
    [InlineData(Uuid + "/x/y")]
    [InlineData(Uuid + "/1/2/3")]
    [InlineData("not-a-uuid")]
    [InlineData("/slug")]
    [InlineData("/slug/start")]
    [InlineData("key//start")]
    public void Parse_UnknownShape_NotFound(string text)
    {
        var path = PingPath.Parse(text);

        Assert.False(path.IsValid);
        Assert.Equal(PingPathError.NotFound, path.Error);
        Assert.Equal("no such ping URL", path.Detail);
        Assert.Equal(-1, path.ExitStatus);
    }
}
