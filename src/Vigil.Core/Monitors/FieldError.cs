namespace Vigil.Core.Monitors;

/// <summary>One problem with one input field; <see cref="Field"/> is the name the client sent (JSON key or config key path).</summary>
public sealed record FieldError(string Field, string Message);
