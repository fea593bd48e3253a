namespace Vigil.Core.Checks.Specs;

/// <summary>A TCP connect, optionally over TLS, optionally sending a line and expecting a reply matching a pattern.</summary>
public sealed record TcpCheckSpec : CheckSpec
{
    public override string Type => "tcp";

    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary>Text sent after connecting (escape sequences such as \r\n already decoded).</summary>
    public string? Send { get; init; }

    /// <summary>A regular expression the first bytes received must match.</summary>
    public string? Expect { get; init; }

    public bool Tls { get; init; }
    public bool VerifyTls { get; init; } = true;
}
