namespace Vigil.Server.Observability.Requests;

/// <summary>How a request failed, for the per-route windows. Backpressure and timeouts are told apart from plain
/// client and server errors because they call for a different fix (capacity, not code).</summary>
public enum ErrorCategory
{
    None,

    /// <summary>4xx except 429 (and 408, 499: timeouts).</summary>
    ClientError,

    /// <summary>5xx except 503 (and 504: a timeout).</summary>
    ServerError,

    /// <summary>The request was aborted (client gone, Kestrel's timeouts) or answered 408, 499 or 504.</summary>
    Timeout,

    /// <summary>429 (rate limited) and 503 (write queue full, not ready): Vigil refused work to protect itself.</summary>
    Backpressure,
}

internal static class ErrorCategories
{
    public static ErrorCategory Of(int status, bool aborted) => status switch
    {
        _ when aborted => ErrorCategory.Timeout,
        408 or 499 or 504 => ErrorCategory.Timeout,
        429 or 503 => ErrorCategory.Backpressure,
        >= 400 and < 500 => ErrorCategory.ClientError,
        >= 500 => ErrorCategory.ServerError,
        _ => ErrorCategory.None,
    };
}
