namespace Vigil.Core.Checks;

/// <summary>Where a run's time went, for the protocols that have phases. A phase that did not happen is null
/// (no DNS lookup for an IP address, no TLS for plain HTTP, nothing after a failed connect).</summary>
public sealed record PhaseTimings(TimeSpan? Dns, TimeSpan? Connect, TimeSpan? Tls, TimeSpan? FirstByte, TimeSpan Total);
