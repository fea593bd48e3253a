using Vigil.Core.Channels;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Storage.StoreTestData;

namespace Vigil.Server.Tests.Storage;

/// <summary>Channel rows through the batching writer, read back by a store opened afresh.</summary>
public sealed class ChannelStorageTests : IDisposable
{
    private readonly StoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Channels_are_created_updated_deleted_and_loaded_oldest_first()
    {
        var hook = new ChannelDefinition(Guid.NewGuid(), "hook", "webhook", """{"url":"https://h.example.com/T0K3N","secret":"0123456789abcdef"}""", T0, T0);
        var mail = new ChannelDefinition(Guid.NewGuid(), "mail", "smtp", """{"host":"smtp.example.com"}""", T0.AddSeconds(1), T0.AddSeconds(1));
        var chat = new ChannelDefinition(Guid.NewGuid(), "chat", "slack", """{"url":"https://hooks.slack.com/x"}""", T0.AddSeconds(2), T0.AddSeconds(2));
        using (var store = _data.Open())
        {
            var writer = Start(store);
            await writer.Submit(new CreateChannel(hook));
            await writer.Submit(new CreateChannel(mail));
            await writer.Submit(new CreateChannel(chat));
            hook = hook with { Name = "Hook 2", SettingsJson = """{"url":"https://h.example.com/NEW"}""", UpdatedAt = T0.AddMinutes(5) };
            await writer.Submit(new UpdateChannel(hook with { CreatedAt = T0.AddDays(1) })); // the creation time is never rewritten
            await writer.Submit(new DeleteChannel(mail.Id));
            await writer.DrainAsync();
        }

        using var reopened = _data.Open();

        Assert.Equal([hook, chat], reopened.LoadChannels());
    }
}
