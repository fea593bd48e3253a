using Vigil.Alerting.Templates;

namespace Vigil.Alerting.Channels.Http;

/// <summary>
/// What every HTTP channel has: the receiver's URL (often a secret itself: Slack, Discord and Teams put the token in
/// the path), the time one send may take, and the message templates.
/// </summary>
public abstract record HttpChannelSettings(Uri Url, TimeSpan Timeout, MessageTemplates Templates) : ChannelSettings
{
    /// <summary>Only the host: the URL's path and any secret stay out of logs.</summary>
    public sealed override string ToString() => $"{GetType().Name} {{ Host = {Url.Host} }}";
}
