using System.Text.Json;
using Vigil.Checks.Probes.Http;

namespace Vigil.Checks.Tests.Http;

public sealed class JsonPathTests
{
    private const string Document = """{"a":{"b":[{"c":1},{"c":"two"}]},"x.y":{"z[0]":true},"list":[[1,2],[3]]}""";

    [Theory]
    [InlineData("$", "{")]
    [InlineData("$.a.b[0].c", "1")]
    [InlineData("$.a.b[1].c", "\"two\"")]
    [InlineData("$['x.y'][\"z[0]\"]", "true")]
    [InlineData("$.list[0][1]", "2")]
    [InlineData(" $.list[1][0] ", "3")]
    public void Find_ExistingPath_ReturnsTheValue(string path, string rawStart)
    {
        using var document = JsonDocument.Parse(Document);

        var outcome = JsonPath.Find(document.RootElement, path, out var found);

        Assert.Equal(JsonPathOutcome.Found, outcome);
        Assert.StartsWith(rawStart, found.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.a.missing")]
    [InlineData("$.a.b[2]")]
    [InlineData("$.a.b.c")]
    [InlineData("$.list[0][1].deeper")]
    [InlineData("$.missing[0]['k']")]
    public void Find_AbsentPath_IsNotFound(string path)
    {
        using var document = JsonDocument.Parse(Document);

        Assert.Equal(JsonPathOutcome.NotFound, JsonPath.Find(document.RootElement, path, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("$.")]
    [InlineData("$..a")]
    [InlineData("$.a[")]
    [InlineData("$.a[-1]")]
    [InlineData("$.a[x]")]
    [InlineData("$['a'")]
    [InlineData("$['a]")]
    [InlineData("$a")]
    [InlineData("$.missing[oops]")]
    public void Find_MalformedPath_IsInvalid(string path)
    {
        using var document = JsonDocument.Parse(Document);

        Assert.Equal(JsonPathOutcome.InvalidPath, JsonPath.Find(document.RootElement, path, out _));
    }
}
