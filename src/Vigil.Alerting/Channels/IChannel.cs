using System.Text.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>
/// One kind of notification channel ("webhook", "slack", "smtp" …). It reads and validates a channel's settings from
/// JSON (the API body, or YAML turned into JSON), naming every bad field, and sends an alert with them. Sending never
/// throws for the receiver's faults: it says whether a retry could help.
/// </summary>
public interface IChannel
{
    /// <summary>The <c>"type"</c> value that selects this channel.</summary>
    string Type { get; }

    /// <summary>The settings that hold secrets: never shown by the API (redacted) nor logged; an edit that leaves
    /// them out keeps them.</summary>
    IReadOnlyList<SecretSetting> Secrets { get; }

    /// <summary>The settings in <paramref name="json"/> (an object; "name" and "type" are the caller's), or null with
    /// <paramref name="errors"/> naming each bad field.</summary>
    ChannelSettings? Read(JsonElement json, List<FieldError> errors);

    Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken);
}

/// <summary>A channel's validated settings; each channel has its own record. Secrets in it are never logged or shown.</summary>
public abstract record ChannelSettings;

/// <summary>The outcome of one send attempt.</summary>
public readonly record struct Delivery(DeliveryOutcome Outcome, string Detail)
{
    public static Delivery Delivered(string detail) => new(DeliveryOutcome.Delivered, detail);

    /// <summary>Worth retrying: the receiver was down, slow, overloaded (5xx, 429) or the network failed.</summary>
    public static Delivery Retry(string detail) => new(DeliveryOutcome.Retry, detail);

    /// <summary>Retrying cannot help (4xx other than 408/429, a refused address): goes straight to dead letter.</summary>
    public static Delivery Failed(string detail) => new(DeliveryOutcome.Failed, detail);
}

public enum DeliveryOutcome
{
    Delivered,
    Retry,
    Failed,
}
