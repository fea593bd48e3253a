using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes.Http;

/// <summary>The checks on a response body. Text is read as UTF-8. Each returns null when it passes, else a short reason.</summary>
internal static class BodyAssertions
{
    public static bool NeedsBody(HttpCheckSpec spec) => spec.BodyContains is not null || spec.BodyRegex is not null || spec.Json.Count > 0;

    public static string? Check(HttpCheckSpec spec, ReadOnlyMemory<byte> body, RegexCache regexes)
    {
        if (spec.BodyContains is { } needle && !ContainsUtf8(body.Span, needle))
            return $"body does not contain \"{TextExcerpt.Of(needle)}\"";
        if (spec.BodyRegex is { } pattern && CheckRegex(pattern, body.Span, regexes) is { } regexFailure)
            return regexFailure;
        return spec.Json.Count > 0 ? CheckJson(spec.Json, body) : null;
    }

    private static bool ContainsUtf8(ReadOnlySpan<byte> body, string needle)
    {
        // Compare bytes: no decoding of the body just to search it.
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(needle.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(needle, rented);
            return body.IndexOf(rented.AsSpan(0, length)) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string? CheckRegex(string pattern, ReadOnlySpan<byte> body, RegexCache regexes)
    {
        try
        {
            return regexes.Get(pattern).IsMatch(Encoding.UTF8.GetString(body))
                ? null
                : $"body does not match /{TextExcerpt.Of(pattern)}/";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"body regex /{TextExcerpt.Of(pattern)}/ took too long";
        }
        catch (ArgumentException exception)
        {
            return $"invalid body regex /{TextExcerpt.Of(pattern)}/: {exception.Message}";
        }
    }

    private static string? CheckJson(IReadOnlyList<JsonAssertion> assertions, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "body is not valid JSON";
        }
        using (document)
        {
            foreach (var assertion in assertions)
            {
                if (CheckJson(assertion, document.RootElement) is { } failure)
                    return failure;
            }
            return null;
        }
    }

    private static string? CheckJson(JsonAssertion assertion, JsonElement root)
    {
        var path = TextExcerpt.Of(assertion.Path);
        switch (JsonPath.Find(root, assertion.Path, out var found))
        {
            case JsonPathOutcome.InvalidPath:
                return $"invalid JSON path {path}";
            case JsonPathOutcome.NotFound:
                return $"JSON path {path} not found";
        }
        if (assertion.EqualsJson is not { } expectedText)
            return null;
        JsonDocument expected;
        try
        {
            expected = JsonDocument.Parse(expectedText);
        }
        catch (JsonException)
        {
            return $"expected value of {path} is not JSON: {TextExcerpt.Of(expectedText)}";
        }
        using (expected)
        {
            // DeepEquals compares numbers by value (1 == 1.0 == 1e0), strings exactly, objects ignoring member order.
            return JsonElement.DeepEquals(found, expected.RootElement)
                ? null
                : $"JSON path {path} is {TextExcerpt.Of(found.GetRawText())}, expected {TextExcerpt.Of(expectedText)}";
        }
    }
}
