namespace Vigil.LoadTest;

/// <summary>A load test that cannot run as asked; the message names the option and is shown to the user as is.</summary>
public sealed class LoadTestException(string message) : Exception(message);
