using System.Net;
using Vigil.Core.Checks.Specs;

namespace Vigil.Core.Checks.Json;

/// <summary>The fields of <c>tcp</c> and <c>dns</c> monitors.</summary>
internal static class NetworkFields
{
    private static readonly HashSet<string> RecordTypes = ["A", "AAAA", "CNAME", "MX", "NS", "TXT"];

    public static TcpCheckSpec? ReadTcp(CheckFields f, TcpCheckSpec? current)
    {
        var host = f.OptionalText("host", current?.Host, CheckSpecReader.Host);
        var port = f.OptionalInt("port", current?.Port, 1, 65_535);
        var d = current ?? new TcpCheckSpec { Host = "", Port = 0 };
        var spec = d with
        {
            Send = f.OptionalText("send", d.Send, s => s.Length <= 4096 ? null : "must be at most 4096 characters"),
            Expect = f.OptionalText("expect", d.Expect, s => s.Length <= 1000 ? null : "must be at most 1000 characters"),
            Tls = f.Bool("tls", d.Tls),
            VerifyTls = f.Bool("verify_tls", d.VerifyTls),
        };
        if (port is null)
            f.Error("port", "is required");
        return CheckSpecReader.Require(f, "host", host) is { } h && port is { } p ? spec with { Host = h, Port = p } : null;
    }

    public static DnsCheckSpec? ReadDns(CheckFields f, DnsCheckSpec? current)
    {
        var hostname = f.OptionalText("hostname", current?.Hostname, CheckSpecReader.Host);
        var d = current ?? new DnsCheckSpec { Hostname = "" };
        var spec = d with
        {
            RecordType = f.Text("record_type", d.RecordType, t => RecordTypes.Contains(t) ? null : $"must be one of {string.Join(", ", RecordTypes)}"),
            Resolver = f.OptionalText("resolver", d.Resolver, Resolver),
            Expected = f.TextList("expected", d.Expected, 50),
        };
        return CheckSpecReader.Require(f, "hostname", hostname) is { } h ? spec with { Hostname = h } : null;
    }

    /// <summary>"127.0.0.1", "127.0.0.1:5353", "[::1]:53": an IP address, since resolving the resolver would be circular.</summary>
    private static string? Resolver(string value) =>
        IPEndPoint.TryParse(value, out _) ? null : $"'{value}' must be an IP address with an optional port (\"127.0.0.1:53\", \"[::1]:53\")";
}
