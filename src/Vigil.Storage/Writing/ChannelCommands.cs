using Vigil.Core.Channels;

namespace Vigil.Storage.Writing;

/// <summary>Stores a new channel.</summary>
public sealed record CreateChannel(ChannelDefinition Channel) : StoreCommand;

/// <summary>Replaces a channel's name, type and settings (matched by id); its creation time stays.</summary>
public sealed record UpdateChannel(ChannelDefinition Channel) : StoreCommand;

public sealed record DeleteChannel(Guid Id) : StoreCommand;
