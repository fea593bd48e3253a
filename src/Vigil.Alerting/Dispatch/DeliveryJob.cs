using Vigil.Alerting.Channels;

namespace Vigil.Alerting.Dispatch;

/// <summary>One channel's copy of one alert, to be sent until delivered, refused, or <see cref="GiveUpAt"/>.</summary>
/// <param name="DeliveryId">The stored delivery row every attempt is recorded against.</param>
public sealed record DeliveryJob(long DeliveryId, Guid Channel, AlertMessage Message, DateTimeOffset GiveUpAt);

/// <summary>A channel as the worker sends through it.</summary>
public sealed record ChannelTarget(string Name, IChannel Channel, ChannelSettings Settings);
