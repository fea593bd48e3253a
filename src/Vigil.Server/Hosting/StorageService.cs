using Vigil.Storage;
using Vigil.Storage.Writing;

namespace Vigil.Server.Hosting;

/// <summary>
/// Owns the writer's lifetime. Registered first, so it stops last: Kestrel has finished its in-flight requests
/// (SIGTERM drain) before the writer commits what is queued and the store closes.
/// </summary>
public sealed class StorageService(BatchWriter writer, IVigilStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await writer.DrainAsync();
        store.Dispose();
    }
}
