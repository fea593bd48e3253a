namespace Vigil.Checks.Protocols.Dns;

/// <summary>A reply that is not valid DNS or does not answer the question asked.</summary>
internal sealed class DnsProtocolException(string message) : Exception(message);
