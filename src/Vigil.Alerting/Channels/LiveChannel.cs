using Vigil.Core.Channels;

namespace Vigil.Alerting.Channels;

/// <summary>A stored channel ready to send: its definition, its type's <see cref="IChannel"/> and its validated settings.
/// Send with <c>Channel.SendAsync(Settings, alert, token)</c>.</summary>
public sealed record LiveChannel(ChannelDefinition Definition, IChannel Channel, ChannelSettings Settings)
{
    /// <summary>Null for a usable channel; otherwise why it cannot send (see <see cref="UnusableChannel"/>).</summary>
    public string? Problem => (Settings as UnusableSettings)?.Problem;
}
