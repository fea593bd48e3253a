using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Checks.Protocols.Dns;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>
/// Resolves a name and checks the answers. A and AAAA without a chosen resolver go through the system resolver, so
/// /etc/hosts and the machine's own setup count as they do for the applications being watched; every other case asks
/// a DNS server directly (the chosen one, else the first nameserver of /etc/resolv.conf).
/// </summary>
public sealed class DnsProbe : Probe<DnsCheckSpec>
{
    private const int MaxMessageLength = 200;
    private readonly string _resolvConfPath;

    public DnsProbe()
        : this(DnsServerAddress.ResolvConfPath)
    {
    }

    internal DnsProbe(string resolvConfPath) => _resolvConfPath = resolvConfPath;

    public override string Type => "dns";

    protected override async Task<ProbeResult> RunAsync(DnsCheckSpec spec, CancellationToken cancellationToken)
    {
        if (!DnsRecordTypes.TryParse(spec.RecordType, out var type))
            return ProbeResult.Failure(CheckError.Protocol, $"unsupported record type '{spec.RecordType}'", TimeSpan.Zero);
        string name;
        try
        {
            name = DnsName.Normalize(spec.Hostname);
        }
        catch (ArgumentException e)
        {
            return ProbeResult.Failure(CheckError.Dns, e.Message, TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        return spec.Resolver is null && type is DnsRecordType.A or DnsRecordType.AAAA
            ? await AskSystemResolverAsync(spec, name, type, started, cancellationToken).ConfigureAwait(false)
            : await AskServerAsync(spec, new DnsQuestion(name, type), started, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ProbeResult> AskSystemResolverAsync(DnsCheckSpec spec, string name, DnsRecordType type, long started, CancellationToken cancellationToken)
    {
        var family = type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(name, family, cancellationToken).ConfigureAwait(false);
            // The system resolver does not report TTLs.
            var answers = addresses.Select(address => new DnsRecord(name, type, TimeSpan.Zero) { Address = address }).ToList();
            return Judge(spec, name, type, answers, Stopwatch.GetElapsedTime(started));
        }
        catch (SocketException e)
        {
            return ProbeResult.Failure(CheckError.Dns, $"{name}: {e.Message}", Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<ProbeResult> AskServerAsync(DnsCheckSpec spec, DnsQuestion question, long started, CancellationToken cancellationToken)
    {
        IPEndPoint? server;
        try
        {
            server = spec.Resolver is { } resolver
                ? await DnsServerAddress.ResolveAsync(resolver, cancellationToken).ConfigureAwait(false)
                : DnsServerAddress.FromResolvConf(_resolvConfPath);
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            return ProbeResult.Failure(CheckError.Dns, $"resolver {spec.Resolver}: {e.Message}", Stopwatch.GetElapsedTime(started));
        }
        if (server is null)
            return ProbeResult.Failure(CheckError.Dns, $"no resolver given and no nameserver in {_resolvConfPath}", Stopwatch.GetElapsedTime(started));

        try
        {
            var response = await DnsClient.QueryAsync(server, question, cancellationToken).ConfigureAwait(false);
            return response.ResponseCode == DnsResponseCode.NoError
                ? Judge(spec, question.Name, question.Type, response.Answers, Stopwatch.GetElapsedTime(started))
                : ProbeResult.Failure(CheckError.Dns, $"{response.ResponseCode.ToName()} for {question.Name} from {server}", Stopwatch.GetElapsedTime(started));
        }
        catch (SocketException e)
        {
            return ProbeResult.Failure(CheckError.Connect, $"DNS server {server}: {e.Message}", Stopwatch.GetElapsedTime(started));
        }
        catch (DnsProtocolException e)
        {
            return ProbeResult.Failure(CheckError.Protocol, Cap($"bad DNS reply from {server}: {e.Message}"), Stopwatch.GetElapsedTime(started));
        }
    }

    private static ProbeResult Judge(DnsCheckSpec spec, string name, DnsRecordType type, IReadOnlyList<DnsRecord> answers, TimeSpan latency)
    {
        // An A query answered through a CNAME also carries the CNAME records: only the asked type counts.
        var matching = answers.Where(answer => answer.Type == type).ToList();
        if (matching.Count == 0)
            return ProbeResult.Failure(CheckError.Dns, $"no {type} records for {name}", latency);
        var summary = Summarize(type, matching);
        var missing = spec.Expected.Where(expected => !matching.Any(answer => Matches(answer, expected))).ToList();
        return missing.Count == 0
            ? ProbeResult.Success(latency, summary)
            : ProbeResult.Failure(CheckError.Assertion, Cap($"missing {string.Join(", ", missing)}; got {summary}"), latency);
    }

    private static bool Matches(DnsRecord answer, string expected)
    {
        var text = expected.Trim();
        switch (answer.Type)
        {
            case DnsRecordType.A or DnsRecordType.AAAA:
                return IPAddress.TryParse(text, out var address) && address.Equals(answer.Address);
            case DnsRecordType.TXT:
                return answer.Value == expected;
            case DnsRecordType.MX:
                // "10 mail.example.com" pins the preference too; "mail.example.com" alone only the exchange.
                var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return parts.Length == 2 && ushort.TryParse(parts[0], out var preference)
                    ? preference == answer.Preference && DnsName.AreEqual(parts[1], answer.Host!)
                    : DnsName.AreEqual(text, answer.Host!);
            default:
                return DnsName.AreEqual(text, answer.Host!);
        }
    }

    private static string Summarize(DnsRecordType type, List<DnsRecord> answers)
    {
        var values = answers.Select(answer => type == DnsRecordType.TXT ? $"\"{answer.Value}\"" : answer.Value);
        return Cap($"{type} {string.Join(", ", values)}");
    }

    private static string Cap(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 1), "…");
}
